import { beforeAll, describe, expect, it } from 'vitest';
import { FollowUpPlan } from '../../../services/gender-ministry/entities/follow-up-plan.entity.js';
import { ReintegrationSupport } from '../../../services/gender-ministry/entities/reintegration-support.entity.js';
import { Visit } from '../../../services/gender-ministry/entities/visit.entity.js';
import { genderMinistry } from '../../../services/gender-ministry/index.js';
import { RiskLevel, VisitorRole } from '../../../services/gender-ministry/types/follow-up-enums.js';
import type { ReferralStatus } from '../../../services/shared/referral-lifecycle.js';
import { anonymous, asDemoUser, asRole } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, conflict, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, entry, MINUTE, referredCase, SOCIAL_WORKER } from './fixtures.js';

// A follow-up plan after it is made: where each kind of reintegration support stands, its end with a stated reason,
// and the districts' worklist of overdue visits. Each write is the social worker's own (followup:write), on a plan of
// their district whose case is still referred to the ministry; a closed plan takes nothing new.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(genderMinistry, await testDatabase()));
});

const socialWorker = asDemoUser('social-worker');
const DAY = 24 * 60 * MINUTE;
const SUPPORT = `mutation S($input: SetReintegrationSupportInput!) { setReintegrationSupport(input: $input) { id caseId } }`;
const CLOSE = `mutation C($input: CloseFollowUpPlanInput!) { closeFollowUpPlan(input: $input) { id caseId } }`;
const SCHEDULE = `mutation V($input: ScheduleVisitInput!) { scheduleVisit(input: $input) { id caseId } }`;
const OVERDUE = `query O($n: Int) { overdueFollowUps(first: $n) { id } }`;
const REASON = 'Moved to Kigali with her aunt; followed there by Nyarugenge.';

/** A plan of `district` on a fresh case referred to the ministry (in `status`), as the social worker would make it. */
async function planIn(district = 'Gasabo', status: ReferralStatus = 'ACCEPTED'): Promise<FollowUpPlan> {
  const caseId = await referredCase(h, `${district.toUpperCase()}-1`, status);
  const em = h.orm.em.fork();
  const p = em.create(FollowUpPlan, {
    caseId,
    district,
    riskLevel: RiskLevel.HIGH,
    factors: [],
    plan: 'Weekly home visit.',
    recordedBy: 'demo:social-worker',
  });
  await em.flush();
  return p;
}

async function visitOn(plan: FollowUpPlan, scheduledFor: Date, doneAt: Date | null = null): Promise<void> {
  const em = h.orm.em.fork();
  em.create(Visit, {
    plan: em.getReference(FollowUpPlan, plan.id),
    scheduledFor,
    visitorRole: VisitorRole.SOCIAL_WORKER,
    doneAt,
    notes: null,
    recordedBy: 'demo:social-worker',
  });
  await em.flush();
}

const stored = (id: string) => h.orm.em.fork().findOneOrFail(FollowUpPlan, { id });
const supportOf = async (planId: string) =>
  (await h.orm.em.fork().find(ReintegrationSupport, { plan: planId }, { orderBy: { kind: 'asc' } })).map((s) => ({
    kind: s.kind,
    status: s.status,
    note: s.note ?? null,
    updatedBy: s.updatedBy,
  }));
const writeEntry = (caseId: string, what: string) =>
  entry({ ...SOCIAL_WORKER, caseId, action: 'WRITE', fields: [what], basis: 'OWN_RECORD' });

describe('setReintegrationSupport', () => {
  it('records and then moves one kind of support; the plan shows where each stands; each write is logged', async () => {
    const p = await planIn();
    const set = (kind: string, status: string, note?: string) =>
      h.run(socialWorker, SUPPORT, { input: { planId: p.id, kind, status, note } });
    expect(await set('SCHOOLING', 'NEEDED', 'Fees for the second term.')).toEqual({
      data: { setReintegrationSupport: { id: expect.any(String), caseId: p.caseId } },
    });
    expect((await set('SCHOOLING', 'PROVIDED')).errors).toBeUndefined();
    expect((await set('LEGAL_AID', 'IN_PROGRESS')).errors).toBeUndefined();
    expect(await supportOf(p.id)).toEqual([
      { kind: 'LEGAL_AID', status: 'IN_PROGRESS', note: null, updatedBy: 'demo:social-worker' },
      { kind: 'SCHOOLING', status: 'PROVIDED', note: null, updatedBy: 'demo:social-worker' },
    ]);
    const read = await h.run(
      socialWorker,
      `query F($r: [_Any!]!) { _entities(representations: $r) { ... on Case { followUp { support { kind status } } } } }`,
      {
        r: [
          {
            __typename: 'Case',
            id: p.caseId,
            sharing: {
              centerCode: 'GASABO-1',
              district: 'Gasabo',
              consents: [{ agency: 'GENDER_MINISTRY', basis: 'CONSENT', expiresAt: null, reason: null }],
              referrals: [{ agency: 'GENDER_MINISTRY' }],
              breakGlass: [],
            },
          },
        ],
      },
    );
    expect(read).toEqual({
      data: {
        _entities: [
          {
            followUp: {
              support: [
                { kind: 'LEGAL_AID', status: 'IN_PROGRESS' },
                { kind: 'SCHOOLING', status: 'PROVIDED' },
              ],
            },
          },
        ],
      },
    });
    expect((await accessLogOf(h, p.caseId)).filter((x) => x.action === 'WRITE')).toEqual([
      writeEntry(p.caseId, 'setReintegrationSupport.SCHOOLING'),
      writeEntry(p.caseId, 'setReintegrationSupport.SCHOOLING'),
      writeEntry(p.caseId, 'setReintegrationSupport.LEGAL_AID'),
    ]);
  });

  it('two social workers set the same support at the same moment: one row, the last word kept', async () => {
    const p = await planIn();
    const other = asRole('social-worker', { district: 'Gasabo' });
    const answers = await Promise.all([
      h.run(socialWorker, SUPPORT, { input: { planId: p.id, kind: 'SHELTER', status: 'NEEDED' } }),
      h.run(other, SUPPORT, { input: { planId: p.id, kind: 'SHELTER', status: 'IN_PROGRESS' } }),
    ]);
    expect(answers.map((a) => a.errors)).toEqual([undefined, undefined]);
    const rows = await supportOf(p.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.kind).toBe('SHELTER');
  });

  it('who may not: a local official (MISSING_SCOPE), another district (as absent), a case no longer referred', async () => {
    const p = await planIn();
    const input = { planId: p.id, kind: 'SHELTER', status: 'NEEDED' };
    expect(await h.run(asDemoUser('local-official'), SUPPORT, { input })).toEqual({
      data: null,
      errors: [forbidden('MISSING_SCOPE', ['setReintegrationSupport'])],
    });
    expect(await h.run(asRole('social-worker', { district: 'Huye' }), SUPPORT, { input })).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.planId', problem: 'no follow-up plan has this id' }, ['setReintegrationSupport']),
      ],
    });
    const revoked = await planIn('Gasabo', 'REVOKED');
    expect(await h.run(socialWorker, SUPPORT, { input: { ...input, planId: revoked.id } })).toEqual({
      data: null,
      errors: [forbidden('NOT_REFERRED', ['setReintegrationSupport'])],
    });
    expect(await h.run(anonymous, SUPPORT, { input })).toEqual({
      data: null,
      errors: [unauthenticated(['setReintegrationSupport'])],
    });
    expect(await supportOf(p.id)).toEqual([]);
    expect(await supportOf(revoked.id)).toEqual([]);
  });

  it('bad input: a note over 2000 characters, a plan id that is no UUID', async () => {
    const p = await planIn();
    expect(
      await h.run(socialWorker, SUPPORT, {
        input: { planId: p.id, kind: 'SHELTER', status: 'NEEDED', note: 'n'.repeat(2001) },
      }),
    ).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.note', problem: 'note must be shorter than or equal to 2000 characters' }, [
          'setReintegrationSupport',
        ]),
      ],
    });
    expect(
      await h.run(socialWorker, SUPPORT, { input: { planId: 'plan-1', kind: 'SHELTER', status: 'NEEDED' } }),
    ).toEqual({
      data: null,
      errors: [badInput({ field: 'input.planId', problem: 'planId must be a UUID' }, ['setReintegrationSupport'])],
    });
    expect(await supportOf(p.id)).toEqual([]);
  });
});

describe('closeFollowUpPlan', () => {
  it('ends follow-up with the stated reason; the closed plan then takes no visit, no support and no second closing', async () => {
    const p = await planIn();
    expect(await h.run(socialWorker, CLOSE, { input: { planId: p.id, reason: REASON } })).toEqual({
      data: { closeFollowUpPlan: { id: p.id, caseId: p.caseId } },
    });
    const closed = await stored(p.id);
    expect({ reason: closed.closedReason, by: closed.closedBy, at: closed.closedAt instanceof Date }).toEqual({
      reason: REASON,
      by: 'demo:social-worker',
      at: true,
    });
    const isClosed = (path: string) => ({ data: null, errors: [conflict('this follow-up plan is closed', [path])] });
    const soon = new Date(Date.now() + DAY).toISOString();
    expect(
      await h.run(socialWorker, SCHEDULE, {
        input: { planId: p.id, scheduledFor: soon, visitorRole: 'SOCIAL_WORKER' },
      }),
    ).toEqual(isClosed('scheduleVisit'));
    expect(await h.run(socialWorker, SUPPORT, { input: { planId: p.id, kind: 'SHELTER', status: 'NEEDED' } })).toEqual(
      isClosed('setReintegrationSupport'),
    );
    expect(await h.run(socialWorker, CLOSE, { input: { planId: p.id, reason: REASON } })).toEqual(
      isClosed('closeFollowUpPlan'),
    );
    expect((await accessLogOf(h, p.caseId)).filter((x) => x.action === 'WRITE')).toEqual([
      writeEntry(p.caseId, 'closeFollowUpPlan'),
    ]);
  });

  it('closing needs a reason of at least 5 letters', async () => {
    const p = await planIn();
    expect(await h.run(socialWorker, CLOSE, { input: { planId: p.id, reason: 'ok 1' } })).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.reason', problem: 'must say why in at least 5 letters' }, ['closeFollowUpPlan']),
      ],
    });
    expect((await stored(p.id)).closedAt).toBeNull();
  });

  it('who may not close: a local official, another district, a case no longer referred', async () => {
    const p = await planIn();
    expect(await h.run(asDemoUser('local-official'), CLOSE, { input: { planId: p.id, reason: REASON } })).toEqual({
      data: null,
      errors: [forbidden('MISSING_SCOPE', ['closeFollowUpPlan'])],
    });
    expect(
      await h.run(asRole('social-worker', { district: 'Huye' }), CLOSE, { input: { planId: p.id, reason: REASON } }),
    ).toEqual({
      data: null,
      errors: [badInput({ field: 'input.planId', problem: 'no follow-up plan has this id' }, ['closeFollowUpPlan'])],
    });
    const done = await planIn('Gasabo', 'COMPLETED');
    expect(await h.run(socialWorker, CLOSE, { input: { planId: done.id, reason: REASON } })).toEqual({
      data: null,
      errors: [forbidden('NOT_REFERRED', ['closeFollowUpPlan'])],
    });
    expect((await stored(p.id)).closedAt).toBeNull();
    expect((await stored(done.id)).closedAt).toBeNull();
  });

  it('a visit scheduled at the moment the plan is closed lands before the closing or not at all', async () => {
    for (let round = 0; round < 5; round++) {
      const p = await planIn();
      const soon = new Date(Date.now() + DAY).toISOString();
      const [visit, close] = await Promise.all([
        h.run(socialWorker, SCHEDULE, { input: { planId: p.id, scheduledFor: soon, visitorRole: 'SOCIAL_WORKER' } }),
        h.run(asRole('social-worker', { district: 'Gasabo' }), CLOSE, { input: { planId: p.id, reason: REASON } }),
      ]);
      expect(close.errors).toBeUndefined();
      const visits = await h.orm.em.fork().find(Visit, { plan: p.id });
      const closedAt = (await stored(p.id)).closedAt!;
      if (visit.errors) expect(visits).toEqual([]);
      else expect(visits.map((v) => v.createdAt <= closedAt)).toEqual([true]);
    }
  });
});

describe('overdueFollowUps', () => {
  /** The listed cases among `mine`, in the order given. */
  const listed = async (p: Parameters<SubgraphHarness['run']>[0], mine: string[]) => {
    const res = await h.run(p, OVERDUE, { n: 500 });
    expect(res.errors).toBeUndefined();
    return (res.data?.overdueFollowUps as { id: string }[]).map((c) => c.id).filter((id) => mine.includes(id));
  };

  it("lists the district's cases with a visit past its date and not done, the oldest first; nothing else", async () => {
    const now = Date.now();
    const older = await planIn();
    await visitOn(older, new Date(now - 3 * DAY));
    const newer = await planIn();
    await visitOn(newer, new Date(now - MINUTE));
    await visitOn(newer, new Date(now + DAY)); // a future visit beside an overdue one: listed once, by the overdue one
    const notYet = await planIn();
    await visitOn(notYet, new Date(now + MINUTE));
    const done = await planIn();
    await visitOn(done, new Date(now - DAY), new Date(now - DAY));
    const closed = await planIn();
    await visitOn(closed, new Date(now - DAY));
    expect((await h.run(socialWorker, CLOSE, { input: { planId: closed.id, reason: REASON } })).errors).toBeUndefined();
    const revoked = await planIn('Gasabo', 'REVOKED');
    await visitOn(revoked, new Date(now - DAY));
    const huye = await planIn('Huye');
    await visitOn(huye, new Date(now - 2 * DAY));
    const mine = [older, newer, notYet, done, closed, revoked, huye].map((p) => p.caseId);

    expect(await listed(socialWorker, mine)).toEqual([older.caseId, newer.caseId]);
    expect(await listed(asDemoUser('local-official'), mine)).toEqual([older.caseId, newer.caseId]);
    expect(await listed(asRole('social-worker', { district: 'Huye' }), mine)).toEqual([huye.caseId]);
    // The case manager of GASABO-1 (where every Gasabo case here is) coordinates their follow-up too.
    expect(await listed(asDemoUser('case-manager'), mine)).toEqual([older.caseId, newer.caseId]);
    // A ministry's own system reads nationally.
    expect(await listed(asDemoUser('ministry-system'), mine)).toEqual([older.caseId, huye.caseId, newer.caseId]);
  });

  it('social workers of two districts asking at the same moment each get their own district only', async () => {
    const g = await planIn('Gasabo');
    await visitOn(g, new Date(Date.now() - DAY));
    const u = await planIn('Huye');
    await visitOn(u, new Date(Date.now() - DAY));
    const huye = asRole('social-worker', { district: 'Huye' });
    const runs = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0 ? listed(socialWorker, [g.caseId, u.caseId]) : listed(huye, [g.caseId, u.caseId]),
      ),
    );
    runs.forEach((ids, i) => expect(ids).toEqual(i % 2 === 0 ? [g.caseId] : [u.caseId]));
  });

  it('who may not ask: staff without followup:read (MISSING_SCOPE), anonymous (UNAUTHENTICATED)', async () => {
    for (const login of ['clinician', 'investigator', 'reception', 'psychologist', 'analyst', 'admin']) {
      expect(await h.run(asDemoUser(login), OVERDUE, { n: 5 })).toEqual({
        data: null,
        errors: [forbidden('MISSING_SCOPE', ['overdueFollowUps'])],
      });
    }
    expect(await h.run(anonymous, OVERDUE, { n: 5 })).toEqual({
      data: null,
      errors: [unauthenticated(['overdueFollowUps'])],
    });
  });

  it('bad input: first outside 1 to 500', async () => {
    for (const n of [0, -1, 501]) {
      expect(await h.run(socialWorker, OVERDUE, { n })).toEqual({
        data: null,
        errors: [badInput({ field: 'first', problem: 'must be between 1 and 500' }, ['overdueFollowUps'])],
      });
    }
  });
});
