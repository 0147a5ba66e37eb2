import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { FollowUpPlan } from '../../../services/gender-ministry/entities/follow-up-plan.entity.js';
import { genderMinistry } from '../../../services/gender-ministry/index.js';
import { RiskLevel } from '../../../services/gender-ministry/types/follow-up-enums.js';
import { anonymous, principalFromClaims } from '../../../services/shared/principal.js';
import { testDatabase } from '../../helpers/database.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, entry, SOCIAL_WORKER } from './fixtures.js';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await subgraphHarness(genderMinistry, await testDatabase());
});

const CREATE_PLAN = `
  mutation Create($input: CreateFollowUpPlanInput!) {
    createFollowUpPlan(input: $input) { id district riskLevel plan recordedBy visits { id } }
  }`;
const AT_FIELD = [{ line: 3, column: 5 }];

const plan = (over: Record<string, unknown> = {}) => ({
  caseId: randomUUID(), riskLevel: 'HIGH', plan: 'Weekly home visit for a month; school fees through the sector.', ...over,
});

const countAll = () => h.orm.em.fork().count(FollowUpPlan, {});
const countFor = (caseId: string) => h.orm.em.fork().count(FollowUpPlan, { caseId });

function error(message: string, extensions: Record<string, unknown>) {
  return { data: null, errors: [{ message, locations: AT_FIELD, path: ['createFollowUpPlan'], extensions }] };
}
function badInput(...fields: { field: string; problem: string }[]) {
  return error(fields.map((f) => `${f.field}: ${f.problem}`).join('; '), { code: 'BAD_USER_INPUT', fields });
}
const FORBIDDEN = error('Forbidden', { code: 'FORBIDDEN', reason: 'MISSING_SCOPE' });

const writeEntry = (caseId: string, who = SOCIAL_WORKER) =>
  entry({ ...who, caseId, action: 'WRITE', fields: ['createFollowUpPlan'], basis: 'OWN_RECORD' });

describe('createFollowUpPlan: who may create', () => {
  it('a social worker starts follow-up for a case in their district; the plan has no visits yet; the write is logged', async () => {
    const input = plan();
    const res = await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input });
    expect(res).toEqual({
      data: {
        createFollowUpPlan: { id: expect.any(String), district: 'Gasabo', riskLevel: 'HIGH', plan: input.plan, recordedBy: 'demo:social-worker', visits: [] },
      },
    });
    const row = await h.orm.em.fork().findOneOrFail(FollowUpPlan, { id: (res.data?.createFollowUpPlan as { id: string }).id });
    expect({ caseId: row.caseId, district: row.district }).toEqual({ caseId: input.caseId, district: 'Gasabo' });
    expect(await accessLogOf(h, input.caseId)).toEqual([writeEntry(input.caseId)]);
  });

  it('the plan takes the writer\'s district: a social worker of Huye makes a Huye plan', async () => {
    const input = plan();
    const res = await h.run(asRole('social-worker', { district: 'Huye' }), CREATE_PLAN, { input });
    expect(res).toEqual({
      data: {
        createFollowUpPlan: { id: expect.any(String), district: 'Huye', riskLevel: 'HIGH', plan: input.plan, recordedBy: 'demo:test-social-worker', visits: [] },
      },
    });
    expect(await accessLogOf(h, input.caseId)).toEqual([
      writeEntry(input.caseId, { subject: 'demo:test-social-worker', agency: 'gender-ministry', roles: ['social-worker'] }),
    ]);
  });

  it('the district is the writer\'s, not the caller\'s to choose: the input has no district', async () => {
    const input = { ...plan(), district: 'Huye' };
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input })).toEqual({
      errors: [{
        message: `Variable "$input" got invalid value { caseId: "${input.caseId}", riskLevel: "HIGH", plan: "${input.plan}", `
          + 'district: "Huye" }; Field "district" is not defined by type "CreateFollowUpPlanInput".',
        locations: [{ line: 2, column: 19 }],
        extensions: { code: 'BAD_USER_INPUT' },
      }],
    });
    expect(await countFor(input.caseId)).toBe(0);
  });

  // Only the social worker holds followup:write. The local official and the ministry's system read follow-up; the case
  // manager reads it too; none of them writes it.
  it.each([
    'local-official', 'ministry-system', 'case-manager', 'reception', 'psychologist', 'clinician', 'huye-clinician',
    'investigator', 'analyst', 'auditor', 'admin',
  ])('%s may not create a follow-up plan (FORBIDDEN, MISSING_SCOPE); nothing is written or logged', async (login) => {
    const input = plan();
    expect(await h.run(asDemoUser(login), CREATE_PLAN, { input })).toEqual(FORBIDDEN);
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  it('an anonymous caller is refused (UNAUTHENTICATED) and nothing is written', async () => {
    const input = plan();
    expect(await h.run(anonymous, CREATE_PLAN, { input })).toEqual(error('Authentication required', { code: 'UNAUTHENTICATED' }));
    expect(await countFor(input.caseId)).toBe(0);
  });

  it('a token claiming followup:write for a local official is still refused', async () => {
    const overGranted = principalFromClaims({
      sub: 'idp:over-granted', agency: 'gender-ministry', roles: ['local-official'], scope: 'case:read followup:read followup:write', district: 'Gasabo',
    });
    const input = plan();
    expect(await h.run(overGranted, CREATE_PLAN, { input })).toEqual(FORBIDDEN);
    expect(await countFor(input.caseId)).toBe(0);
  });

  it('a caller without the scope does not learn that the case already has a plan', async () => {
    const em = h.orm.em.fork();
    const existing = em.create(FollowUpPlan, {
      caseId: randomUUID(), district: 'Gasabo', riskLevel: RiskLevel.LOW, plan: 'Monthly call.', recordedBy: 'demo:social-worker',
    });
    await em.flush();
    expect(await h.run(asDemoUser('local-official'), CREATE_PLAN, { input: plan({ caseId: existing.caseId }) })).toEqual(FORBIDDEN);
  });
});

describe('createFollowUpPlan: input and conflicts', () => {
  it('refuses a second plan for the same case (CONFLICT); the first stays as it was', async () => {
    const input = plan({ riskLevel: 'MEDIUM', plan: 'First plan.' });
    const first = await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input });
    expect(first.errors).toBeUndefined();

    const second = await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: { ...input, riskLevel: 'LOW', plan: 'Second plan.' } });
    expect(second).toEqual(error('this case already has a follow-up plan', { code: 'CONFLICT' }));
    const rows = await h.orm.em.fork().find(FollowUpPlan, { caseId: input.caseId });
    expect(rows.map((r) => ({ riskLevel: r.riskLevel, plan: r.plan }))).toEqual([{ riskLevel: 'MEDIUM', plan: 'First plan.' }]);
    // Only the first write is logged: the refused one's entry went down with its transaction.
    expect(await accessLogOf(h, input.caseId)).toEqual([writeEntry(input.caseId)]);
  });

  it('of two simultaneous plans for the same case, one is created and the other gets CONFLICT', async () => {
    const input = plan();
    const results = await Promise.all([
      h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: { ...input, plan: 'Plan A.' } }),
      h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: { ...input, plan: 'Plan B.' } }),
    ]);
    expect(results.filter((r) => r.errors !== undefined)).toEqual([error('this case already has a follow-up plan', { code: 'CONFLICT' })]);
    expect(await countFor(input.caseId)).toBe(1);
    expect(await accessLogOf(h, input.caseId)).toEqual([writeEntry(input.caseId)]);
  });

  it('the author of a plan is the caller: recordedBy cannot be supplied', async () => {
    const input = { ...plan(), recordedBy: 'demo:someone-else' };
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input })).toEqual({
      errors: [{
        message: `Variable "$input" got invalid value { caseId: "${input.caseId}", riskLevel: "HIGH", plan: "${input.plan}", `
          + 'recordedBy: "demo:someone-else" }; Field "recordedBy" is not defined by type "CreateFollowUpPlanInput".',
        locations: [{ line: 2, column: 19 }],
        extensions: { code: 'BAD_USER_INPUT' },
      }],
    });
    expect(await countFor(input.caseId)).toBe(0);
  });

  it('refuses a case id that is not a UUID, naming input.caseId, and writes nothing', async () => {
    const before = await countAll();
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: plan({ caseId: 'GASABO-1-2025-0001' }) }))
      .toEqual(badInput({ field: 'input.caseId', problem: 'caseId must be a UUID' }));
    expect(await countAll()).toBe(before);
  });

  it('refuses an empty plan as blank and one over 20 000 characters, naming input.plan once each', async () => {
    const input = plan();
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: { ...input, plan: '' } }))
      .toEqual(badInput({ field: 'input.plan', problem: 'must not be blank' }));
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: { ...input, plan: 'p'.repeat(20_001) } }))
      .toEqual(badInput({ field: 'input.plan', problem: 'plan must be shorter than or equal to 20000 characters' }));
    expect(await countFor(input.caseId)).toBe(0);

    expect((await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: { ...input, plan: 'p'.repeat(20_000) } })).errors).toBeUndefined();
    expect(await countFor(input.caseId)).toBe(1);
  });

  it('refuses a plan that is only blanks, naming input.plan; nothing is written or logged', async () => {
    const input = plan({ plan: '  \n\t ' });
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input })).toEqual(badInput({ field: 'input.plan', problem: 'must not be blank' }));
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  // Inputs are trimmed before validation: the length rule judges what is stored.
  it('stores a plan without its surrounding blanks, its length counted without them', async () => {
    const input = plan({ plan: '\n  Weekly home visit for a month.  \t' });
    const res = await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input });
    expect(res).toEqual({
      data: {
        createFollowUpPlan: {
          id: expect.any(String), district: 'Gasabo', riskLevel: 'HIGH', plan: 'Weekly home visit for a month.', recordedBy: 'demo:social-worker', visits: [],
        },
      },
    });
    expect((await h.orm.em.fork().findOneOrFail(FollowUpPlan, { caseId: input.caseId })).plan).toBe('Weekly home visit for a month.');

    const padded = plan({ plan: `  ${'p'.repeat(20_000)}  ` });
    const longest = await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: padded });
    expect(longest.errors).toBeUndefined();
    expect((await h.orm.em.fork().findOneOrFail(FollowUpPlan, { caseId: padded.caseId })).plan).toBe('p'.repeat(20_000));
  });

  it('refuses a risk level outside the vocabulary before any resolver runs', async () => {
    const input = plan({ riskLevel: 'CRITICAL' });
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input })).toEqual({
      errors: [{
        message: 'Variable "$input" got invalid value "CRITICAL" at "input.riskLevel"; Value "CRITICAL" does not exist in "RiskLevel" enum.',
        locations: [{ line: 2, column: 19 }],
        extensions: { code: 'BAD_USER_INPUT' },
      }],
    });
    expect(await countFor(input.caseId)).toBe(0);
  });
});
