import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClockNotApplicable } from '../../../services/health/entities/clock-not-applicable.entity.js';
import { ForensicSample } from '../../../services/health/entities/forensic-sample.entity.js';
import { Treatment } from '../../../services/health/entities/treatment.entity.js';
import { SampleKind } from '../../../services/health/types/forensic-enums.js';
import { health } from '../../../services/health/index.js';
import { readClocks } from '../../../services/health/policies/clinical-clocks.js';
import { ClinicalClock } from '../../../services/health/types/clinical-clock.js';
import { TreatmentKind } from '../../../services/health/types/treatment-kind.js';
import { callerFromClaims } from '../../../services/shared/caller.js';
import { seedKnownReferrals } from '../../../services/shared/delivery/known-referrals.js';
import { testDatabase } from '../../helpers/database.js';
import { type DenialReason, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { anonymous, asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogOf,
  CASE_MANAGER,
  caseRef,
  CLINICIAN,
  DAY,
  entry,
  freezeClock,
  HOUR,
  HUYE_CLINICIAN,
  iso,
  MINUTE,
  referredCase,
  refs,
  refWith,
  sharing,
} from './fixtures.js';

// Case.medical's clinical clocks and proposed follow-up visits (services/health/policies/clinical-clocks.ts): each
// clock's deadline from the incident time the center sent with its referral to health, and its status at the
// instant the record is read. Every edge is tested to the minute on both sides: the deadline itself is inside.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(health, await testDatabase()));
});
afterEach(() => {
  vi.useRealTimers();
});

const CLOCKS = `
  query Clocks($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Case { id medical {
        clocks { clock deadline status givenAt notApplicable { reason recordedBy recordedAt } }
      } }
    }
  }`;
const FOLLOW_UPS = `
  query FollowUps($r: [_Any!]!) {
    _entities(representations: $r) { ... on Case { id medical { followUpVisits { after proposedFor } } } }
  }`;
const STATUSES = `
  query Statuses($r: [_Any!]!) {
    _entities(representations: $r) { ... on Case { id medical { clocks { clock status givenAt } } } }
  }`;

const CLOCK_FIELDS = [
  'medical.clocks.clock',
  'medical.clocks.deadline',
  'medical.clocks.givenAt',
  'medical.clocks.notApplicable.reason',
  'medical.clocks.notApplicable.recordedAt',
  'medical.clocks.notApplicable.recordedBy',
  'medical.clocks.status',
];

/** The incident of most cases below, and the four deadlines it gives. */
const INCIDENT = new Date('2026-03-10T06:00:00.000Z');
const PEP_DEADLINE = '2026-03-13T06:00:00.000Z'; // + 72 h
const EC_DEADLINE = '2026-03-15T06:00:00.000Z'; // + 120 h
const HEP_B_DEADLINE = '2026-03-24T06:00:00.000Z'; // + 14 days
const FORENSIC_DEADLINE = PEP_DEADLINE; // + 72 h

type Status = 'DUE' | 'MET' | 'MISSED' | 'NOT_APPLICABLE';

/** A clock as CLOCKS shows it. */
function clock(
  name: ClinicalClock | `${ClinicalClock}`,
  deadline: string,
  status: Status,
  givenAt: string | null = null,
  notApplicable: { reason: string; recordedBy: string; recordedAt: string } | null = null,
) {
  return { clock: name, deadline, status, givenAt, notApplicable };
}

/** The four clocks of a case with an incident at INCIDENT, in their order, with the statuses given. */
function clocksOfIncident(pep: Status, ec: Status, hepB: Status, forensic: Status) {
  return [
    clock('HIV_PEP', PEP_DEADLINE, pep),
    clock('EMERGENCY_CONTRACEPTION', EC_DEADLINE, ec),
    clock('HEPATITIS_B_VACCINE', HEP_B_DEADLINE, hepB),
    clock('FORENSIC_EVIDENCE', FORENSIC_DEADLINE, forensic),
  ];
}

const one = (caseId: string, medical: unknown) => ({ data: { _entities: [{ id: caseId, medical }] } });

/** A treatment of `kind` given at `givenAt` on `caseId`, recorded at `centerCode`. */
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

let samples = 0;
/** A forensic sample collected at `collectedAt` on `caseId`, at `centerCode`. */
async function sampled(caseId: string, collectedAt: Date, centerCode = 'GASABO-1'): Promise<void> {
  const em = h.orm.em.fork();
  em.create(ForensicSample, {
    caseId,
    centerCode,
    barcode: `RFI-2026-${String(700_000 + ++samples).padStart(6, '0')}`,
    kind: SampleKind.SWAB,
    collectedAt,
    collectedBy: 'demo:clinician',
  });
  await em.flush();
}

/** A clock recorded as not applicable on `caseId` at `centerCode`, at `at`. */
async function notApplicable(caseId: string, c: ClinicalClock, reason: string, at: Date, centerCode = 'GASABO-1') {
  const em = h.orm.em.fork();
  em.create(ClockNotApplicable, {
    caseId,
    centerCode,
    clock: c,
    reason,
    recordedBy: 'demo:clinician',
    createdAt: at,
  });
  await em.flush();
}

describe('Case.medical.clocks: what a clinician reads', () => {
  it('each clock with its deadline from the incident; PEP given in time is MET, the others still DUE; the read is logged', async () => {
    const caseId = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
    await given(caseId, TreatmentKind.HIV_PEP, new Date(INCIDENT.getTime() + 3 * HOUR));
    await given(caseId, TreatmentKind.WOUND_CARE, new Date(INCIDENT.getTime() + 3 * HOUR));
    freezeClock(new Date(INCIDENT.getTime() + 10 * HOUR));
    const res = await h.run(asDemoUser('clinician'), CLOCKS, refs(caseId));
    expect(res).toEqual(
      one(caseId, {
        clocks: [
          clock('HIV_PEP', PEP_DEADLINE, 'MET', '2026-03-10T09:00:00.000Z'),
          clock('EMERGENCY_CONTRACEPTION', EC_DEADLINE, 'DUE'),
          clock('HEPATITIS_B_VACCINE', HEP_B_DEADLINE, 'DUE'),
          clock('FORENSIC_EVIDENCE', FORENSIC_DEADLINE, 'DUE'),
        ],
      }),
    );
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: CLOCK_FIELDS, basis: 'CONSENT' }),
    ]);
  });

  it('the case manager of the center reads them as care team', async () => {
    const caseId = await referredCase(h, 'GASABO-1', 'REQUESTED', INCIDENT);
    freezeClock(new Date(INCIDENT.getTime() + 73 * HOUR));
    const res = await h.run(asDemoUser('case-manager'), CLOCKS, refs(caseId));
    expect(res).toEqual(one(caseId, { clocks: clocksOfIncident('MISSED', 'DUE', 'DUE', 'MISSED') }));
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CASE_MANAGER, caseId, action: 'READ', fields: CLOCK_FIELDS, basis: 'CARE_TEAM' }),
    ]);
  });

  it('the first of several doses decides; forensic evidence collection meets the forensic clock', async () => {
    const caseId = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
    await given(caseId, TreatmentKind.HEPATITIS_B_VACCINE, new Date(INCIDENT.getTime() + 40 * DAY)); // a later dose
    await given(caseId, TreatmentKind.HEPATITIS_B_VACCINE, new Date(INCIDENT.getTime() + 13 * DAY));
    await given(caseId, TreatmentKind.FORENSIC_EVIDENCE_COLLECTION, new Date(INCIDENT.getTime() + 71 * HOUR));
    freezeClock(new Date(INCIDENT.getTime() + 60 * DAY));
    const res = await h.run(asDemoUser('clinician'), CLOCKS, refs(caseId));
    expect(res).toEqual(
      one(caseId, {
        clocks: [
          clock('HIV_PEP', PEP_DEADLINE, 'MISSED'),
          clock('EMERGENCY_CONTRACEPTION', EC_DEADLINE, 'MISSED'),
          clock('HEPATITIS_B_VACCINE', HEP_B_DEADLINE, 'MET', '2026-03-23T06:00:00.000Z'),
          clock('FORENSIC_EVIDENCE', FORENSIC_DEADLINE, 'MET', '2026-03-13T05:00:00.000Z'),
        ],
      }),
    );
  });

  it('a clock a clinician recorded as not applicable shows NOT_APPLICABLE with the reason, who and when, past its deadline too', async () => {
    const caseId = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
    const at = new Date(INCIDENT.getTime() + 2 * HOUR);
    await notApplicable(caseId, ClinicalClock.EMERGENCY_CONTRACEPTION, 'Male survivor.', at);
    await notApplicable(caseId, ClinicalClock.FORENSIC_EVIDENCE, 'The survivor declined the examination.', at);
    freezeClock(new Date(INCIDENT.getTime() + 6 * DAY));
    const res = await h.run(asDemoUser('clinician'), CLOCKS, refs(caseId));
    const by = (reason: string) => ({ reason, recordedBy: 'demo:clinician', recordedAt: at.toISOString() });
    expect(res).toEqual(
      one(caseId, {
        clocks: [
          clock('HIV_PEP', PEP_DEADLINE, 'MISSED'),
          clock('EMERGENCY_CONTRACEPTION', EC_DEADLINE, 'NOT_APPLICABLE', null, by('Male survivor.')),
          clock('HEPATITIS_B_VACCINE', HEP_B_DEADLINE, 'DUE'),
          clock(
            'FORENSIC_EVIDENCE',
            FORENSIC_DEADLINE,
            'NOT_APPLICABLE',
            null,
            by('The survivor declined the examination.'),
          ),
        ],
      }),
    );
  });

  it('what was given outweighs a record that the clock does not apply: the treatment time decides', async () => {
    const caseId = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
    await notApplicable(caseId, ClinicalClock.HIV_PEP, 'Known to be on antiretroviral therapy.', INCIDENT);
    await given(caseId, TreatmentKind.HIV_PEP, new Date(INCIDENT.getTime() + 72 * HOUR + MINUTE));
    freezeClock(new Date(INCIDENT.getTime() + 4 * DAY));
    const res = await h.run(asDemoUser('clinician'), STATUSES, refs(caseId));
    expect(res).toEqual(
      one(caseId, {
        clocks: [
          { clock: 'HIV_PEP', status: 'MISSED', givenAt: '2026-03-13T06:01:00.000Z' },
          { clock: 'EMERGENCY_CONTRACEPTION', status: 'DUE', givenAt: null },
          { clock: 'HEPATITIS_B_VACCINE', status: 'DUE', givenAt: null },
          { clock: 'FORENSIC_EVIDENCE', status: 'MISSED', givenAt: null },
        ],
      }),
    );
  });

  it("counts only what was given and recorded at the case's center: a case now at HUYE-1 does not count GASABO-1's PEP", async () => {
    const caseId = await referredCase(h, 'HUYE-1', 'ACCEPTED', INCIDENT);
    await given(caseId, TreatmentKind.HIV_PEP, new Date(INCIDENT.getTime() + HOUR), 'GASABO-1');
    await notApplicable(caseId, ClinicalClock.EMERGENCY_CONTRACEPTION, 'Male survivor, seen at Kacyiru.', INCIDENT);
    await given(caseId, TreatmentKind.FORENSIC_EVIDENCE_COLLECTION, new Date(INCIDENT.getTime() + HOUR), 'HUYE-1');
    freezeClock(new Date(INCIDENT.getTime() + 2 * HOUR));
    const res = await h.run(
      asDemoUser('huye-clinician'),
      STATUSES,
      refWith(caseId, sharing({ centerCode: 'HUYE-1', district: 'Huye' })),
    );
    expect(res).toEqual(
      one(caseId, {
        clocks: [
          { clock: 'HIV_PEP', status: 'DUE', givenAt: null },
          { clock: 'EMERGENCY_CONTRACEPTION', status: 'DUE', givenAt: null },
          { clock: 'HEPATITIS_B_VACCINE', status: 'DUE', givenAt: null },
          { clock: 'FORENSIC_EVIDENCE', status: 'MET', givenAt: '2026-03-10T07:00:00.000Z' },
        ],
      }),
    );
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({
        ...HUYE_CLINICIAN,
        caseId,
        action: 'READ',
        fields: ['medical.clocks.clock', 'medical.clocks.givenAt', 'medical.clocks.status'],
        basis: 'CONSENT',
      }),
    ]);
  });

  it('run from the incident time of the referral health heard of last: a corrected incident time moves every deadline', async () => {
    const caseId = await referredCase(h, 'GASABO-1', 'REQUESTED', INCIDENT);
    const corrected = new Date(INCIDENT.getTime() + 12 * HOUR);
    // The center corrects the incident time; the referral's next move carries it.
    await seedKnownReferrals(h.orm.em.fork(), [
      {
        id: randomUUID(),
        caseId,
        centerCode: 'GASABO-1',
        district: 'Gasabo',
        incidentAt: corrected,
        status: 'REQUESTED',
        version: 1,
      },
    ]);
    freezeClock(new Date(INCIDENT.getTime() + HOUR));
    const res = await h.run(asDemoUser('clinician'), CLOCKS, refs(caseId));
    expect(res).toEqual(
      one(caseId, {
        clocks: [
          clock('HIV_PEP', '2026-03-13T18:00:00.000Z', 'DUE'),
          clock('EMERGENCY_CONTRACEPTION', '2026-03-15T18:00:00.000Z', 'DUE'),
          clock('HEPATITIS_B_VACCINE', '2026-03-24T18:00:00.000Z', 'DUE'),
          clock('FORENSIC_EVIDENCE', '2026-03-13T18:00:00.000Z', 'DUE'),
        ],
      }),
    );
  });

  it('a case no referral to health has reached yet has no clocks and no proposed visits; nothing is logged', async () => {
    const caseId = randomUUID();
    await given(caseId, TreatmentKind.HIV_PEP, INCIDENT);
    const res = await h.run(
      asDemoUser('clinician'),
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id medical { clocks { clock } followUpVisits { after } } } } }`,
      refs(caseId),
    );
    expect(res).toEqual(one(caseId, { clocks: [], followUpVisits: [] }));
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('several cases in one batch each get their own clocks', async () => {
    const a = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
    const b = await referredCase(h, 'GASABO-1', 'ACCEPTED', new Date(INCIDENT.getTime() + DAY));
    await given(b, TreatmentKind.EMERGENCY_CONTRACEPTION, new Date(INCIDENT.getTime() + DAY + HOUR));
    freezeClock(new Date(INCIDENT.getTime() + 3 * DAY + 30 * MINUTE));
    const res = await h.run(asDemoUser('clinician'), STATUSES, refs(a, b));
    expect(res).toEqual({
      data: {
        _entities: [
          {
            id: a,
            medical: {
              clocks: [
                { clock: 'HIV_PEP', status: 'MISSED', givenAt: null },
                { clock: 'EMERGENCY_CONTRACEPTION', status: 'DUE', givenAt: null },
                { clock: 'HEPATITIS_B_VACCINE', status: 'DUE', givenAt: null },
                { clock: 'FORENSIC_EVIDENCE', status: 'MISSED', givenAt: null },
              ],
            },
          },
          {
            id: b,
            medical: {
              clocks: [
                { clock: 'HIV_PEP', status: 'DUE', givenAt: null },
                { clock: 'EMERGENCY_CONTRACEPTION', status: 'MET', givenAt: '2026-03-11T07:00:00.000Z' },
                { clock: 'HEPATITIS_B_VACCINE', status: 'DUE', givenAt: null },
                { clock: 'FORENSIC_EVIDENCE', status: 'DUE', givenAt: null },
              ],
            },
          },
        ],
      },
    });
  });
});

/** Each clock: the treatment that meets it and its window. */
const WINDOWS = [
  { clock: 'HIV_PEP', kind: TreatmentKind.HIV_PEP, window: 72 * HOUR, label: '72 h' },
  { clock: 'EMERGENCY_CONTRACEPTION', kind: TreatmentKind.EMERGENCY_CONTRACEPTION, window: 120 * HOUR, label: '120 h' },
  { clock: 'HEPATITIS_B_VACCINE', kind: TreatmentKind.HEPATITIS_B_VACCINE, window: 14 * DAY, label: '14 days' },
  {
    clock: 'FORENSIC_EVIDENCE',
    kind: TreatmentKind.FORENSIC_EVIDENCE_COLLECTION,
    window: 72 * HOUR,
    label: '72 h',
  },
] as const;

const ORDER = ['HIV_PEP', 'EMERGENCY_CONTRACEPTION', 'HEPATITIS_B_VACCINE', 'FORENSIC_EVIDENCE'] as const;

describe('Case.medical.clocks: each window edge, to the minute', () => {
  // Read 15 days after the incident, when every window has closed: the clock of the treatment given is MET or MISSED
  // by the treatment's own time; the three others, with nothing given, MISSED.
  it.each(WINDOWS)(
    '$clock given at $label 0 min is MET; at $label 1 min it is MISSED, with the late time shown',
    async ({ clock: name, kind, window }) => {
      const inTime = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
      const late = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
      await given(inTime, kind, new Date(INCIDENT.getTime() + window));
      await given(late, kind, new Date(INCIDENT.getTime() + window + MINUTE));
      freezeClock(new Date(INCIDENT.getTime() + 15 * DAY));
      const res = await h.run(asDemoUser('clinician'), STATUSES, refs(inTime, late));
      const withStatus = (status: Status, givenAt: string) =>
        ORDER.map((c) => (c === name ? { clock: c, status, givenAt } : { clock: c, status: 'MISSED', givenAt: null }));
      expect(res).toEqual({
        data: {
          _entities: [
            { id: inTime, medical: { clocks: withStatus('MET', iso(INCIDENT, window)) } },
            { id: late, medical: { clocks: withStatus('MISSED', iso(INCIDENT, window + MINUTE)) } },
          ],
        },
      });
    },
  );

  // Collecting a forensic sample is the forensic clock's own act: it meets the clock as the treatment does.
  it('a forensic sample collected at 72 h 0 min meets the forensic clock; at 72 h 1 min it is MISSED', async () => {
    const inTime = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
    const late = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
    const elsewhere = await referredCase(h, 'HUYE-1', 'ACCEPTED', INCIDENT);
    await sampled(inTime, new Date(INCIDENT.getTime() + 72 * HOUR));
    await sampled(late, new Date(INCIDENT.getTime() + 72 * HOUR + MINUTE));
    // A sample collected at another center than the case's does not count, as a treatment there would not.
    await sampled(elsewhere, new Date(INCIDENT.getTime() + HOUR), 'GASABO-1');
    freezeClock(new Date(INCIDENT.getTime() + 15 * DAY));
    const forensic = (status: Status, givenAt: string | null) =>
      ORDER.map((c) =>
        c === 'FORENSIC_EVIDENCE' ? { clock: c, status, givenAt } : { clock: c, status: 'MISSED', givenAt: null },
      );
    expect(await h.run(asDemoUser('clinician'), STATUSES, refs(inTime, late))).toEqual({
      data: {
        _entities: [
          { id: inTime, medical: { clocks: forensic('MET', iso(INCIDENT, 72 * HOUR)) } },
          { id: late, medical: { clocks: forensic('MISSED', iso(INCIDENT, 72 * HOUR + MINUTE)) } },
        ],
      },
    });
    expect(
      await h.run(
        asDemoUser('huye-clinician'),
        STATUSES,
        refWith(elsewhere, sharing({ centerCode: 'HUYE-1', district: 'Huye' })),
      ),
    ).toEqual({
      data: { _entities: [{ id: elsewhere, medical: { clocks: forensic('MISSED', null) } }] },
    });
  });

  // Nothing given: read one minute before the deadline, at the deadline itself, and one minute after it.
  it.each([
    // [the clock whose edge is probed, the four statuses one minute before and at it, the four one minute after]
    ['HIV_PEP', 72 * HOUR, ['DUE', 'DUE', 'DUE', 'DUE'], ['MISSED', 'DUE', 'DUE', 'MISSED']],
    ['EMERGENCY_CONTRACEPTION', 120 * HOUR, ['MISSED', 'DUE', 'DUE', 'MISSED'], ['MISSED', 'MISSED', 'DUE', 'MISSED']],
    ['HEPATITIS_B_VACCINE', 14 * DAY, ['MISSED', 'MISSED', 'DUE', 'MISSED'], ['MISSED', 'MISSED', 'MISSED', 'MISSED']],
    ['FORENSIC_EVIDENCE', 72 * HOUR, ['DUE', 'DUE', 'DUE', 'DUE'], ['MISSED', 'DUE', 'DUE', 'MISSED']],
  ] as const)(
    'nothing given: %s is DUE one minute before its deadline and at it, MISSED one minute after',
    async (_clock, window, until, after) => {
      const caseId = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
      const expected = (statuses: readonly string[]) =>
        one(caseId, {
          clocks: [
            clock('HIV_PEP', PEP_DEADLINE, statuses[0] as Status),
            clock('EMERGENCY_CONTRACEPTION', EC_DEADLINE, statuses[1] as Status),
            clock('HEPATITIS_B_VACCINE', HEP_B_DEADLINE, statuses[2] as Status),
            clock('FORENSIC_EVIDENCE', FORENSIC_DEADLINE, statuses[3] as Status),
          ],
        });
      freezeClock(new Date(INCIDENT.getTime() + window - MINUTE));
      expect(await h.run(asDemoUser('clinician'), CLOCKS, refs(caseId))).toEqual(expected(until));
      freezeClock(new Date(INCIDENT.getTime() + window));
      expect(await h.run(asDemoUser('clinician'), CLOCKS, refs(caseId))).toEqual(expected(until));
      freezeClock(new Date(INCIDENT.getTime() + window + MINUTE));
      expect(await h.run(asDemoUser('clinician'), CLOCKS, refs(caseId))).toEqual(expected(after));
    },
  );
});

describe('Case.medical.followUpVisits: proposed 2 weeks, 3 months and 6 months after the incident', () => {
  it.each([
    ['an ordinary day', '2026-03-10T06:00:00.000Z', ['2026-03-24', '2026-06-10', '2026-09-10']],
    // Kigali is UTC+2: 22:30 UTC on 30 November is already 1 December there.
    ['just after midnight in Kigali', '2026-11-30T22:30:00.000Z', ['2026-12-15', '2027-03-01', '2027-06-01']],
    ['just before midnight in Kigali', '2026-11-30T21:59:00.000Z', ['2026-12-14', '2027-02-28', '2027-05-30']],
    ['a 30 November before a leap year', '2027-11-30T10:00:00.000Z', ['2027-12-14', '2028-02-29', '2028-05-30']],
    ['a 31 August', '2026-08-31T10:00:00.000Z', ['2026-09-14', '2026-11-30', '2027-02-28']],
  ])('from %s (%s), as days in Kigali, a short month giving its last day', async (_what, incident, days) => {
    const caseId = await referredCase(h, 'GASABO-1', 'ACCEPTED', new Date(incident));
    const res = await h.run(asDemoUser('clinician'), FOLLOW_UPS, refs(caseId));
    expect(res).toEqual(
      one(caseId, {
        followUpVisits: [
          { after: 'TWO_WEEKS', proposedFor: days[0] },
          { after: 'THREE_MONTHS', proposedFor: days[1] },
          { after: 'SIX_MONTHS', proposedFor: days[2] },
        ],
      }),
    );
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({
        ...CLINICIAN,
        caseId,
        action: 'READ',
        fields: ['medical.followUpVisits.after', 'medical.followUpVisits.proposedFor'],
        basis: 'CONSENT',
      }),
    ]);
  });
});

const BOTH = `
  query Both($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Case { id medical { clocks { clock status } followUpVisits { proposedFor } } }
    }
  }`;

describe('Case.medical.clocks and followUpVisits: who must not see them', () => {
  const denied = (reason: DenialReason, index = 0) => forbidden(reason, ['_entities', index, 'medical']);

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
  ])('%s: FORBIDDEN (MISSING_SCOPE), nothing shown, nothing logged', async (login) => {
    const caseId = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
    const res = await h.run(asDemoUser(login), BOTH, refs(caseId));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: null }] }, errors: [denied('MISSING_SCOPE')] });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a clinician whose token does not carry medical:read: FORBIDDEN (MISSING_SCOPE)', async () => {
    const narrowed = callerFromClaims({
      sub: 'demo:clinician',
      agency: 'health',
      roles: ['clinician'],
      scope: 'case:read medical:write',
      centers: ['GASABO-1'],
    });
    const caseId = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
    const res = await h.run(narrowed, BOTH, refs(caseId));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: null }] }, errors: [denied('MISSING_SCOPE')] });
  });

  it('a clinician of another center: FORBIDDEN (OUT_OF_SCOPE), nothing logged', async () => {
    const caseId = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
    const res = await h.run(asDemoUser('huye-clinician'), BOTH, refs(caseId));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: null }] }, errors: [denied('OUT_OF_SCOPE')] });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a case the center has not referred to health: FORBIDDEN (NOT_REFERRED), even where health heard of an old referral', async () => {
    const caseId = await referredCase(h, 'GASABO-1', 'REVOKED', INCIDENT);
    const res = await h.run(asDemoUser('clinician'), BOTH, refWith(caseId, sharing({ referrals: [] })));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: null }] }, errors: [denied('NOT_REFERRED')] });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('consent for health withdrawn: FORBIDDEN (CONSENT_REQUIRED)', async () => {
    const caseId = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
    const res = await h.run(asDemoUser('clinician'), BOTH, refWith(caseId, sharing({ consents: [] })));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: null }] }, errors: [denied('CONSENT_REQUIRED')] });
  });

  it('anonymous: UNAUTHENTICATED', async () => {
    const caseId = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
    const res = await h.run(anonymous, BOTH, refs(caseId));
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, medical: null }] },
      errors: [unauthenticated(['_entities', 0, 'medical'])],
    });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });
});

describe('Case.medical.clocks: representations that name no case', () => {
  it('a malformed id is refused on its own (OUT_OF_SCOPE); the other case of the batch is answered', async () => {
    const caseId = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
    freezeClock(new Date(INCIDENT.getTime() + HOUR));
    const res = await h.run(asDemoUser('clinician'), BOTH, { r: [caseRef('not-a-uuid'), caseRef(caseId)] });
    expect(res).toEqual({
      data: {
        _entities: [
          { id: 'not-a-uuid', medical: null },
          {
            id: caseId,
            medical: {
              clocks: ORDER.map((c) => ({ clock: c, status: 'DUE' })),
              followUpVisits: [
                { proposedFor: '2026-03-24' },
                { proposedFor: '2026-06-10' },
                { proposedFor: '2026-09-10' },
              ],
            },
          },
        ],
      },
      errors: [forbidden('OUT_OF_SCOPE', ['_entities', 0, 'medical'])],
    });
  });

  it('a representation without the sharing facts is refused (OUT_OF_SCOPE)', async () => {
    const caseId = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
    const res = await h.run(asDemoUser('clinician'), BOTH, refWith(caseId, null));
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, medical: null }] },
      errors: [forbidden('OUT_OF_SCOPE', ['_entities', 0, 'medical'])],
    });
  });
});

describe('Case.medical.clocks: several principals at the same moment', () => {
  it("clinicians of three centers read at once, 20 rounds: each gets exactly their own cases' clocks, and the others' are refused", async () => {
    const gasabo = await referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
    const huye = await referredCase(h, 'HUYE-1', 'ACCEPTED', INCIDENT);
    await given(gasabo, TreatmentKind.HIV_PEP, new Date(INCIDENT.getTime() + HOUR));
    await given(huye, TreatmentKind.EMERGENCY_CONTRACEPTION, new Date(INCIDENT.getTime() + HOUR), 'HUYE-1');
    freezeClock(new Date(INCIDENT.getTime() + 2 * HOUR));
    const atHuye = sharing({ centerCode: 'HUYE-1', district: 'Huye' });
    const reps = { r: [caseRef(gasabo), caseRef(huye, atHuye)] };
    const statuses = (met: string) => ({
      clocks: ORDER.map((c) => ({ clock: c, status: c === met ? 'MET' : 'DUE' })),
      followUpVisits: [{ proposedFor: '2026-03-24' }, { proposedFor: '2026-06-10' }, { proposedFor: '2026-09-10' }],
    });
    const expected = {
      clinician: {
        data: {
          _entities: [
            { id: gasabo, medical: statuses('HIV_PEP') },
            { id: huye, medical: null },
          ],
        },
        errors: [forbidden('OUT_OF_SCOPE', ['_entities', 1, 'medical'])],
      },
      'huye-clinician': {
        data: {
          _entities: [
            { id: gasabo, medical: null },
            { id: huye, medical: statuses('EMERGENCY_CONTRACEPTION') },
          ],
        },
        errors: [forbidden('OUT_OF_SCOPE', ['_entities', 0, 'medical'])],
      },
    };
    const gasabo2 = asRole('clinician', { centers: ['GASABO-2'] });
    const neither = {
      data: {
        _entities: [
          { id: gasabo, medical: null },
          { id: huye, medical: null },
        ],
      },
      errors: [
        forbidden('OUT_OF_SCOPE', ['_entities', 0, 'medical']),
        forbidden('OUT_OF_SCOPE', ['_entities', 1, 'medical']),
      ],
    };
    for (let round = 0; round < 20; round++) {
      const [a, b, c] = await Promise.all([
        h.run(asDemoUser('clinician'), BOTH, reps),
        h.run(asDemoUser('huye-clinician'), BOTH, reps),
        h.run(gasabo2, BOTH, reps),
      ]);
      expect([a, b, c]).toEqual([expected.clinician, expected['huye-clinician'], neither]);
    }
    const reads = (caseId: string) => accessLogOf(h, caseId);
    const fields = ['medical.clocks.clock', 'medical.clocks.status', 'medical.followUpVisits.proposedFor'];
    expect(await reads(gasabo)).toEqual(
      Array.from({ length: 20 }, () =>
        entry({ ...CLINICIAN, caseId: gasabo, action: 'READ', fields, basis: 'CONSENT' }),
      ),
    );
    expect(await reads(huye)).toEqual(
      Array.from({ length: 20 }, () =>
        entry({ ...HUYE_CLINICIAN, caseId: huye, action: 'READ', fields, basis: 'CONSENT' }),
      ),
    );
  });
});

describe('a treatment dated before the incident', () => {
  it('never makes a clock MET: the clock reads as if nothing had been given (a mistyped date)', () => {
    const incident = new Date('2025-06-01T06:00:00.000Z');
    const now = new Date(incident.getTime() + 60 * 3_600_000);
    const before = { kind: TreatmentKind.HIV_PEP, givenAt: new Date(incident.getTime() - 60_000) };
    const pep = readClocks(incident, [before], [], now).find((c) => c.clock === ClinicalClock.HIV_PEP);
    expect(pep).toEqual({
      clock: ClinicalClock.HIV_PEP,
      deadline: new Date(incident.getTime() + 72 * 3_600_000),
      status: 'DUE',
      givenAt: null,
      notApplicable: null,
    });
  });
});
