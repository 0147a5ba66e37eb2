import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { FollowUpPlan } from '../../../services/gender-ministry/entities/follow-up-plan.entity.js';
import { genderMinistry } from '../../../services/gender-ministry/index.js';
import { RiskLevel } from '../../../services/gender-ministry/types/follow-up-enums.js';
import { anonymous, principalFromClaims } from '../../../services/shared/principal.js';
import { testDatabase } from '../../helpers/database.js';
import { asDemoUser } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await subgraphHarness(genderMinistry, await testDatabase());
});

const CREATE_PLAN = `
  mutation Create($input: CreateFollowUpPlanInput!) {
    createFollowUpPlan(input: $input) { id riskLevel plan recordedBy visits { id } }
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

describe('createFollowUpPlan: who may create', () => {
  it('a social worker starts follow-up for a case; the plan has no visits yet', async () => {
    const input = plan();
    const res = await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input });
    expect(res).toEqual({
      data: { createFollowUpPlan: { id: expect.any(String), riskLevel: 'HIGH', plan: input.plan, recordedBy: 'demo:social-worker', visits: [] } },
    });
    const row = await h.orm.em.fork().findOneOrFail(FollowUpPlan, { id: (res.data?.createFollowUpPlan as { id: string }).id });
    expect(row.caseId).toBe(input.caseId);
  });

  // Only the social worker holds followup:write. The local official and the ministry's system read follow-up; the case
  // manager reads it too; none of them writes it.
  it.each([
    'local-official', 'ministry-system', 'case-manager', 'reception', 'psychologist', 'clinician', 'huye-clinician',
    'investigator', 'analyst', 'auditor', 'admin',
  ])('%s may not create a follow-up plan (FORBIDDEN, MISSING_SCOPE) and nothing is written', async (login) => {
    const input = plan();
    expect(await h.run(asDemoUser(login), CREATE_PLAN, { input })).toEqual(FORBIDDEN);
    expect(await countFor(input.caseId)).toBe(0);
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
    const existing = em.create(FollowUpPlan, { caseId: randomUUID(), riskLevel: RiskLevel.LOW, plan: 'Monthly call.', recordedBy: 'demo:social-worker' });
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
  });

  it('of two simultaneous plans for the same case, one is created and the other gets CONFLICT', async () => {
    const input = plan();
    const results = await Promise.all([
      h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: { ...input, plan: 'Plan A.' } }),
      h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: { ...input, plan: 'Plan B.' } }),
    ]);
    expect(results.filter((r) => r.errors !== undefined)).toEqual([error('this case already has a follow-up plan', { code: 'CONFLICT' })]);
    expect(await countFor(input.caseId)).toBe(1);
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

  it('refuses an empty plan and one over 20 000 characters, naming input.plan', async () => {
    const input = plan();
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: { ...input, plan: '' } }))
      .toEqual(badInput({ field: 'input.plan', problem: 'plan must be longer than or equal to 1 characters' }));
    expect(await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: { ...input, plan: 'p'.repeat(20_001) } }))
      .toEqual(badInput({ field: 'input.plan', problem: 'plan must be shorter than or equal to 20000 characters' }));
    expect(await countFor(input.caseId)).toBe(0);

    expect((await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: { ...input, plan: 'p'.repeat(20_000) } })).errors).toBeUndefined();
    expect(await countFor(input.caseId)).toBe(1);
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
