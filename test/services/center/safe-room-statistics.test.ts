import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { anonymous, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogSince, entry, freezeClock, lastLogId, WITHDRAW_CONSENT } from './fixtures.js';
import { addStay, cell, statisticsCases, WITHOUT_STATS } from './statistics-fixtures.js';

// Safe Room admissions for the analysts through the center's subgraph: each case once, in the Kigali day of its first
// stay, by the nights that stay lasted; only cases whose survivor consents to statistics, now. Who may ask, what is
// hidden, what the access log keeps. Each describe works in a month of its own, long ago, so that their cases never
// meet.

const STATS = `query Stats($q: StatisticsQuery!) { safeRoomStatistics(query: $q) {
  statistic period from to rows columns threshold rowLabels columnLabels
  cells { row column count suppressed } rowTotals { row column count suppressed }
  columnTotals { row column count suppressed } total { row column count suppressed } csv } }`;

const BANDS = ['0-1 NIGHTS', '2-3 NIGHTS', '4-7 NIGHTS', '8-14 NIGHTS', 'OVER 14 NIGHTS', 'STILL STAYING'];
const analyst = asRole('analyst');
const ministry = asRole('ministry-system');
type Table = Record<string, unknown> & { cells: ReturnType<typeof cell>[]; total: ReturnType<typeof cell> | null };
const table = (res: { data?: unknown }) => (res.data as { safeRoomStatistics: Table }).safeRoomStatistics;

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Safe Room admissions in March 2024, by length of stay', () => {
  const q = { period: 'MONTH', from: '2024-03-01', to: '2024-03-31', rows: 'LENGTH_OF_STAY' };
  beforeAll(async () => {
    // Opened on 29 February at 22:00 in Kigali, admitted at 00:30 on 1 March, left that morning: 0 nights, in March.
    freezeClock(new Date('2024-02-29T20:00:00Z'));
    const [leap] = await statisticsCases(h, 'GASABO-1', 1);
    await addStay(h, leap!, '2024-02-29T22:30:00Z', '2024-03-01T10:00:00Z');
    // Five admitted in December for 2 nights, the first of them again in March: counted once, in December, where
    // its first stay began.
    freezeClock(new Date('2023-12-20T06:00:00Z'));
    const december = await statisticsCases(h, 'GASABO-1', 5);
    for (const id of december) await addStay(h, id, '2023-12-20T08:00:00Z', '2023-12-22T08:00:00Z');
    await addStay(h, december[0]!, '2024-03-05T08:00:00Z', '2024-03-06T08:00:00Z');

    freezeClock(new Date('2024-03-10T06:00:00Z'));
    // Six more of one night (10:00 to 08:00 the next day); the first is admitted again on the 20th for 10 nights,
    // which neither counts it twice nor moves it out of its first stay's band.
    const night = await statisticsCases(h, 'GASABO-1', 6);
    for (const id of night) await addStay(h, id, '2024-03-10T08:00:00Z', '2024-03-11T06:00:00Z');
    await addStay(h, night[0]!, '2024-03-20T08:00:00Z', '2024-03-30T08:00:00Z');
    for (const id of await statisticsCases(h, 'GASABO-1', 2, { incidentType: 'PHYSICAL_ASSAULT' }))
      await addStay(h, id, '2024-03-10T08:00:00Z', '2024-03-15T09:00:00Z');
    for (const id of await statisticsCases(h, 'KICUKIRO-1', 6, { incidentType: 'SEXUAL_ASSAULT' }))
      await addStay(h, id, '2024-03-12T08:00:00Z', null);
    // Not counted: stays of cases with no consent to statistics, a consent withdrawn, a consent expired; and a case
    // consenting that never stayed.
    for (const consent of ['none', 'withdrawn', 'expired'] as const)
      for (const id of await statisticsCases(h, 'GASABO-1', 1, { consent }))
        await addStay(h, id, '2024-03-10T08:00:00Z', '2024-03-11T06:00:00Z');
    await statisticsCases(h, 'GASABO-1', 1);
    vi.useRealTimers();
  });

  it('counts each consenting case once, by its first stay; hides the 2 and, beside it, the smallest other count', async () => {
    const counts: Record<string, number | null> = { '0-1 NIGHTS': 7, '4-7 NIGHTS': null, 'STILL STAYING': null };
    expect(await h.run(analyst, STATS, { q })).toEqual({
      data: {
        safeRoomStatistics: {
          statistic: 'Safe Room admissions by length of stay',
          period: 'MONTH',
          from: '2024-03-01',
          to: '2024-03-31',
          rows: 'LENGTH_OF_STAY',
          columns: null,
          threshold: 5,
          rowLabels: BANDS,
          columnLabels: [],
          cells: BANDS.map((b) => cell(b, null, b in counts ? counts[b]! : 0)),
          rowTotals: [],
          columnTotals: [],
          total: cell(null, null, 15),
          csv: [
            'length_of_stay,count',
            '0-1 NIGHTS,7',
            '2-3 NIGHTS,0',
            '4-7 NIGHTS,suppressed',
            '8-14 NIGHTS,0',
            'OVER 14 NIGHTS,0',
            'STILL STAYING,suppressed',
            'total,15',
            '',
          ].join('\n'),
        },
      },
    });
  });

  it('by center: each admission at the center of its stay; the cases first admitted in December count there', async () => {
    const byCenter = table(
      await h.run(analyst, STATS, { q: { ...q, rows: 'CENTER', columns: 'LENGTH_OF_STAY', district: 'Gasabo' } }),
    );
    expect(byCenter.rowLabels).toEqual(['GASABO-1', 'GASABO-2']);
    expect(byCenter.rowTotals).toEqual([cell('GASABO-1', null, 9), cell('GASABO-2', null, 0)]);
    const december = table(await h.run(analyst, STATS, { q: { ...q, from: '2023-12-01', to: '2023-12-31' } }));
    expect(december.cells.filter((c) => c.count !== 0)).toEqual([cell('2-3 NIGHTS', null, 5)]);
    expect(december.total).toEqual(cell(null, null, 5));
  });

  it('writes one access-log entry for the question, naming no case', async () => {
    const since = await lastLogId(h);
    await h.run(ministry, STATS, { q });
    expect(await accessLogSince(h, since)).toEqual([
      entry(ministry, {
        caseId: null,
        action: 'READ',
        fields: ['safeRoomStatistics'],
        basis: 'STATISTICS',
        reason: JSON.stringify({
          statistic: 'Safe Room admissions by length of stay',
          ...q,
          columns: null,
          province: null,
          district: null,
        }),
      }),
    ]);
  });

  it('two analysts at the same moment each get the whole answer to their own question, each logged once as its asker', async () => {
    const byProvince = { ...q, rows: 'PROVINCE', columns: 'LENGTH_OF_STAY' };
    const askers = Array.from({ length: 6 }, (_, i) => asRole(i % 2 ? 'analyst' : 'ministry-system', {}));
    const alone = [await h.run(analyst, STATS, { q }), await h.run(analyst, STATS, { q: byProvince })];
    const since = await lastLogId(h);
    const together = await Promise.all(askers.map((p, i) => h.run(p, STATS, { q: i < 3 ? q : byProvince })));
    together.forEach((res, i) => expect(res).toEqual(alone[i < 3 ? 0 : 1]));
    expect((await accessLogSince(h, since)).map((e) => [e.subject, e.reason]).sort()).toEqual(
      askers
        .map((p, i) => [
          p.subject,
          JSON.stringify(
            i < 3
              ? {
                  statistic: 'Safe Room admissions by length of stay',
                  ...q,
                  columns: null,
                  province: null,
                  district: null,
                }
              : { statistic: 'Safe Room admissions by length of stay', ...byProvince, province: null, district: null },
          ),
        ])
        .sort(),
    );
  });
});

describe('a consent to statistics withdrawn', () => {
  it('takes the case out of the next answer', async () => {
    const q = { period: 'MONTH', from: '2023-05-01', to: '2023-05-31', rows: 'LENGTH_OF_STAY' };
    freezeClock(new Date('2023-05-10T06:00:00Z'));
    const ids = await statisticsCases(h, 'HUYE-1', 6);
    for (const id of ids) await addStay(h, id, '2023-05-10T08:00:00Z', '2023-05-12T08:00:00Z');
    vi.useRealTimers();
    const before = table(await h.run(analyst, STATS, { q }));
    expect([before.cells[1], before.total]).toEqual([cell('2-3 NIGHTS', null, 6), cell(null, null, 6)]);
    const reception = asRole('reception-officer', { centers: ['HUYE-1'] });
    const withdrawn = await h.run(reception, WITHDRAW_CONSENT, { input: { caseId: ids[0], scope: 'STATISTICS' } });
    expect(withdrawn.errors).toBeUndefined();
    const after = table(await h.run(analyst, STATS, { q }));
    expect([after.cells[1], after.total]).toEqual([cell('2-3 NIGHTS', null, 5), cell(null, null, 5)]);
  });
});

describe('who may ask', () => {
  const q = { period: 'YEAR', from: '2023-01-01', to: '2023-12-31', rows: 'LENGTH_OF_STAY' };

  it.each(WITHOUT_STATS)(
    'refuses a %s (no stats:read) with FORBIDDEN MISSING_SCOPE, and logs nothing',
    async (role) => {
      const since = await lastLogId(h);
      expect(await h.run(asRole(role, { centers: ['GASABO-1'], district: 'Gasabo' }), STATS, { q })).toEqual({
        data: { safeRoomStatistics: null },
        errors: [forbidden('MISSING_SCOPE', ['safeRoomStatistics'])],
      });
      expect(await accessLogSince(h, since)).toEqual([]);
    },
  );

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    expect(await h.run(anonymous, STATS, { q })).toEqual({
      data: { safeRoomStatistics: null },
      errors: [unauthenticated(['safeRoomStatistics'])],
    });
  });
});

describe('bad questions are refused whole, before anything is read or logged', () => {
  it.each([
    [
      'another agency’s breakdown',
      { period: 'MONTH', from: '2024-03-01', to: '2024-03-31', rows: 'CLOCK_STATUS' },
      [
        {
          field: 'query.rows',
          problem:
            'Safe Room admissions by length of stay are broken down by PERIOD, PROVINCE, DISTRICT, CENTER, INCIDENT_TYPE, AGE_BAND, SEX, NATIONALITY_GROUP, LENGTH_OF_STAY',
        },
      ],
    ],
    [
      'a range not on month boundaries',
      { period: 'MONTH', from: '2024-03-02', to: '2024-03-30', rows: 'LENGTH_OF_STAY' },
      [
        { field: 'query.from', problem: 'must be the first day of a month' },
        { field: 'query.to', problem: 'must be the last day of a month' },
      ],
    ],
  ])('%s', async (_name, q, problems) => {
    const since = await lastLogId(h);
    expect(await h.run(analyst, STATS, { q })).toEqual({
      data: { safeRoomStatistics: null },
      errors: [badInput(problems, ['safeRoomStatistics'])],
    });
    expect(await accessLogSince(h, since)).toEqual([]);
  });
});
