import { beforeAll, describe, expect, it } from 'vitest';
import { center } from '../../../services/center/index.js';
import { Referral } from '../../../services/center/entities/referral.entity.js';
import type { Caller } from '../../../services/shared/caller.js';
import { anonymous, asDemoUser, asRole } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { consentInput, intake, openCase, recordConsent, writesNothing } from './fixtures.js';

// The needs assessed at intake as a service plan: who gives each service and where it stands, and the case manager's
// confirmation of the referrals it proposes, all at once, only where the survivor consented.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
});

const caseManager = asDemoUser('case-manager');
const PLAN = `query P($id: ID!) { case(id: $id) { servicePlan { need agency step } } }`;
const CONFIRM = `mutation C($input: ConfirmReferralsInput!) {
  confirmReferrals(input: $input) { id servicePlan { need agency step } referrals { agency status } } }`;

/** A GASABO-1 case needing medical care, the police, psychosocial care and follow-up, with consent for `consented`. */
async function assessed(consented: string[]): Promise<string> {
  const caseId = (await openCase(h, intake('GASABO-1', { needs: ['MEDICAL', 'POLICE', 'PSYCHOSOCIAL', 'FOLLOW_UP'] })))
    .id;
  for (const scope of consented) await recordConsent(h, caseManager, consentInput(caseId, scope));
  return caseId;
}

async function refused(p: Caller | null, input: Record<string, unknown>) {
  return writesNothing(h, () => h.run(p, CONFIRM, { input }));
}

describe('servicePlan and confirmReferrals', () => {
  it('the plan proposes; the case manager confirms the consented agencies, and the plan shows them referred', async () => {
    const caseId = await assessed(['HEALTH', 'POLICE']);
    expect(await h.run(caseManager, PLAN, { id: caseId })).toEqual({
      data: {
        case: {
          servicePlan: [
            { need: 'MEDICAL', agency: 'HEALTH', step: 'TO_CONFIRM' },
            { need: 'POLICE', agency: 'POLICE', step: 'TO_CONFIRM' },
            { need: 'PSYCHOSOCIAL', agency: null, step: 'AT_THE_CENTER' },
            { need: 'FOLLOW_UP', agency: 'GENDER_MINISTRY', step: 'NEEDS_CONSENT' },
          ],
        },
      },
    });
    expect(await h.run(caseManager, CONFIRM, { input: { caseId, agencies: ['HEALTH', 'POLICE'] } })).toEqual({
      data: {
        confirmReferrals: {
          id: caseId,
          servicePlan: [
            { need: 'MEDICAL', agency: 'HEALTH', step: 'REFERRED' },
            { need: 'POLICE', agency: 'POLICE', step: 'REFERRED' },
            { need: 'PSYCHOSOCIAL', agency: null, step: 'AT_THE_CENTER' },
            { need: 'FOLLOW_UP', agency: 'GENDER_MINISTRY', step: 'NEEDS_CONSENT' },
          ],
          referrals: [
            { agency: 'HEALTH', status: 'REQUESTED' },
            { agency: 'POLICE', status: 'REQUESTED' },
          ],
        },
      },
    });
  });

  it('an agency without consent refuses the whole confirmation: nothing is referred, not even the consented one', async () => {
    const caseId = await assessed(['HEALTH']);
    expect(await refused(caseManager, { caseId, agencies: ['HEALTH', 'GENDER_MINISTRY'] })).toEqual({
      data: null,
      errors: [forbidden('CONSENT_REQUIRED', ['confirmReferrals'])],
    });
  });

  it('bad input: an agency the needs do not propose, an agency twice, none, a case id that is no UUID', async () => {
    const caseId = (await openCase(h, intake('GASABO-1', { needs: ['MEDICAL'] }))).id;
    await recordConsent(h, caseManager, consentInput(caseId, 'POLICE'));
    const problem = (field: string, p: string) => ({
      data: null,
      errors: [badInput({ field, problem: p }, ['confirmReferrals'])],
    });
    expect(await refused(caseManager, { caseId, agencies: ['POLICE'] })).toEqual(
      problem('input.agencies', "not proposed by the case's needs: POLICE"),
    );
    expect(await refused(caseManager, { caseId, agencies: ['HEALTH', 'HEALTH'] })).toEqual(
      problem('input.agencies', 'name each agency once'),
    );
    expect(await refused(caseManager, { caseId, agencies: [] })).toEqual(
      problem('input.agencies', 'agencies must contain at least 1 elements'),
    );
    expect(await refused(caseManager, { caseId: 'case-1', agencies: ['HEALTH'] })).toEqual(
      problem('input.caseId', 'caseId must be a UUID'),
    );
  });

  it('who may not: a clinician (MISSING_SCOPE), reception of another center (OUT_OF_SCOPE), anonymous', async () => {
    const caseId = await assessed(['HEALTH']);
    const input = { caseId, agencies: ['HEALTH'] };
    expect(await refused(asDemoUser('clinician'), input)).toEqual({
      data: null,
      errors: [forbidden('MISSING_SCOPE', ['confirmReferrals'])],
    });
    expect(await refused(asRole('reception-officer', { centers: ['HUYE-1'] }), input)).toEqual({
      data: null,
      errors: [forbidden('OUT_OF_SCOPE', ['confirmReferrals'])],
    });
    expect(await refused(anonymous, input)).toEqual({ data: null, errors: [unauthenticated(['confirmReferrals'])] });
    expect(await h.run(asDemoUser('clinician'), PLAN, { id: caseId })).toEqual({
      data: { case: null },
      errors: [forbidden('NOT_REFERRED', ['case'])],
    });
  });

  it('two case managers confirming at the same moment make one referral per agency', async () => {
    const caseId = await assessed(['HEALTH', 'POLICE', 'GENDER_MINISTRY']);
    const other = asRole('case-manager', { centers: ['GASABO-1'] });
    const answers = await Promise.all([
      h.run(caseManager, CONFIRM, { input: { caseId, agencies: ['HEALTH', 'POLICE'] } }),
      h.run(other, CONFIRM, { input: { caseId, agencies: ['POLICE', 'GENDER_MINISTRY'] } }),
    ]);
    expect(answers.map((a) => a.errors)).toEqual([undefined, undefined]);
    const rows = await h.orm.em.fork().find(Referral, { case: caseId }, { orderBy: { agency: 'asc' } });
    expect(rows.map((r) => r.agency)).toEqual(['GENDER_MINISTRY', 'HEALTH', 'POLICE']);
  });
});
