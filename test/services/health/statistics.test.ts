import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClockNotApplicable } from '../../../services/health/entities/clock-not-applicable.entity.js';
import { Treatment } from '../../../services/health/entities/treatment.entity.js';
import { health } from '../../../services/health/index.js';
import { readClocks } from '../../../services/health/policies/clinical-clocks.js';
import { ClinicalClock } from '../../../services/health/types/clinical-clock.js';
import { TreatmentKind } from '../../../services/health/types/treatment-kind.js';
import { type Role, Roles } from '../../../services/shared/catalogue.js';
import { configureThreshold } from '../../../services/shared/statistics/threshold.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { anonymous, asRole } from '../../helpers/principals.js';
import { cell, type Consent, TABLE_FIELDS, tellFacts } from '../../helpers/statistics.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, DAY, freezeClock, HOUR, MINUTE, referredCase } from './fixtures.js';

// Health's statistics: survivors referred to health by one clinical clock's status, or by whether they received a
// treatment, in the period of the incident, counting only those whose consent to statistics holds now. The clock
// status is the one Case.medical shows (readClocks), edges to the minute.

const CLOCK = `query Clock($clock: ClinicalClock!, $q: StatisticsQuery!) {
  clockStatistics(clock: $clock, query: $q) { ${TABLE_FIELDS} } }`;
const TREATMENT = `query Treatment($t: TreatmentKind!, $q: StatisticsQuery!) {
  treatmentStatistics(treatment: $t, query: $q) { ${TABLE_FIELDS} } }`;
const analyst = asRole('analyst');
const MAY = { period: 'MONTH', from: '2024-05-01', to: '2024-05-31', rows: 'CLOCK_STATUS' };
const STATUSES = ['DUE', 'MET', 'MISSED', 'NOT_APPLICABLE'];

let h: SubgraphHarness;
const now = new Date('2024-05-20T10:00:00Z');
const cases: { id: string; incidentAt: Date; given: Date | null; na: boolean }[] = [];

beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(health, await testDatabase()));
  freezeClock(now);
  const early = new Date('2024-05-10T08:00:00Z');
  const add = async (incidentAt: Date, given: Date | null, na: boolean, consent: Consent = 'given') => {
    const id = await referredCase(h, 'GASABO-1', 'ACCEPTED', incidentAt);
    await tellFacts(h, id, { consent });
    const em = h.orm.em.fork();
    // HIV PEP for its clock, and STI prophylaxis beside it for the treatment statistics (a treatment with no clock).
    if (given)
      for (const kind of [TreatmentKind.HIV_PEP, TreatmentKind.STI_PROPHYLAXIS])
        em.create(Treatment, {
          caseId: id,
          centerCode: 'GASABO-1',
          encounter: null,
          kind,
          givenAt: given,
          notes: null,
          recordedBy: 'demo:clinician',
        });
    if (na)
      em.create(ClockNotApplicable, {
        caseId: id,
        centerCode: 'GASABO-1',
        clock: ClinicalClock.HIV_PEP,
        reason: 'Fixture: on PEP already.',
        recordedBy: 'demo:clinician',
      });
    await em.flush();
    if (consent === 'given') cases.push({ id, incidentAt, given, na });
  };
  for (let i = 0; i < 6; i++) await add(early, new Date(early.getTime() + 72 * HOUR), false); // 72 h 0 min: MET
  for (let i = 0; i < 5; i++) await add(early, new Date(early.getTime() + 72 * HOUR + MINUTE), false); // MISSED
  for (let i = 0; i < 2; i++) await add(early, null, true); // NOT_APPLICABLE
  await add(new Date(now.getTime() - DAY), null, false); // DUE: 24 h of 72 gone
  // Not counted: no consent to statistics, withdrawn, expired (each would be MET).
  for (const consent of ['none', 'withdrawn', 'expired'] as const)
    await add(early, new Date(early.getTime() + HOUR), false, consent);
});
afterEach(() => {
  configureThreshold(5);
});

/** The entries in health's access log. */
const logged = async () =>
  (
    (await h.orm.em.fork().getConnection().execute(`select count(*)::int as n from health.access_log`)) as {
      n: number;
    }[]
  )[0]!.n;

describe('clockStatistics', () => {
  it('counts each consented survivor once by the HIV PEP clock: MET shown, the small counts and a complement suppressed', async () => {
    freezeClock(now);
    expect(await h.run(analyst, CLOCK, { clock: 'HIV_PEP', q: MAY })).toEqual({
      data: {
        clockStatistics: {
          statistic: 'cases by HIV_PEP clock status',
          period: 'MONTH',
          from: '2024-05-01',
          to: '2024-05-31',
          rows: 'CLOCK_STATUS',
          columns: null,
          threshold: 5,
          rowLabels: STATUSES,
          columnLabels: [],
          // DUE 1 and NOT_APPLICABLE 2 are below 5, and together 3: MISSED (5), the smallest other, hides with them.
          cells: [
            cell('DUE', null, null),
            cell('MET', null, 6),
            cell('MISSED', null, null),
            cell('NOT_APPLICABLE', null, null),
          ],
          rowTotals: [],
          columnTotals: [],
          total: cell(null, null, 14),
          csv: 'clock_status,count\nDUE,suppressed\nMET,6\nMISSED,suppressed\nNOT_APPLICABLE,suppressed\ntotal,14\n',
        },
      },
    });
    vi.useRealTimers();
  });

  it('says what Case.medical says of each survivor: the counts at a threshold of 2 are the tally of readClocks', async () => {
    freezeClock(now);
    configureThreshold(2);
    const tally = new Map(STATUSES.map((s) => [s, 0]));
    for (const c of cases) {
      const given = c.given ? [{ kind: TreatmentKind.HIV_PEP, givenAt: c.given }] : [];
      const na = c.na ? [{ clock: ClinicalClock.HIV_PEP } as ClockNotApplicable] : [];
      const status = readClocks(c.incidentAt, given, na, now).find((r) => r.clock === ClinicalClock.HIV_PEP)!.status;
      tally.set(status, tally.get(status)! + 1);
    }
    expect(Object.fromEntries(tally)).toEqual({ DUE: 1, MET: 6, MISSED: 5, NOT_APPLICABLE: 2 });
    const res = await h.run(analyst, CLOCK, { clock: 'HIV_PEP', q: MAY });
    const t = (res.data as { clockStatistics: { cells: ReturnType<typeof cell>[] } }).clockStatistics;
    // DUE (1) is below 2 and hides with the smallest other, NOT_APPLICABLE (2).
    expect(t.cells).toEqual([
      cell('DUE', null, null),
      cell('MET', null, 6),
      cell('MISSED', null, 5),
      cell('NOT_APPLICABLE', null, null),
    ]);
    vi.useRealTimers();
  });

  it('writes one access-log entry for the question, naming no case', async () => {
    const before = await logged();
    await h.run(analyst, CLOCK, { clock: 'HIV_PEP', q: MAY });
    const rows = await h.orm.em
      .fork()
      .getConnection()
      .execute(
        `select subject, case_id, action, fields, basis, reason from health.access_log order by id desc limit 1`,
      );
    expect(rows).toEqual([
      {
        subject: analyst.subject,
        case_id: null,
        action: 'READ',
        fields: ['clockStatistics'],
        basis: 'STATISTICS',
        reason: JSON.stringify({
          statistic: 'cases by HIV_PEP clock status',
          ...MAY,
          columns: null,
          province: null,
          district: null,
        }),
      },
    ]);
    expect((await logged()) - before).toBe(1);
    expect(await accessLogOf(h, cases[0]!.id)).toEqual([]);
  });
});

describe('treatmentStatistics', () => {
  it('counts survivors by whether they received STI prophylaxis, by district', async () => {
    freezeClock(now);
    configureThreshold(2);
    const res = await h.run(analyst, TREATMENT, {
      t: 'STI_PROPHYLAXIS',
      q: { ...MAY, rows: 'DISTRICT', columns: 'TREATMENT', province: 'Kigali City' },
    });
    const t = (res.data as { treatmentStatistics: Record<string, unknown> }).treatmentStatistics;
    expect([t.rowLabels, t.columnLabels, t.cells, t.total]).toEqual([
      ['Gasabo'],
      ['RECEIVED', 'NOT_RECEIVED'],
      [cell('Gasabo', 'RECEIVED', 11), cell('Gasabo', 'NOT_RECEIVED', 3)],
      cell(null, null, 14),
    ]);
    vi.useRealTimers();
  });

  it.each([
    ['HIV_PEP', 'HIV_PEP'],
    ['EMERGENCY_CONTRACEPTION', 'EMERGENCY_CONTRACEPTION'],
    ['HEPATITIS_B_VACCINE', 'HEPATITIS_B_VACCINE'],
    ['FORENSIC_EVIDENCE_COLLECTION', 'FORENSIC_EVIDENCE'],
  ])('refuses %s, which has a clinical clock, and names the clock to ask; nothing is logged', async (t, clock) => {
    const since = await logged();
    expect(await h.run(analyst, TREATMENT, { t, q: MAY })).toEqual({
      data: { treatmentStatistics: null },
      errors: [
        badInput(
          [{ field: 'treatment', problem: `has a clinical clock: ask clockStatistics(clock: ${clock}) instead` }],
          ['treatmentStatistics'],
        ),
      ],
    });
    expect(await logged()).toBe(since);
  });
});

describe('who may ask', () => {
  const without = (Object.keys(Roles) as Role[]).filter(
    (r) => !(Roles[r].scopes as readonly string[]).includes('stats:read'),
  );
  it.each(without)('refuses a %s (no stats:read) with FORBIDDEN MISSING_SCOPE', async (role) => {
    const p = asRole(role, { centers: ['GASABO-1'], district: 'Gasabo' });
    expect(await h.run(p, CLOCK, { clock: 'HIV_PEP', q: MAY })).toEqual({
      data: { clockStatistics: null },
      errors: [forbidden('MISSING_SCOPE', ['clockStatistics'])],
    });
    expect(await h.run(p, TREATMENT, { t: 'STI_PROPHYLAXIS', q: MAY })).toEqual({
      data: { treatmentStatistics: null },
      errors: [forbidden('MISSING_SCOPE', ['treatmentStatistics'])],
    });
  });

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    expect(await h.run(anonymous, CLOCK, { clock: 'HIV_PEP', q: MAY })).toEqual({
      data: { clockStatistics: null },
      errors: [unauthenticated(['clockStatistics'])],
    });
  });
});

describe('bad questions', () => {
  it('a breakdown health does not have, and a range not on month boundaries', async () => {
    expect(await h.run(analyst, CLOCK, { clock: 'HIV_PEP', q: { ...MAY, rows: 'INVESTIGATION_STATUS' } })).toEqual({
      data: { clockStatistics: null },
      errors: [
        badInput(
          {
            field: 'query.rows',
            problem:
              'cases by HIV_PEP clock status are broken down by PERIOD, PROVINCE, DISTRICT, CENTER, INCIDENT_TYPE, AGE_BAND, SEX, NATIONALITY_GROUP, CLOCK_STATUS',
          },
          ['clockStatistics'],
        ),
      ],
    });
    expect(await h.run(analyst, CLOCK, { clock: 'HIV_PEP', q: { ...MAY, from: '2024-05-02' } })).toEqual({
      data: { clockStatistics: null },
      errors: [badInput({ field: 'query.from', problem: 'must be the first day of a month' }, ['clockStatistics'])],
    });
  });
});
