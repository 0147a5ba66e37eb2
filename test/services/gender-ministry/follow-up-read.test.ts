import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { FollowUpPlan } from '../../../services/gender-ministry/entities/follow-up-plan.entity.js';
import { Visit } from '../../../services/gender-ministry/entities/visit.entity.js';
import { genderMinistry } from '../../../services/gender-ministry/index.js';
import { RiskLevel, VisitorRole } from '../../../services/gender-ministry/types/follow-up-enums.js';
import { anonymous } from '../../../services/shared/principal.js';
import { testDatabase } from '../../helpers/database.js';
import { asDemoUser } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await subgraphHarness(genderMinistry, await testDatabase());
});

// `followUp` sits on line 4, column 24 of both queries.
const FOLLOW_UP = `
  query FollowUp($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Case { id followUp {
        riskLevel plan recordedBy
        visits { scheduledFor visitorRole doneAt notes }
      } }
    }
  }`;
const PLAN_ONLY = `
  query FollowUp($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Case { id followUp { riskLevel plan recordedBy } }
    }
  }`;
const AT_FOLLOW_UP = [{ line: 4, column: 24 }];

const refs = (...ids: string[]) => ({ r: ids.map((id) => ({ __typename: 'Case', id })) });

/** A case with a plan and three visits, written out of date order on purpose. */
async function caseWithFollowUp(): Promise<string> {
  const caseId = randomUUID();
  const em = h.orm.em.fork();
  const plan = em.create(FollowUpPlan, {
    caseId, riskLevel: RiskLevel.HIGH, plan: 'Weekly home visit for a month.', recordedBy: 'demo:social-worker',
  });
  em.create(Visit, {
    plan, scheduledFor: new Date('2025-07-15T07:00:00Z'), visitorRole: VisitorRole.SOCIAL_WORKER, doneAt: null, notes: null, recordedBy: 'demo:social-worker',
  });
  em.create(Visit, {
    plan, scheduledFor: new Date('2025-07-01T07:00:00Z'), visitorRole: VisitorRole.LOCAL_OFFICIAL,
    doneAt: new Date('2025-07-01T08:15:00Z'), notes: 'Survivor safe.', recordedBy: 'demo:social-worker',
  });
  em.create(Visit, {
    plan, scheduledFor: new Date('2025-07-08T07:00:00Z'), visitorRole: VisitorRole.SOCIAL_WORKER,
    doneAt: new Date('2025-07-08T09:00:00Z'), notes: null, recordedBy: 'demo:social-worker',
  });
  await em.flush();
  return caseId;
}

const PLAN = { riskLevel: 'HIGH', plan: 'Weekly home visit for a month.', recordedBy: 'demo:social-worker' };
const FULL_FOLLOW_UP = {
  ...PLAN,
  visits: [
    { scheduledFor: '2025-07-01T07:00:00.000Z', visitorRole: 'LOCAL_OFFICIAL', doneAt: '2025-07-01T08:15:00.000Z', notes: 'Survivor safe.' },
    { scheduledFor: '2025-07-08T07:00:00.000Z', visitorRole: 'SOCIAL_WORKER', doneAt: '2025-07-08T09:00:00.000Z', notes: null },
    { scheduledFor: '2025-07-15T07:00:00.000Z', visitorRole: 'SOCIAL_WORKER', doneAt: null, notes: null },
  ],
};

describe('Case.followUp and FollowUpPlan.visits: who may read', () => {
  // Everyone holding followup:read: the social worker, the local official, the ministry's own system, the case manager.
  it.each(['social-worker', 'local-official', 'ministry-system', 'case-manager'])(
    '%s reads the plan and its visits, in date order',
    async (login) => {
      const caseId = await caseWithFollowUp();
      const res = await h.run(asDemoUser(login), FOLLOW_UP, refs(caseId));
      expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: FULL_FOLLOW_UP }] } });
    },
  );

  it('the plan can be read without its visits', async () => {
    const caseId = await caseWithFollowUp();
    const res = await h.run(asDemoUser('local-official'), PLAN_ONLY, refs(caseId));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: PLAN }] } });
  });

  it('a case without follow-up has no plan', async () => {
    await caseWithFollowUp();
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('social-worker'), FOLLOW_UP, refs(caseId));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: null }] } });
  });

  it('a plan with no visits yet has an empty list', async () => {
    const em = h.orm.em.fork();
    const caseId = randomUUID();
    em.create(FollowUpPlan, { caseId, riskLevel: RiskLevel.LOW, plan: 'Monthly call.', recordedBy: 'demo:social-worker' });
    await em.flush();
    const res = await h.run(asDemoUser('social-worker'), FOLLOW_UP, refs(caseId));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: { riskLevel: 'LOW', plan: 'Monthly call.', recordedBy: 'demo:social-worker', visits: [] } }] } });
  });

  // Health, police, reception, counselling, statistics, audit and administration have no followup:read.
  it.each([
    'clinician', 'huye-clinician', 'investigator', 'reception', 'psychologist', 'analyst', 'auditor', 'admin',
  ])('%s may not read follow-up (FORBIDDEN, MISSING_SCOPE); neither plan nor visits are returned', async (login) => {
    const caseId = await caseWithFollowUp();
    const res = await h.run(asDemoUser(login), FOLLOW_UP, refs(caseId));
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, followUp: null }] },
      errors: [{
        message: 'Forbidden', locations: AT_FOLLOW_UP, path: ['_entities', 0, 'followUp'], extensions: { code: 'FORBIDDEN', reason: 'MISSING_SCOPE' },
      }],
    });
  });

  it('an anonymous caller is refused (UNAUTHENTICATED)', async () => {
    const caseId = await caseWithFollowUp();
    const res = await h.run(anonymous, FOLLOW_UP, refs(caseId));
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, followUp: null }] },
      errors: [{
        message: 'Authentication required', locations: AT_FOLLOW_UP, path: ['_entities', 0, 'followUp'], extensions: { code: 'UNAUTHENTICATED' },
      }],
    });
  });
});

describe('Case.followUp: batching', () => {
  it('resolves 50 representations in one call, each with its own plan and visits', async () => {
    const em = h.orm.em.fork();
    const caseIds = Array.from({ length: 50 }, () => randomUUID());
    caseIds.forEach((caseId, i) => {
      if (i % 3 === 2) return; // every third case has no follow-up
      const plan = em.create(FollowUpPlan, {
        caseId, riskLevel: i % 2 === 0 ? RiskLevel.HIGH : RiskLevel.LOW, plan: `plan ${i}`, recordedBy: 'demo:social-worker',
      });
      for (let k = 0; k < i % 3; k++) {
        em.create(Visit, {
          plan, scheduledFor: new Date(Date.UTC(2025, 6, 1 + k, 7, i)), visitorRole: VisitorRole.SOCIAL_WORKER,
          doneAt: null, notes: `visit ${i}.${k}`, recordedBy: 'demo:social-worker',
        });
      }
    });
    await em.flush();

    const res = await h.run(asDemoUser('social-worker'), FOLLOW_UP, refs(...caseIds));
    expect(res).toEqual({
      data: {
        _entities: caseIds.map((id, i) => ({
          id,
          followUp: i % 3 === 2 ? null : {
            riskLevel: i % 2 === 0 ? 'HIGH' : 'LOW', plan: `plan ${i}`, recordedBy: 'demo:social-worker',
            visits: Array.from({ length: i % 3 }, (_, k) => ({
              scheduledFor: new Date(Date.UTC(2025, 6, 1 + k, 7, i)).toISOString(), visitorRole: 'SOCIAL_WORKER', doneAt: null, notes: `visit ${i}.${k}`,
            })),
          },
        })),
      },
    });
  });
});

describe('Case.followUp: representations the loader mishandles (source bugs, see report)', () => {
  // BUG: rows are indexed by the case_id PostgreSQL returns (lower case) and looked up by the key as sent, so a
  // survivor under follow-up reads as having none.
  it('a case id spelled in upper case still finds the case\'s plan', async () => {
    const caseId = await caseWithFollowUp();
    const upper = caseId.toUpperCase();
    const res = await h.run(asDemoUser('social-worker'), PLAN_ONLY, refs(upper));
    expect(res).toEqual({ data: { _entities: [{ id: upper, followUp: PLAN }] } });
  });

  // BUG: one malformed key fails the batched `IN (...)` query for every case in the batch.
  it('a malformed representation does not blank the follow-up of the other cases in the batch', async () => {
    const caseId = await caseWithFollowUp();
    const res = await h.run(asDemoUser('social-worker'), PLAN_ONLY, refs(caseId, 'not-a-uuid'));
    expect(res.data?._entities).toEqual([{ id: caseId, followUp: PLAN }, expect.anything()]);
  });
});
