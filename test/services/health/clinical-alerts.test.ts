import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClockNotApplicable } from '../../../services/health/entities/clock-not-applicable.entity.js';
import { Treatment } from '../../../services/health/entities/treatment.entity.js';
import { health } from '../../../services/health/index.js';
import { ClinicalClock } from '../../../services/health/types/clinical-clock.js';
import { TreatmentKind } from '../../../services/health/types/treatment-kind.js';
import { callerFromClaims } from '../../../services/shared/caller.js';
import { seedKnownReferrals } from '../../../services/shared/delivery/known-referrals.js';
import type { ReferralStatus } from '../../../services/shared/referral-lifecycle.js';
import { testDatabase } from '../../helpers/database.js';
import {
  badInput,
  errorsWithoutLocations,
  forbidden,
  invalidVariable,
  unauthenticated,
  validationFailed,
} from '../../helpers/errors.js';
import { anonymous, asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogOf,
  CASE_MANAGER,
  CLINICIAN,
  DAY,
  entry,
  freezeClock,
  HOUR,
  HUYE_CLINICIAN,
  iso,
  MINUTE,
  referredCase,
} from './fixtures.js';

// clinicalAlerts(within): the clocks of the caller's cases that are still due and close within `within` hours, most
// urgent first. A root query has no sharing facts from the center: the cases are those with a referral to health
// that health knows of, in a status that shares the case, within the caller's place (resolvers/alerts.resolver.ts).
//
// Every test stops the clock at an instant of its own, 60 days after the previous test's: the cases another test wrote
// have incidents far outside every window then, so each test sees only its own.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(health, await testDatabase()));
});
afterEach(() => {
  vi.useRealTimers();
});

let epoch = new Date('2031-01-05T08:00:00.000Z').getTime();
/** A fresh instant for the test, clock stopped there. */
function freshNow(): Date {
  epoch += 60 * DAY;
  return freezeClock(new Date(epoch));
}

const ALERTS = `
  query Alerts($within: Int!) {
    clinicalAlerts(within: $within) { caseId clock deadline minutesLeft hoursLeft }
  }`;

const ALERT_FIELDS = [
  'clinicalAlerts.caseId',
  'clinicalAlerts.clock',
  'clinicalAlerts.deadline',
  'clinicalAlerts.hoursLeft',
  'clinicalAlerts.minutesLeft',
];

const alert = (
  caseId: string,
  clock: `${ClinicalClock}`,
  deadline: string,
  minutesLeft: number,
  hoursLeft: number,
) => ({
  caseId,
  clock,
  deadline,
  minutesLeft,
  hoursLeft,
});
const alerts = (...list: ReturnType<typeof alert>[]) => ({ data: { clinicalAlerts: list } });

/** A case referred to health with its incident at `now` + `ms` (negative: before). */
const caseWithIncident = (now: Date, ms: number, centerCode = 'GASABO-1', status: ReferralStatus = 'ACCEPTED') =>
  referredCase(h, centerCode, status, new Date(now.getTime() + ms));

async function given(caseId: string, kind: TreatmentKind, givenAt: Date, centerCode = 'GASABO-1'): Promise<void> {
  const em = h.orm.em.fork();
  em.create(Treatment, {
    caseId,
    centerCode,
    encounter: null,
    kind,
    givenAt,
    notes: null,
    recordedBy: 'demo:clinician',
  });
  await em.flush();
}

async function notApplicable(caseId: string, clock: ClinicalClock, centerCode = 'GASABO-1'): Promise<void> {
  const em = h.orm.em.fork();
  em.create(ClockNotApplicable, {
    caseId,
    centerCode,
    clock,
    reason: 'Not indicated for this survivor.',
    recordedBy: 't',
  });
  await em.flush();
}

const readEntry = (caseId: string, who = CLINICIAN, basis = 'REFERRAL', fields = ALERT_FIELDS) =>
  entry({ ...who, caseId, action: 'READ', fields, basis });

describe('clinicalAlerts: what a clinician is shown', () => {
  it('the due clocks closing within the hours asked, most urgent first, each logged as read on the basis of the referral', async () => {
    const now = freshNow();
    // P: PEP and forensic evidence close in 2 h (same deadline: PEP first), emergency contraception in 50 h.
    const p = await caseWithIncident(now, -70 * HOUR);
    // Q: PEP given; forensic evidence closes in 52 h, emergency contraception in 100 h.
    const q = await caseWithIncident(now, -20 * HOUR);
    await given(q, TreatmentKind.HIV_PEP, new Date(now.getTime() - 19 * HOUR));
    // R: the 72-hour clocks have closed (MISSED), emergency contraception does not apply, hepatitis B closes in 236 h.
    const r = await caseWithIncident(now, -100 * HOUR);
    await notApplicable(r, ClinicalClock.EMERGENCY_CONTRACEPTION);
    const res = await h.run(asDemoUser('clinician'), ALERTS, { within: 168 });
    expect(res).toEqual(
      alerts(
        alert(p, 'HIV_PEP', iso(now, 2 * HOUR), 120, 2),
        alert(p, 'FORENSIC_EVIDENCE', iso(now, 2 * HOUR), 120, 2),
        alert(p, 'EMERGENCY_CONTRACEPTION', iso(now, 50 * HOUR), 3000, 50),
        alert(q, 'FORENSIC_EVIDENCE', iso(now, 52 * HOUR), 3120, 52),
        alert(q, 'EMERGENCY_CONTRACEPTION', iso(now, 100 * HOUR), 6000, 100),
      ),
    );
    expect(await accessLogOf(h, p)).toEqual([readEntry(p)]);
    expect(await accessLogOf(h, q)).toEqual([readEntry(q)]);
    expect(await accessLogOf(h, r)).toEqual([]);
  });

  it('within: 6 holds a clock closing in 5 h 59 min and in 6 h 0 min, not one closing in 6 h 1 min; at its deadline a clock is still due, a minute after it is not', async () => {
    const now = freshNow();
    const closing = async (ms: number) => {
      const caseId = await caseWithIncident(now, ms - 72 * HOUR);
      // Only the PEP clock is watched here: forensic evidence, which shares its window, was collected.
      await given(caseId, TreatmentKind.FORENSIC_EVIDENCE_COLLECTION, new Date(now.getTime() + ms - 71 * HOUR));
      return caseId;
    };
    const in5h59 = await closing(5 * HOUR + 59 * MINUTE);
    const in6h = await closing(6 * HOUR);
    await closing(6 * HOUR + MINUTE);
    const atDeadline = await closing(0);
    await closing(-MINUTE);
    const res = await h.run(asDemoUser('clinician'), ALERTS, { within: 6 });
    expect(res).toEqual(
      alerts(
        alert(atDeadline, 'HIV_PEP', iso(now), 0, 0),
        alert(in5h59, 'HIV_PEP', iso(now, 5 * HOUR + 59 * MINUTE), 359, 5.98),
        alert(in6h, 'HIV_PEP', iso(now, 6 * HOUR), 360, 6),
      ),
    );
  });

  it.each([
    ['emergency contraception', 120 * HOUR, 'EMERGENCY_CONTRACEPTION'],
    ['the hepatitis B vaccine', 14 * DAY, 'HEPATITIS_B_VACCINE'],
  ] as const)('the same edges for %s', async (_what, window, clock) => {
    const now = freshNow();
    const closing = async (ms: number) => {
      const caseId = await caseWithIncident(now, ms - window);
      for (const kind of [
        TreatmentKind.HIV_PEP,
        TreatmentKind.FORENSIC_EVIDENCE_COLLECTION,
        TreatmentKind.EMERGENCY_CONTRACEPTION,
        TreatmentKind.HEPATITIS_B_VACCINE,
      ]) {
        if (kind !== clock) await given(caseId, kind, new Date(now.getTime() + ms - window + HOUR));
      }
      return caseId;
    };
    const in5h59 = await closing(5 * HOUR + 59 * MINUTE);
    await closing(6 * HOUR + MINUTE);
    const atDeadline = await closing(0);
    await closing(-MINUTE);
    const res = await h.run(asDemoUser('clinician'), ALERTS, { within: 6 });
    expect(res).toEqual(
      alerts(
        alert(atDeadline, clock, iso(now), 0, 0),
        alert(in5h59, clock, iso(now, 5 * HOUR + 59 * MINUTE), 359, 5.98),
      ),
    );
  });

  it('clocks closing at the same instant are ordered by case id', async () => {
    const now = freshNow();
    const ids = [await caseWithIncident(now, -71 * HOUR), await caseWithIncident(now, -71 * HOUR)];
    for (const id of ids) await given(id, TreatmentKind.FORENSIC_EVIDENCE_COLLECTION, now);
    const res = await h.run(asDemoUser('clinician'), ALERTS, { within: 1 });
    expect(res).toEqual(alerts(...[...ids].sort().map((id) => alert(id, 'HIV_PEP', iso(now, HOUR), 60, 1))));
  });

  it('a clock met, missed or recorded as not applicable is not an alert; nor is one closing beyond the hours asked', async () => {
    const now = freshNow();
    // A: PEP met, forensic evidence not applicable, emergency contraception met; hepatitis B closes in 266 h.
    const a = await caseWithIncident(now, -70 * HOUR);
    await given(a, TreatmentKind.HIV_PEP, new Date(now.getTime() - 69 * HOUR));
    await notApplicable(a, ClinicalClock.FORENSIC_EVIDENCE);
    await given(a, TreatmentKind.EMERGENCY_CONTRACEPTION, new Date(now.getTime() - HOUR));
    // B: PEP and forensic evidence missed a minute ago, emergency contraception met; hepatitis B closes in 263 h 59 min.
    const b = await caseWithIncident(now, -72 * HOUR - MINUTE);
    await given(b, TreatmentKind.EMERGENCY_CONTRACEPTION, new Date(now.getTime() - 2 * HOUR));
    expect(await h.run(asDemoUser('clinician'), ALERTS, { within: 168 })).toEqual(alerts());
    expect(await accessLogOf(h, a)).toEqual([]);
    expect(await accessLogOf(h, b)).toEqual([]);
  });

  it('only referrals that share the case: requested, accepted and completed, not rejected or revoked', async () => {
    const now = freshNow();
    const byStatus = new Map<ReferralStatus, string>();
    for (const status of ['REQUESTED', 'ACCEPTED', 'COMPLETED', 'REJECTED', 'REVOKED'] as const) {
      const caseId = await caseWithIncident(now, -71 * HOUR, 'GASABO-1', status);
      await given(caseId, TreatmentKind.FORENSIC_EVIDENCE_COLLECTION, now);
      byStatus.set(status, caseId);
    }
    const res = await h.run(asDemoUser('clinician'), ALERTS, { within: 1 });
    const shown = ['REQUESTED', 'ACCEPTED', 'COMPLETED'].map((s) => byStatus.get(s as ReferralStatus)!).sort();
    expect(res).toEqual(alerts(...shown.map((id) => alert(id, 'HIV_PEP', iso(now, HOUR), 60, 1))));
    for (const s of ['REJECTED', 'REVOKED'] as const) expect(await accessLogOf(h, byStatus.get(s)!)).toEqual([]);
  });

  it("a case referred again after a rejection shares it again; a case whose last referral moved it to another center is that center's", async () => {
    const now = freshNow();
    const incidentAt = new Date(now.getTime() - 71 * HOUR);
    const at = (centerCode: string) =>
      centerCode === 'GASABO-1' ? { centerCode, district: 'Gasabo' } : { centerCode, district: 'Huye' };
    const again = randomUUID();
    const moved = randomUUID();
    // One after the other: health keeps the referral it heard of last as where the case is now.
    for (const r of [
      { caseId: again, ...at('GASABO-1'), status: 'REJECTED' as const },
      { caseId: again, ...at('GASABO-1'), status: 'REQUESTED' as const },
      { caseId: moved, ...at('GASABO-1'), status: 'ACCEPTED' as const },
      { caseId: moved, ...at('HUYE-1'), status: 'REQUESTED' as const },
    ]) {
      await seedKnownReferrals(h.orm.em.fork(), [{ id: randomUUID(), incidentAt, version: 1, ...r }]);
    }
    await given(moved, TreatmentKind.HIV_PEP, now, 'GASABO-1'); // given at GASABO-1: not the HUYE-1 record's
    for (const id of [again, moved]) {
      await given(id, TreatmentKind.FORENSIC_EVIDENCE_COLLECTION, now, 'GASABO-1');
      await given(id, TreatmentKind.FORENSIC_EVIDENCE_COLLECTION, now, 'HUYE-1');
    }
    expect(await h.run(asDemoUser('clinician'), ALERTS, { within: 1 })).toEqual(
      alerts(alert(again, 'HIV_PEP', iso(now, HOUR), 60, 1)),
    );
    expect(await h.run(asDemoUser('huye-clinician'), ALERTS, { within: 1 })).toEqual(
      alerts(alert(moved, 'HIV_PEP', iso(now, HOUR), 60, 1)),
    );
  });

  it('the case manager of the center is shown the same, read as care team', async () => {
    const now = freshNow();
    const caseId = await caseWithIncident(now, -71 * HOUR);
    await given(caseId, TreatmentKind.HIV_PEP, now);
    const res = await h.run(asDemoUser('case-manager'), ALERTS, { within: 1 });
    expect(res).toEqual(alerts(alert(caseId, 'FORENSIC_EVIDENCE', iso(now, HOUR), 60, 1)));
    expect(await accessLogOf(h, caseId)).toEqual([readEntry(caseId, CASE_MANAGER, 'CARE_TEAM')]);
  });

  it('the case is handed to the gateway as an entity reference; the log names only what health showed', async () => {
    const now = freshNow();
    const caseId = await caseWithIncident(now, -71 * HOUR);
    await given(caseId, TreatmentKind.HIV_PEP, now);
    const res = await h.run(asDemoUser('clinician'), '{ clinicalAlerts(within: 1) { case { __typename id } clock } }');
    expect(res).toEqual({
      data: { clinicalAlerts: [{ case: { __typename: 'Case', id: caseId }, clock: 'FORENSIC_EVIDENCE' }] },
    });
    expect(await accessLogOf(h, caseId)).toEqual([
      readEntry(caseId, CLINICIAN, 'REFERRAL', ['clinicalAlerts.case.id', 'clinicalAlerts.clock']),
    ]);
  });

  it('nothing asked but __typename shows nothing and logs nothing', async () => {
    const now = freshNow();
    const caseId = await caseWithIncident(now, -71 * HOUR);
    const res = await h.run(asDemoUser('clinician'), '{ clinicalAlerts(within: 1) { __typename } }');
    expect(res).toEqual({
      data: { clinicalAlerts: [{ __typename: 'ClinicalAlert' }, { __typename: 'ClinicalAlert' }] },
    });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });
});

describe('clinicalAlerts: who must not see them', () => {
  it.each([
    'investigator',
    'social-worker',
    'local-official',
    'reception',
    'psychologist',
    'analyst',
    'auditor',
    'admin',
    'ministry-system',
  ])('%s: FORBIDDEN (MISSING_SCOPE), nothing logged', async (login) => {
    const now = freshNow();
    const caseId = await caseWithIncident(now, -71 * HOUR);
    const res = await h.run(asDemoUser(login), ALERTS, { within: 6 });
    expect(res).toEqual({ data: { clinicalAlerts: null }, errors: [forbidden('MISSING_SCOPE', ['clinicalAlerts'])] });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a clinician whose token does not carry medical:read: FORBIDDEN (MISSING_SCOPE)', async () => {
    freshNow();
    const narrowed = callerFromClaims({
      sub: 'demo:clinician',
      agency: 'health',
      roles: ['clinician'],
      scope: 'case:read medical:write',
      centers: ['GASABO-1'],
    });
    expect(await h.run(narrowed, ALERTS, { within: 6 })).toEqual({
      data: { clinicalAlerts: null },
      errors: [forbidden('MISSING_SCOPE', ['clinicalAlerts'])],
    });
  });

  it('anonymous: UNAUTHENTICATED', async () => {
    const now = freshNow();
    const caseId = await caseWithIncident(now, -71 * HOUR);
    expect(await h.run(anonymous, ALERTS, { within: 6 })).toEqual({
      data: { clinicalAlerts: null },
      errors: [unauthenticated(['clinicalAlerts'])],
    });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('clinicians of other centers, in the same district or not, are shown none of them', async () => {
    const now = freshNow();
    const caseId = await caseWithIncident(now, -71 * HOUR);
    for (const other of [asDemoUser('huye-clinician'), asRole('clinician', { centers: ['GASABO-2'] })]) {
      expect(await h.run(other, ALERTS, { within: 6 })).toEqual(alerts());
    }
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a case health has no referral for is never an alert, whatever health recorded on it', async () => {
    freshNow();
    const caseId = randomUUID();
    await given(caseId, TreatmentKind.WOUND_CARE, new Date());
    expect(await h.run(asDemoUser('clinician'), ALERTS, { within: 168 })).toEqual(alerts());
  });
});

describe('clinicalAlerts: bad input', () => {
  const refused = badInput({ field: 'within', problem: 'must be from 1 to 168 hours' }, ['clinicalAlerts']);

  it.each([0, -1, 169, 100_000])('within: %s is refused (BAD_USER_INPUT); nothing is read', async (within) => {
    const now = freshNow();
    const caseId = await caseWithIncident(now, -71 * HOUR);
    expect(await h.run(asDemoUser('clinician'), ALERTS, { within })).toEqual({
      data: { clinicalAlerts: null },
      errors: [refused],
    });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('within: 1 and within: 168 are the edges, and both are taken', async () => {
    const now = freshNow();
    const soon = await caseWithIncident(now, -71 * HOUR);
    await given(soon, TreatmentKind.FORENSIC_EVIDENCE_COLLECTION, now);
    const week = await caseWithIncident(now, 168 * HOUR - 14 * DAY);
    expect(await h.run(asDemoUser('clinician'), ALERTS, { within: 1 })).toEqual(
      alerts(alert(soon, 'HIV_PEP', iso(now, HOUR), 60, 1)),
    );
    expect(await h.run(asDemoUser('clinician'), ALERTS, { within: 168 })).toEqual(
      alerts(
        alert(soon, 'HIV_PEP', iso(now, HOUR), 60, 1),
        alert(soon, 'EMERGENCY_CONTRACEPTION', iso(now, 49 * HOUR), 2940, 49),
        alert(week, 'HEPATITIS_B_VACCINE', iso(now, 168 * HOUR), 10080, 168),
      ),
    );
  });

  it('within: 1 over a case whose clock closes in 49 h shows nothing', async () => {
    const now = freshNow();
    const caseId = await caseWithIncident(now, -71 * HOUR);
    for (const kind of [TreatmentKind.HIV_PEP, TreatmentKind.FORENSIC_EVIDENCE_COLLECTION])
      await given(caseId, kind, now);
    expect(await h.run(asDemoUser('clinician'), ALERTS, { within: 1 })).toEqual(alerts());
  });

  it("null, a string or a fraction for within, or no within at all, are GraphQL's own refusals", async () => {
    freshNow();
    expect(await h.run(asDemoUser('clinician'), ALERTS, { within: null })).toEqual({
      errors: [invalidVariable('Variable "$within" of non-null type "Int!" must not be null.')],
    });
    expect(await h.run(asDemoUser('clinician'), ALERTS, { within: '6' })).toEqual({
      errors: [
        invalidVariable('Variable "$within" got invalid value "6"; Int cannot represent non-integer value: "6"'),
      ],
    });
    expect(await h.run(asDemoUser('clinician'), ALERTS, { within: 1.5 })).toEqual({
      errors: [
        invalidVariable('Variable "$within" got invalid value 1.5; Int cannot represent non-integer value: 1.5'),
      ],
    });
    expect(await h.run(asDemoUser('clinician'), '{ clinicalAlerts { caseId } }')).toEqual({
      errors: [
        validationFailed(
          'Field "clinicalAlerts" argument "within" of type "Int!" is required, but it was not provided.',
        ),
      ],
    });
  });
});

describe('clinicalAlerts: several principals at the same moment', () => {
  it("clinicians of three centers and a case manager ask at once, 20 rounds: each is shown exactly their own cases' alerts", async () => {
    const now = freshNow();
    const gasabo = await caseWithIncident(now, -71 * HOUR, 'GASABO-1');
    const gasabo2 = await caseWithIncident(now, -70 * HOUR, 'GASABO-2');
    const huye = await caseWithIncident(now, -69 * HOUR, 'HUYE-1');
    for (const [id, center] of [
      [gasabo, 'GASABO-1'],
      [gasabo2, 'GASABO-2'],
      [huye, 'HUYE-1'],
    ] as const) {
      await given(id, TreatmentKind.FORENSIC_EVIDENCE_COLLECTION, now, center);
    }
    const gasabo2Clinician = asRole('clinician', { centers: ['GASABO-2'] });
    const expected = [
      alerts(alert(gasabo, 'HIV_PEP', iso(now, HOUR), 60, 1)),
      alerts(alert(huye, 'HIV_PEP', iso(now, 3 * HOUR), 180, 3)),
      alerts(alert(gasabo2, 'HIV_PEP', iso(now, 2 * HOUR), 120, 2)),
      alerts(alert(gasabo, 'HIV_PEP', iso(now, HOUR), 60, 1)),
    ];
    for (let round = 0; round < 20; round++) {
      const answers = await Promise.all([
        h.run(asDemoUser('clinician'), ALERTS, { within: 6 }),
        h.run(asDemoUser('huye-clinician'), ALERTS, { within: 6 }),
        h.run(gasabo2Clinician, ALERTS, { within: 6 }),
        h.run(asDemoUser('case-manager'), ALERTS, { within: 6 }),
      ]);
      expect(answers).toEqual(expected);
    }
    const gasaboLog = await accessLogOf(h, gasabo);
    expect(gasaboLog.filter((e) => e.subject === 'demo:clinician')).toEqual(
      Array.from({ length: 20 }, () => readEntry(gasabo)),
    );
    expect(gasaboLog.filter((e) => e.subject === 'demo:case-manager')).toEqual(
      Array.from({ length: 20 }, () => readEntry(gasabo, CASE_MANAGER, 'CARE_TEAM')),
    );
    expect(gasaboLog).toHaveLength(40);
    expect(await accessLogOf(h, huye)).toEqual(Array.from({ length: 20 }, () => readEntry(huye, HUYE_CLINICIAN)));
    expect((await accessLogOf(h, gasabo2)).map((e) => e.subject)).toEqual(Array(20).fill('demo:test-clinician'));
  });
});
