import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { FollowUpPlan } from '../../../services/gender-ministry/entities/follow-up-plan.entity.js';
import { Visit } from '../../../services/gender-ministry/entities/visit.entity.js';
import { genderMinistry } from '../../../services/gender-ministry/index.js';
import { RiskLevel, VisitorRole } from '../../../services/gender-ministry/types/follow-up-enums.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { asDemoUser } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogOf,
  CASE_MANAGER,
  caseRef,
  entry,
  LOCAL_OFFICIAL,
  MINISTRY_SYSTEM,
  refs,
  sharing,
  SOCIAL_WORKER,
} from './fixtures.js';

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(genderMinistry, await testDatabase()));
});

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

/** What the two queries record as seen. */
const PLAN_FIELDS = ['followUp.plan', 'followUp.recordedBy', 'followUp.riskLevel'];
const ALL_FIELDS = [
  ...PLAN_FIELDS,
  'followUp.visits.doneAt',
  'followUp.visits.notes',
  'followUp.visits.scheduledFor',
  'followUp.visits.visitorRole',
];

/** A case in Gasabo with a plan made there and three visits, written out of date order on purpose. */
async function caseWithFollowUp(): Promise<string> {
  const caseId = randomUUID();
  const em = h.orm.em.fork();
  const plan = em.create(FollowUpPlan, {
    caseId,
    district: 'Gasabo',
    riskLevel: RiskLevel.HIGH,
    plan: 'Weekly home visit for a month.',
    recordedBy: 'demo:social-worker',
  });
  em.create(Visit, {
    plan,
    scheduledFor: new Date('2025-07-15T07:00:00Z'),
    visitorRole: VisitorRole.SOCIAL_WORKER,
    doneAt: null,
    notes: null,
    recordedBy: 'demo:social-worker',
  });
  em.create(Visit, {
    plan,
    scheduledFor: new Date('2025-07-01T07:00:00Z'),
    visitorRole: VisitorRole.LOCAL_OFFICIAL,
    doneAt: new Date('2025-07-01T08:15:00Z'),
    notes: 'Survivor safe.',
    recordedBy: 'demo:social-worker',
  });
  em.create(Visit, {
    plan,
    scheduledFor: new Date('2025-07-08T07:00:00Z'),
    visitorRole: VisitorRole.SOCIAL_WORKER,
    doneAt: new Date('2025-07-08T09:00:00Z'),
    notes: null,
    recordedBy: 'demo:social-worker',
  });
  await em.flush();
  return caseId;
}

const PLAN = { riskLevel: 'HIGH', plan: 'Weekly home visit for a month.', recordedBy: 'demo:social-worker' };
const FULL_FOLLOW_UP = {
  ...PLAN,
  visits: [
    {
      scheduledFor: '2025-07-01T07:00:00.000Z',
      visitorRole: 'LOCAL_OFFICIAL',
      doneAt: '2025-07-01T08:15:00.000Z',
      notes: 'Survivor safe.',
    },
    {
      scheduledFor: '2025-07-08T07:00:00.000Z',
      visitorRole: 'SOCIAL_WORKER',
      doneAt: '2025-07-08T09:00:00.000Z',
      notes: null,
    },
    { scheduledFor: '2025-07-15T07:00:00.000Z', visitorRole: 'SOCIAL_WORKER', doneAt: null, notes: null },
  ],
};

// The representations carry the facts of a case at GASABO-1 (Gasabo), referred to the gender ministry, with consent
// for it in force (fixtures.ts); follow-up-disclosure.test.ts varies them.
describe('Case.followUp and FollowUpPlan.visits: who may read', () => {
  // Everyone holding followup:read: the social worker and the local official of the district and the ministry's own
  // (national) system on the survivor's consent; the case manager as care team.
  it.each([
    ['social-worker', SOCIAL_WORKER, 'CONSENT'],
    ['local-official', LOCAL_OFFICIAL, 'CONSENT'],
    ['ministry-system', MINISTRY_SYSTEM, 'CONSENT'],
    ['case-manager', CASE_MANAGER, 'CARE_TEAM'],
  ])('%s reads the plan and its visits, in date order; the read is logged', async (login, who, basis) => {
    const caseId = await caseWithFollowUp();
    const res = await h.run(asDemoUser(login), FOLLOW_UP, refs(caseId));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: FULL_FOLLOW_UP }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...who, caseId, action: 'READ', fields: ALL_FIELDS, basis }),
    ]);
  });

  it('the fields are logged sorted, whatever order they were asked in', async () => {
    const caseId = await caseWithFollowUp();
    const res = await h.run(
      asDemoUser('social-worker'),
      `
  query FollowUp($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Case { id followUp { visits { visitorRole scheduledFor notes doneAt } recordedBy plan riskLevel } }
    }
  }`,
      refs(caseId),
    );
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: FULL_FOLLOW_UP }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...SOCIAL_WORKER, caseId, action: 'READ', fields: ALL_FIELDS, basis: 'CONSENT' }),
    ]);
  });

  it("the plan can be read without its visits; only the plan's fields are logged as seen", async () => {
    const caseId = await caseWithFollowUp();
    const res = await h.run(asDemoUser('local-official'), PLAN_ONLY, refs(caseId));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: PLAN }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...LOCAL_OFFICIAL, caseId, action: 'READ', fields: PLAN_FIELDS, basis: 'CONSENT' }),
    ]);
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
    em.create(FollowUpPlan, {
      caseId,
      district: 'Gasabo',
      riskLevel: RiskLevel.LOW,
      plan: 'Monthly call.',
      recordedBy: 'demo:social-worker',
    });
    await em.flush();
    const res = await h.run(asDemoUser('social-worker'), FOLLOW_UP, refs(caseId));
    expect(res).toEqual({
      data: {
        _entities: [
          {
            id: caseId,
            followUp: { riskLevel: 'LOW', plan: 'Monthly call.', recordedBy: 'demo:social-worker', visits: [] },
          },
        ],
      },
    });
  });

  // Health, police, reception, counselling, statistics, audit and administration have no followup:read.
  it.each(['clinician', 'huye-clinician', 'investigator', 'reception', 'psychologist', 'analyst', 'auditor', 'admin'])(
    '%s may not read follow-up (FORBIDDEN, MISSING_SCOPE); neither plan nor visits are returned; no read is logged',
    async (login) => {
      const caseId = await caseWithFollowUp();
      const res = await h.run(asDemoUser(login), FOLLOW_UP, refs(caseId));
      expect(res).toEqual({
        data: { _entities: [{ id: caseId, followUp: null }] },
        errors: [forbidden('MISSING_SCOPE', ['_entities', 0, 'followUp'])],
      });
      expect(await accessLogOf(h, caseId)).toEqual([]);
    },
  );

  it('an anonymous caller is refused (UNAUTHENTICATED)', async () => {
    const caseId = await caseWithFollowUp();
    const res = await h.run(anonymous, FOLLOW_UP, refs(caseId));
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, followUp: null }] },
      errors: [unauthenticated(['_entities', 0, 'followUp'])],
    });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });
});

describe('Case.followUp: batching', () => {
  it('resolves 50 representations in one call, each with its own plan and visits', async () => {
    const em = h.orm.em.fork();
    const caseIds = Array.from({ length: 50 }, () => randomUUID());
    caseIds.forEach((caseId, i) => {
      if (i % 3 === 2) return; // every third case has no follow-up
      const plan = em.create(FollowUpPlan, {
        caseId,
        district: 'Gasabo',
        riskLevel: i % 2 === 0 ? RiskLevel.HIGH : RiskLevel.LOW,
        plan: `plan ${i}`,
        recordedBy: 'demo:social-worker',
      });
      for (let k = 0; k < i % 3; k++) {
        em.create(Visit, {
          plan,
          scheduledFor: new Date(Date.UTC(2025, 6, 1 + k, 7, i)),
          visitorRole: VisitorRole.SOCIAL_WORKER,
          doneAt: null,
          notes: `visit ${i}.${k}`,
          recordedBy: 'demo:social-worker',
        });
      }
    });
    await em.flush();

    const res = await h.run(asDemoUser('social-worker'), FOLLOW_UP, refs(...caseIds));
    expect(res).toEqual({
      data: {
        _entities: caseIds.map((id, i) => ({
          id,
          followUp:
            i % 3 === 2
              ? null
              : {
                  riskLevel: i % 2 === 0 ? 'HIGH' : 'LOW',
                  plan: `plan ${i}`,
                  recordedBy: 'demo:social-worker',
                  visits: Array.from({ length: i % 3 }, (_, k) => ({
                    scheduledFor: new Date(Date.UTC(2025, 6, 1 + k, 7, i)).toISOString(),
                    visitorRole: 'SOCIAL_WORKER',
                    doneAt: null,
                    notes: `visit ${i}.${k}`,
                  })),
                },
        })),
      },
    });
    for (const caseId of [caseIds[0]!, caseIds[49]!]) {
      expect(await accessLogOf(h, caseId)).toEqual([
        entry({ ...SOCIAL_WORKER, caseId, action: 'READ', fields: ALL_FIELDS, basis: 'CONSENT' }),
      ]);
    }
    // A case without a follow-up plan showed nothing: nothing is recorded as seen.
    expect(await accessLogOf(h, caseIds[2]!)).toEqual([]);
  });
});

describe('Case.followUp: representations with unusual keys', () => {
  it("a case id spelled in upper case still finds the case's plan; the read is logged under the canonical id", async () => {
    const caseId = await caseWithFollowUp();
    const upper = caseId.toUpperCase();
    const res = await h.run(asDemoUser('social-worker'), PLAN_ONLY, refs(upper));
    expect(res).toEqual({ data: { _entities: [{ id: upper, followUp: PLAN }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...SOCIAL_WORKER, caseId, action: 'READ', fields: PLAN_FIELDS, basis: 'CONSENT' }),
    ]);
  });

  // A malformed id names no case: its slice is refused (OUT_OF_SCOPE) and nothing is logged for it, so that the log's
  // insert (a uuid column) cannot fail and withhold the other cases of the batch.
  it('a malformed representation is refused on its own (OUT_OF_SCOPE) and does not blank the other cases in the batch', async () => {
    const caseId = await caseWithFollowUp();
    const res = await h.run(asDemoUser('social-worker'), PLAN_ONLY, {
      r: [caseRef(caseId), caseRef('not-a-uuid', sharing())],
    });
    expect(res).toEqual({
      data: {
        _entities: [
          { id: caseId, followUp: PLAN },
          { id: 'not-a-uuid', followUp: null },
        ],
      },
      errors: [forbidden('OUT_OF_SCOPE', ['_entities', 1, 'followUp'])],
    });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...SOCIAL_WORKER, caseId, action: 'READ', fields: PLAN_FIELDS, basis: 'CONSENT' }),
    ]);
  });
});
