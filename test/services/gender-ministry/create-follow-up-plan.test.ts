import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { FollowUpPlan } from '../../../services/gender-ministry/entities/follow-up-plan.entity.js';
import { Visit } from '../../../services/gender-ministry/entities/visit.entity.js';
import { genderMinistry } from '../../../services/gender-ministry/index.js';
import { RiskLevel } from '../../../services/gender-ministry/types/follow-up-enums.js';
import { callerFromClaims } from '../../../services/shared/caller.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import {
  badInput,
  conflict,
  errorsWithoutLocations,
  type ExpectedError,
  forbidden,
  invalidVariable,
  type Problem,
  unauthenticated,
} from '../../helpers/errors.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, entry, referredCase, refs, SOCIAL_WORKER } from './fixtures.js';

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(genderMinistry, await testDatabase()));
});

// A write answers the id of the plan and its case (RecordWritten); what was stored is read from the database here,
// and through the read rules (Case.followUp with the center's sharing facts) where a test says so.
const CREATE_PLAN = `
  mutation Create($input: CreateFollowUpPlanInput!) {
    createFollowUpPlan(input: $input) { id caseId }
  }`;

/** The input of a plan for `caseId`: a case the gender ministry knows (`referredCase`) unless a test says otherwise. */
const plan = (caseId: string, over: Record<string, unknown> = {}) => ({
  caseId,
  factors: ['LIVES_WITH_ABUSER'],
  plan: 'Weekly home visit for a month; school fees through the sector.',
  ...over,
});

/** What createFollowUpPlan answers for a plan written on `caseId`. */
const written = (caseId: string) => ({ data: { createFollowUpPlan: { id: expect.any(String), caseId: caseId } } });
const idOf = (res: { data?: Record<string, unknown> | null }) => (res.data?.createFollowUpPlan as { id: string }).id;

/** A plan as stored. */
async function storedPlan(id: string) {
  const p = await h.orm.em.fork().findOneOrFail(FollowUpPlan, { id });
  return { caseId: p.caseId, district: p.district, riskLevel: p.riskLevel, plan: p.plan, recordedBy: p.recordedBy };
}

const countAll = () => h.orm.em.fork().count(FollowUpPlan, {});
const countFor = (caseId: string) => h.orm.em.fork().count(FollowUpPlan, { caseId });

/** A refused createFollowUpPlan: no data, and the one error. */
const refused = (e: ExpectedError) => ({ data: null, errors: [e] });
const refusedInput = (...problems: Problem[]) => refused(badInput(problems, ['createFollowUpPlan']));
const FORBIDDEN = refused(forbidden('MISSING_SCOPE', ['createFollowUpPlan']));
/** A case the gender ministry does not know, and a known one out of the writer's district: the same refusal. */
const NOT_REFERRED = refused(forbidden('NOT_REFERRED', ['createFollowUpPlan']));
const ALREADY_PLANNED = refused(conflict('this case already has a follow-up plan', ['createFollowUpPlan']));

const huyeSocialWorker = asRole('social-worker', { district: 'Huye' });
const HUYE_SOCIAL_WORKER = { subject: 'demo:test-social-worker', agency: 'gender-ministry', roles: ['social-worker'] };

const writeEntry = (caseId: string, who = SOCIAL_WORKER) =>
  entry({ ...who, caseId, action: 'WRITE', fields: ['createFollowUpPlan'], basis: 'OWN_RECORD' });

describe('createFollowUpPlan: who may create', () => {
  it('a social worker starts follow-up for a case in their district; the plan has no visits yet; the write is logged', async () => {
    const caseId = await referredCase(h);
    const input = plan(caseId);
    const res = await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input });
    expect(res).toEqual(written(caseId));
    const id = idOf(res);
    expect(await storedPlan(id)).toEqual({
      caseId,
      district: 'Gasabo',
      riskLevel: 'HIGH',
      plan: input.plan,
      recordedBy: 'demo:social-worker',
    });
    expect(await h.orm.em.fork().count(Visit, { plan: id })).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  it("what was written reads back through Case.followUp under the read rules (the answer's id is the plan's)", async () => {
    const caseId = await referredCase(h);
    const input = plan(caseId);
    const res = await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input });
    expect(res).toEqual(written(caseId));
    const read = await h.run(
      asDemoUser('social-worker'),
      `
      query FollowUp($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id followUp { id district riskLevel plan recordedBy visits { id } } } } }`,
      refs(caseId),
    );
    expect(read).toEqual({
      data: {
        _entities: [
          {
            id: caseId,
            followUp: {
              id: idOf(res),
              district: 'Gasabo',
              riskLevel: 'HIGH',
              plan: input.plan,
              recordedBy: 'demo:social-worker',
              visits: [],
            },
          },
        ],
      },
    });
  });

  it("the plan takes the case's district: a social worker of Huye makes a Huye plan on a Huye case", async () => {
    const caseId = await referredCase(h, 'HUYE-1');
    const input = plan(caseId);
    const res = await h.run(huyeSocialWorker, CREATE_PLAN, { input });
    expect(res).toEqual(written(caseId));
    expect(await storedPlan(idOf(res))).toEqual({
      caseId,
      district: 'Huye',
      riskLevel: 'HIGH',
      plan: input.plan,
      recordedBy: 'demo:test-social-worker',
    });
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId, HUYE_SOCIAL_WORKER)]);
  });

  it("a case at the district's other center (GASABO-2) is within a Gasabo social worker's reach; the plan is Gasabo's", async () => {
    const caseId = await referredCase(h, 'GASABO-2');
    const res = await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: plan(caseId) });
    expect(res).toEqual(written(caseId));
    expect((await storedPlan(idOf(res))).district).toBe('Gasabo');
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  it('a case id in capitals names the same case: the answer, the plan and the log carry it in lower case', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: plan(caseId.toUpperCase()) });
    expect(res).toEqual(written(caseId));
    expect((await storedPlan(idOf(res))).caseId).toBe(caseId);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  // No agency can block another's record: a plan is written only on a case the center placed in the writer's
  // district, so a social worker elsewhere cannot take the case (and its one plan) first.
  it(
    'a Gasabo social worker may not create a plan on a Huye case (FORBIDDEN, NOT_REFERRED); nothing is written or logged; ' +
      'the Huye social worker then creates it',
    async () => {
      const caseId = await referredCase(h, 'HUYE-1');
      expect(
        await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: plan(caseId, { plan: 'Squatted plan.' }) }),
      ).toEqual(NOT_REFERRED);
      expect(await countFor(caseId)).toBe(0);
      expect(await accessLogOf(h, caseId)).toEqual([]);

      const res = await h.run(huyeSocialWorker, CREATE_PLAN, {
        input: plan(caseId, { factors: ['NO_INCOME'], plan: 'The real plan.' }),
      });
      expect(res).toEqual(written(caseId));
      expect(await storedPlan(idOf(res))).toEqual({
        caseId,
        district: 'Huye',
        riskLevel: 'MEDIUM',
        plan: 'The real plan.',
        recordedBy: 'demo:test-social-worker',
      });
      expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId, HUYE_SOCIAL_WORKER)]);
    },
  );

  it('a case the center has not told the gender ministry of is refused the same way (FORBIDDEN, NOT_REFERRED); nothing is written or logged', async () => {
    const caseId = randomUUID();
    const before = await countAll();
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: plan(caseId) })).toEqual(NOT_REFERRED);
    expect(await countFor(caseId)).toBe(0);
    expect(await countAll()).toBe(before);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('an unknown case id in capitals is refused the same way too', async () => {
    const caseId = randomUUID();
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: plan(caseId.toUpperCase()) })).toEqual(
      NOT_REFERRED,
    );
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a social worker out of the district does not learn that the case already has a plan: NOT_REFERRED, not CONFLICT', async () => {
    const caseId = await referredCase(h);
    const first = await h.run(asDemoUser('social-worker'), CREATE_PLAN, {
      input: plan(caseId, { plan: 'First plan.' }),
    });
    expect(first).toEqual(written(caseId));
    expect(await h.run(huyeSocialWorker, CREATE_PLAN, { input: plan(caseId, { plan: 'Other plan.' }) })).toEqual(
      NOT_REFERRED,
    );
    expect((await storedPlan(idOf(first))).plan).toBe('First plan.');
    expect(await countFor(caseId)).toBe(1);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  it("the district is the case's, not the caller's to choose: the input has no district", async () => {
    const input = { ...plan(await referredCase(h)), district: 'Huye' };
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input })).toEqual({
      errors: [
        invalidVariable(
          `Variable "$input" got invalid value { caseId: "${input.caseId}", factors: ["LIVES_WITH_ABUSER"], plan: "${input.plan}", ` +
            'district: "Huye" }; Field "district" is not defined by type "CreateFollowUpPlanInput".',
        ),
      ],
    });
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  // Only the social worker holds followup:write. The local official and the ministry's system read follow-up; the case
  // manager reads it too; none of them writes it.
  it.each([
    'local-official',
    'ministry-system',
    'case-manager',
    'reception',
    'psychologist',
    'clinician',
    'huye-clinician',
    'investigator',
    'analyst',
    'auditor',
    'admin',
  ])('%s may not create a follow-up plan (FORBIDDEN, MISSING_SCOPE); nothing is written or logged', async (login) => {
    const input = plan(await referredCase(h));
    expect(await h.run(asDemoUser(login), CREATE_PLAN, { input })).toEqual(FORBIDDEN);
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  it('an anonymous caller is refused (UNAUTHENTICATED); nothing is written or logged', async () => {
    const input = plan(await referredCase(h));
    expect(await h.run(anonymous, CREATE_PLAN, { input })).toEqual(refused(unauthenticated(['createFollowUpPlan'])));
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  it('a token claiming followup:write for a local official is still refused', async () => {
    const overGranted = callerFromClaims({
      sub: 'idp:over-granted',
      agency: 'gender-ministry',
      roles: ['local-official'],
      scope: 'case:read followup:read followup:write',
      district: 'Gasabo',
    });
    const input = plan(await referredCase(h));
    expect(await h.run(overGranted, CREATE_PLAN, { input })).toEqual(FORBIDDEN);
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  it('a caller without the scope does not learn that the case already has a plan', async () => {
    const em = h.orm.em.fork();
    const existing = em.create(FollowUpPlan, {
      caseId: await referredCase(h),
      district: 'Gasabo',
      riskLevel: RiskLevel.LOW,
      plan: 'Monthly call.',
      recordedBy: 'demo:social-worker',
    });
    await em.flush();
    expect(await h.run(asDemoUser('local-official'), CREATE_PLAN, { input: plan(existing.caseId) })).toEqual(FORBIDDEN);
  });

  it('a caller without the scope does not learn whether the case is known either: MISSING_SCOPE, not NOT_REFERRED', async () => {
    const caseId = randomUUID();
    expect(await h.run(asDemoUser('local-official'), CREATE_PLAN, { input: plan(caseId) })).toEqual(FORBIDDEN);
    expect(await countFor(caseId)).toBe(0);
  });
});

describe('createFollowUpPlan: input and conflicts', () => {
  it('refuses a second plan for the same case (CONFLICT); the first stays as it was', async () => {
    const input = plan(await referredCase(h), { factors: ['NO_INCOME'], plan: 'First plan.' });
    const first = await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input });
    expect(first).toEqual(written(input.caseId));

    const second = await h.run(asDemoUser('social-worker'), CREATE_PLAN, {
      input: { ...input, factors: ['NO_SAFE_HOME'], plan: 'Second plan.' },
    });
    expect(second).toEqual(ALREADY_PLANNED);
    const rows = await h.orm.em.fork().find(FollowUpPlan, { caseId: input.caseId });
    expect(rows.map((r) => ({ id: r.id, riskLevel: r.riskLevel, plan: r.plan }))).toEqual([
      { id: idOf(first), riskLevel: 'MEDIUM', plan: 'First plan.' },
    ]);
    // Only the first write is logged: the refused one's entry went down with its transaction.
    expect(await accessLogOf(h, input.caseId)).toEqual([writeEntry(input.caseId)]);
  });

  it('of two simultaneous plans for the same case, one is created and the other gets CONFLICT', async () => {
    const input = plan(await referredCase(h));
    const results = await Promise.all([
      h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: { ...input, plan: 'Plan A.' } }),
      h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: { ...input, plan: 'Plan B.' } }),
    ]);
    expect(results.filter((r) => r.errors !== undefined)).toEqual([ALREADY_PLANNED]);
    const won = results.filter((r) => r.errors === undefined);
    expect(won).toEqual([written(input.caseId)]);
    expect(['Plan A.', 'Plan B.']).toContain((await storedPlan(idOf(won[0]!))).plan);
    expect(await countFor(input.caseId)).toBe(1);
    expect(await accessLogOf(h, input.caseId)).toEqual([writeEntry(input.caseId)]);
  });

  it('the author of a plan is the caller: recordedBy cannot be supplied', async () => {
    const input = { ...plan(await referredCase(h)), recordedBy: 'demo:someone-else' };
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input })).toEqual({
      errors: [
        invalidVariable(
          `Variable "$input" got invalid value { caseId: "${input.caseId}", factors: ["LIVES_WITH_ABUSER"], plan: "${input.plan}", ` +
            'recordedBy: "demo:someone-else" }; Field "recordedBy" is not defined by type "CreateFollowUpPlanInput".',
        ),
      ],
    });
    expect(await countFor(input.caseId)).toBe(0);
  });

  it('refuses a case id that is not a UUID, naming input.caseId, and writes nothing', async () => {
    const before = await countAll();
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: plan('GASABO-1-2025-0001') })).toEqual(
      refusedInput({ field: 'input.caseId', problem: 'caseId must be a UUID' }),
    );
    expect(await countAll()).toBe(before);
  });

  it('refuses an empty plan as blank and one over 20 000 characters, naming input.plan once each', async () => {
    const input = plan(await referredCase(h));
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: { ...input, plan: '' } })).toEqual(
      refusedInput({ field: 'input.plan', problem: 'must not be blank' }),
    );
    expect(
      await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: { ...input, plan: 'p'.repeat(20_001) } }),
    ).toEqual(refusedInput({ field: 'input.plan', problem: 'plan must be shorter than or equal to 20000 characters' }));
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);

    const longest = await h.run(asDemoUser('social-worker'), CREATE_PLAN, {
      input: { ...input, plan: 'p'.repeat(20_000) },
    });
    expect(longest).toEqual(written(input.caseId));
    expect((await storedPlan(idOf(longest))).plan).toBe('p'.repeat(20_000));
    expect(await accessLogOf(h, input.caseId)).toEqual([writeEntry(input.caseId)]);
  });

  it('refuses a plan that is only blanks, naming input.plan; nothing is written or logged', async () => {
    const input = plan(await referredCase(h), { plan: '  \n\t ' });
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input })).toEqual(
      refusedInput({ field: 'input.plan', problem: 'must not be blank' }),
    );
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  // Inputs are trimmed before validation: the length rule judges what is stored.
  it('stores a plan without its surrounding blanks, its length counted without them', async () => {
    const input = plan(await referredCase(h), { plan: '\n  Weekly home visit for a month.  \t' });
    const res = await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input });
    expect(res).toEqual(written(input.caseId));
    expect(await storedPlan(idOf(res))).toEqual({
      caseId: input.caseId,
      district: 'Gasabo',
      riskLevel: 'HIGH',
      plan: 'Weekly home visit for a month.',
      recordedBy: 'demo:social-worker',
    });

    const padded = plan(await referredCase(h), { plan: `  ${'p'.repeat(20_000)}  ` });
    const longest = await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: padded });
    expect(longest).toEqual(written(padded.caseId));
    expect((await storedPlan(idOf(longest))).plan).toBe('p'.repeat(20_000));
  });

  it('refuses a factor outside the vocabulary before any resolver runs', async () => {
    const input = plan(await referredCase(h), { factors: ['CURSED'] });
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input })).toEqual({
      errors: [
        invalidVariable(
          'Variable "$input" got invalid value "CURSED" at "input.factors[0]"; Value "CURSED" does not exist in "VulnerabilityFactor" enum.',
        ),
      ],
    });
    expect(await countFor(input.caseId)).toBe(0);
  });

  it('the assessment decides: no factor calls for no follow-up, and no plan is made', async () => {
    const input = plan(await referredCase(h), { factors: [] });
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input })).toEqual(
      refusedInput({
        field: 'input.factors',
        problem: 'the assessment found nothing that calls for continuous follow-up',
      }),
    );
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  it.each([
    [['NO_INCOME'], 'MEDIUM'],
    [['NO_INCOME', 'OUT_OF_SCHOOL'], 'MEDIUM'],
    [['NO_INCOME', 'OUT_OF_SCHOOL', 'PREGNANCY'], 'HIGH'],
    [['LIVES_WITH_ABUSER'], 'HIGH'],
    [['NO_SAFE_HOME'], 'HIGH'],
    [['REPEATED_VIOLENCE'], 'HIGH'],
    [['CHILD', 'CHILD'], 'MEDIUM'],
  ])('factors %j give risk %s, stored with the factors (each once)', async (factors, risk) => {
    const input = plan(await referredCase(h), { factors });
    const res = await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input });
    expect(res).toEqual(written(input.caseId));
    const p = await h.orm.em.fork().findOneOrFail(FollowUpPlan, { id: idOf(res) });
    expect({ riskLevel: p.riskLevel, factors: p.factors }).toEqual({ riskLevel: risk, factors: [...new Set(factors)] });
  });
});
