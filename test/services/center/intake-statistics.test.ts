import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { IncidentType } from '../../../services/center/types/incident-type.js';
import { Roles, type Role } from '../../../services/shared/catalogue.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { anonymous, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { intake } from '../../helpers/case-files.js';
import { accessLogSince, addConsent, entry, freezeClock, lastLogId, openCase } from './fixtures.js';

// The center's intake statistics through its subgraph: who may ask, what is counted (only cases whose survivor
// consents to statistics, now), what is hidden, and what the access log keeps (one entry per question, no case).
// Each describe works in a month of its own, long ago, so that their cases never meet.

const STATS = `query Stats($q: StatisticsQuery!) { intakeStatistics(query: $q) {
  statistic period from to rows columns threshold rowLabels columnLabels
  cells { row column count suppressed } rowTotals { row column count suppressed }
  columnTotals { row column count suppressed } total { row column count suppressed } csv } }`;

const TYPES = Object.values(IncidentType);
const analyst = asRole('analyst');
const ministry = asRole('ministry-system');

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
});
afterEach(() => {
  vi.useRealTimers();
});

/** Open `n` cases at a center at the frozen instant, each with consent to statistics unless `consent` says not. */
async function cases(
  centerCode: string,
  n: number,
  incidentType: string,
  consent: 'given' | 'none' | 'withdrawn' | 'expired' = 'given',
): Promise<void> {
  for (let i = 0; i < n; i++) {
    const { id } = await openCase(h, intake(centerCode, { incidentType }));
    const now = new Date();
    if (consent === 'given') await addConsent(h, id, 'STATISTICS', { givenAt: now });
    if (consent === 'withdrawn') await addConsent(h, id, 'STATISTICS', { givenAt: now, withdrawnAt: now });
    if (consent === 'expired') await addConsent(h, id, 'STATISTICS', { givenAt: now, expiresAt: now });
  }
}

const cell = (row: string | null, column: string | null, count: number | null) => ({
  row,
  column,
  count,
  suppressed: count === null,
});

describe('intakes in March 2024 by incident type', () => {
  const q = { period: 'MONTH', from: '2024-03-01', to: '2024-03-31', rows: 'INCIDENT_TYPE' };
  beforeAll(async () => {
    freezeClock(new Date('2024-03-15T08:00:00Z'));
    await cases('GASABO-1', 7, 'RAPE');
    await cases('GASABO-1', 2, 'PHYSICAL_ASSAULT');
    await cases('KICUKIRO-1', 6, 'SEXUAL_ASSAULT');
    // Not counted: no consent to statistics, a consent withdrawn, a consent expired.
    await cases('GASABO-1', 1, 'RAPE', 'none');
    await cases('GASABO-1', 1, 'RAPE', 'withdrawn');
    await cases('GASABO-1', 1, 'PHYSICAL_ASSAULT', 'expired');
    vi.useRealTimers();
  });

  it('counts each consented case once; hides the 2 and, beside it, the smallest other count, so the total cannot give it back', async () => {
    const counts: Record<string, number | null> = { RAPE: 7, SEXUAL_ASSAULT: null, PHYSICAL_ASSAULT: null };
    expect(await h.run(analyst, STATS, { q })).toEqual({
      data: {
        intakeStatistics: {
          statistic: 'intakes',
          period: 'MONTH',
          from: '2024-03-01',
          to: '2024-03-31',
          rows: 'INCIDENT_TYPE',
          columns: null,
          threshold: 5,
          rowLabels: TYPES,
          columnLabels: [],
          cells: TYPES.map((t) => cell(t, null, t in counts ? counts[t]! : 0)),
          rowTotals: [],
          columnTotals: [],
          total: cell(null, null, 15),
          csv: [
            'incident_type,count',
            'RAPE,7',
            'SEXUAL_ASSAULT,suppressed',
            'PHYSICAL_ASSAULT,suppressed',
            'FORCED_MARRIAGE,0',
            'DENIAL_OF_RESOURCES,0',
            'PSYCHOLOGICAL_ABUSE,0',
            'NON_GBV,0',
            'total,15',
            '',
          ].join('\n'),
        },
      },
    });
  });

  /** The ministry system's access-log entry for one intake question: the question, naming no case. */
  const logged = (x: Record<string, unknown>) =>
    entry(ministry, {
      caseId: null,
      action: 'READ',
      fields: ['intakeStatistics'],
      basis: 'STATISTICS',
      reason: JSON.stringify({ statistic: 'intakes', ...x, columns: null, province: null, district: null }),
    });

  it('writes one access-log entry for the question, naming no case, whatever the number of cases counted', async () => {
    const since = await lastLogId(h);
    await h.run(ministry, STATS, { q });
    expect(await accessLogSince(h, since)).toEqual([logged(q)]);
  });

  it('writes one entry for each question of a request that asks several, each naming its own question', async () => {
    const since = await lastLogId(h);
    const TWO = `query Two($a: StatisticsQuery!, $b: StatisticsQuery!) {
      a: intakeStatistics(query: $a) { total { count } } b: intakeStatistics(query: $b) { total { count } } }`;
    const b = { ...q, rows: 'SEX' };
    expect((await h.run(ministry, TWO, { a: q, b })).errors).toBeUndefined();
    const entries = await accessLogSince(h, since);
    expect(entries).toHaveLength(2);
    expect(entries).toEqual(expect.arrayContaining([logged(q), logged(b)]));
  });

  it('answers a good question beside a bad one: the bad one alone is null, with its error, and only the good one is logged', async () => {
    const since = await lastLogId(h);
    const TWO = `query Two($a: StatisticsQuery!, $b: StatisticsQuery!) {
      good: intakeStatistics(query: $a) { total { count suppressed } } bad: intakeStatistics(query: $b) { total { count } } }`;
    expect(await h.run(ministry, TWO, { a: q, b: { ...q, from: '2024-03-02' } })).toEqual({
      data: { good: { total: { count: 15, suppressed: false } }, bad: null },
      errors: [badInput({ field: 'query.from', problem: 'must be the first day of a month' }, ['bad'])],
    });
    expect(await accessLogSince(h, since)).toEqual([logged(q)]);
  });

  it('by district and incident type: the districts of Kigali City, with totals that hide what the cells hide', async () => {
    const res = await h.run(analyst, STATS, {
      q: { ...q, rows: 'DISTRICT', columns: 'INCIDENT_TYPE', province: 'Kigali City' },
    });
    const t = (res.data as { intakeStatistics: Record<string, unknown> }).intakeStatistics;
    expect(t.rowLabels).toEqual(['Gasabo', 'Kicukiro', 'Nyarugenge']);
    const shown = (t.cells as ReturnType<typeof cell>[]).filter((c) => c.count !== 0);
    // Kicukiro's 6 is hidden because Kigali's 6 sexual assaults are (the complement of the 2 physical assaults), and
    // its row of 6 needs a second hidden cell: no other count there is above 0, so a 0 is hidden. Each hidden column
    // total also hides a 0 beside its one non-zero child, or the column would say where all its survivors came from
    // (both physical assaults in Gasabo): hence Gasabo's 0 sexual assaults and Kicukiro's 0 physical assaults.
    expect(shown).toEqual([
      cell('Gasabo', 'RAPE', null),
      cell('Gasabo', 'SEXUAL_ASSAULT', null),
      cell('Gasabo', 'PHYSICAL_ASSAULT', null),
      cell('Kicukiro', 'RAPE', null),
      cell('Kicukiro', 'SEXUAL_ASSAULT', null),
      cell('Kicukiro', 'PHYSICAL_ASSAULT', null),
    ]);
    expect(t.rowTotals).toEqual([cell('Gasabo', null, 9), cell('Kicukiro', null, 6), cell('Nyarugenge', null, 0)]);
    expect(t.columnTotals).toEqual(
      TYPES.map((c) => cell(null, c, c === 'RAPE' ? 7 : ['SEXUAL_ASSAULT', 'PHYSICAL_ASSAULT'].includes(c) ? null : 0)),
    );
    expect(t.total).toEqual(cell(null, null, 15));
  });
});

describe('two questions a filter or a day apart', () => {
  type Table = { cells: ReturnType<typeof cell>[]; rowTotals: ReturnType<typeof cell>[]; total: unknown };
  const ask = async (q: Record<string, unknown>) =>
    ((await h.run(analyst, STATS, { q })).data as { intakeStatistics: Table }).intakeStatistics;

  it('narrowed to a province, each district shows what the national table shows: there is nothing to subtract', async () => {
    const march = { period: 'MONTH', from: '2024-03-01', to: '2024-03-31', rows: 'DISTRICT', columns: 'INCIDENT_TYPE' };
    const national = await ask(march);
    const kigali = await ask({ ...march, province: 'Kigali City' });
    for (const c of [...kigali.cells, ...kigali.rowTotals])
      expect([...national.cells, ...national.rowTotals]).toContainEqual(c);
  });

  it('days 1-15 and 1-16 of March: the same figure for each shared day, and no total over either range', async () => {
    const days = { period: 'DAY', from: '2024-03-01', to: '2024-03-15', rows: 'PERIOD', columns: 'SEX' };
    const fifteen = await ask(days);
    const sixteen = await ask({ ...days, to: '2024-03-16' });
    expect(sixteen.cells.slice(0, fifteen.cells.length)).toEqual(fifteen.cells);
    expect([fifteen.total, sixteen.total]).toEqual([null, null]);
    // The 15th holds every case of the month: 15 by sex (all women) is shown, and nothing else is non-zero.
    expect(fifteen.cells.filter((c) => c.count !== 0)).toEqual([cell('2024-03-15', 'FEMALE', 15)]);
  });
});

describe('who may ask', () => {
  const q = { period: 'YEAR', from: '2023-01-01', to: '2023-12-31', rows: 'SEX' };
  const without = (Object.keys(Roles) as Role[]).filter(
    (r) => !(Roles[r].scopes as readonly string[]).includes('stats:read'),
  );

  it('the roles holding stats:read: the analyst and the ministry system', () => {
    expect(without.length).toBe(Object.keys(Roles).length - 2);
  });

  it.each(without)('refuses a %s (no stats:read) with FORBIDDEN MISSING_SCOPE, and logs nothing', async (role) => {
    const since = await lastLogId(h);
    expect(await h.run(asRole(role, { centers: ['GASABO-1'], district: 'Gasabo' }), STATS, { q })).toEqual({
      data: { intakeStatistics: null },
      errors: [forbidden('MISSING_SCOPE', ['intakeStatistics'])],
    });
    expect(await accessLogSince(h, since)).toEqual([]);
  });

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    expect(await h.run(anonymous, STATS, { q })).toEqual({
      data: { intakeStatistics: null },
      errors: [unauthenticated(['intakeStatistics'])],
    });
  });
});

describe('bad questions are refused whole, before anything is read or logged', () => {
  it.each([
    [
      'a range not on month boundaries, two places',
      { period: 'MONTH', from: '2024-03-02', to: '2024-03-30', rows: 'DISTRICT', columns: 'CENTER' },
      [
        { field: 'query.from', problem: 'must be the first day of a month' },
        { field: 'query.to', problem: 'must be the last day of a month' },
        {
          field: 'query.columns',
          problem: 'one of rows and columns may be a place (province, district or center), not both',
        },
      ],
    ],
    [
      'an unknown district and a day that does not exist',
      { period: 'DAY', from: '2024-02-30', to: '2024-02-30', rows: 'SEX', district: 'Atlantis' },
      [
        { field: 'query.from', problem: 'must be a calendar day, YYYY-MM-DD' },
        { field: 'query.to', problem: 'must be a calendar day, YYYY-MM-DD' },
        { field: 'query.district', problem: 'must be one of the districts with a center' },
      ],
    ],
    [
      'a range of two months for a table not by period',
      { period: 'MONTH', from: '2024-03-01', to: '2024-04-30', rows: 'SEX' },
      [
        {
          field: 'query.to',
          problem: 'a table not by PERIOD covers one month: from and to must fall in the same one',
        },
      ],
    ],
    [
      'more than a year of days',
      { period: 'DAY', from: '2023-01-01', to: '2024-01-02', rows: 'PERIOD' },
      [{ field: 'query.to', problem: 'at most 366 days' }],
    ],
    [
      // Checked by the argument's own rules before the question is read: named after the argument all the same.
      'a day longer than a date',
      { period: 'DAY', from: '2024-03-01'.repeat(2), to: '2024-03-31', rows: 'PERIOD' },
      [{ field: 'query.from', problem: 'from must be shorter than or equal to 10 characters' }],
    ],
  ])('%s', async (_name, q, problems) => {
    const since = await lastLogId(h);
    expect(await h.run(analyst, STATS, { q })).toEqual({
      data: { intakeStatistics: null },
      errors: [badInput(problems, ['intakeStatistics'])],
    });
    expect(await accessLogSince(h, since)).toEqual([]);
  });
});

describe('several analysts at the same moment', () => {
  it('each gets the whole answer to their own question, and each question is logged once, as its asker', async () => {
    freezeClock(new Date('2022-06-10T08:00:00Z'));
    await cases('HUYE-1', 8, 'RAPE');
    await cases('MUSANZE-1', 5, 'SEXUAL_ASSAULT');
    vi.useRealTimers();
    const byType = { period: 'MONTH', from: '2022-06-01', to: '2022-06-30', rows: 'INCIDENT_TYPE' };
    const byProvince = { ...byType, rows: 'PROVINCE' };
    const askers = Array.from({ length: 6 }, (_, i) => asRole(i % 2 ? 'analyst' : 'ministry-system', {}));
    const alone = {
      type: await h.run(analyst, STATS, { q: byType }),
      province: await h.run(analyst, STATS, { q: byProvince }),
    };
    const since = await lastLogId(h);
    const together = await Promise.all(askers.map((p, i) => h.run(p, STATS, { q: i < 3 ? byType : byProvince })));
    together.forEach((res, i) => expect(res).toEqual(i < 3 ? alone.type : alone.province));
    const logged = await accessLogSince(h, since);
    expect(logged.map((e) => [e.subject, e.reason]).sort()).toEqual(
      askers
        .map((p, i) => [
          p.subject,
          JSON.stringify({
            statistic: 'intakes',
            ...(i < 3 ? byType : byProvince),
            columns: null,
            province: null,
            district: null,
          }),
        ])
        .sort(),
    );
  });
});
