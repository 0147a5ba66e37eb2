import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { Need } from '../../../services/center/types/case-enums.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, errorsWithoutLocations, forbidden, invalidVariable, unauthenticated } from '../../helpers/errors.js';
import { anonymous, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogSince, entry, freezeClock, lastLogId, WITHDRAW_CONSENT } from './fixtures.js';
import { cell, statisticsCases, WITHOUT_STATS } from './statistics-fixtures.js';

// Intakes by one need for the analysts through the center's subgraph: each intake in exactly one of NEEDED and
// NOT_NEEDED for the need asked, so that the total is the intakes' and every sum holds; only cases whose survivor
// consents to statistics, now. Who may ask, what is hidden, what the access log keeps. Each describe works in a month
// of its own, long ago, so that their cases never meet.

const STATS = `query Stats($need: Need!, $q: StatisticsQuery!) { needStatistics(need: $need, query: $q) {
  statistic period from to rows columns threshold rowLabels columnLabels
  cells { row column count suppressed } rowTotals { row column count suppressed }
  columnTotals { row column count suppressed } total { row column count suppressed } csv } }`;
const INTAKES = `query Intakes($q: StatisticsQuery!) { intakeStatistics(query: $q) { total { count suppressed } } }`;

const analyst = asRole('analyst');
const ministry = asRole('ministry-system');
type Table = Record<string, unknown> & { cells: ReturnType<typeof cell>[]; total: ReturnType<typeof cell> | null };
const table = (res: { data?: unknown }) => (res.data as { needStatistics: Table }).needStatistics;

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('intakes in March 2024 by need', () => {
  const q = { period: 'MONTH', from: '2024-03-01', to: '2024-03-31', rows: 'NEED_STATUS' };
  beforeAll(async () => {
    freezeClock(new Date('2024-03-15T08:00:00Z'));
    await statisticsCases(h, 'GASABO-1', 7, { needs: ['MEDICAL', 'POLICE', 'SAFE_ROOM'] });
    await statisticsCases(h, 'GASABO-1', 2, { incidentType: 'PHYSICAL_ASSAULT', needs: ['POLICE'] });
    await statisticsCases(h, 'KICUKIRO-1', 6, { incidentType: 'SEXUAL_ASSAULT', needs: ['MEDICAL', 'PSYCHOSOCIAL'] });
    // Not counted: no consent to statistics, a consent withdrawn, a consent expired.
    for (const consent of ['none', 'withdrawn', 'expired'] as const)
      await statisticsCases(h, 'GASABO-1', 1, { needs: ['POLICE'], consent });
    vi.useRealTimers();
  });

  it('police: the 9 intakes that needed it and the 6 that did not, each case once', async () => {
    expect(await h.run(analyst, STATS, { need: 'POLICE', q })).toEqual({
      data: {
        needStatistics: {
          statistic: 'intakes by POLICE need',
          period: 'MONTH',
          from: '2024-03-01',
          to: '2024-03-31',
          rows: 'NEED_STATUS',
          columns: null,
          threshold: 5,
          rowLabels: ['NEEDED', 'NOT_NEEDED'],
          columnLabels: [],
          cells: [cell('NEEDED', null, 9), cell('NOT_NEEDED', null, 6)],
          rowTotals: [],
          columnTotals: [],
          total: cell(null, null, 15),
          csv: 'need_status,count\nNEEDED,9\nNOT_NEEDED,6\ntotal,15\n',
        },
      },
    });
  });

  it('medical: the 2 that did not need it are hidden, and so the 13 beside them; the total stays', async () => {
    const t = table(await h.run(analyst, STATS, { need: 'MEDICAL', q }));
    expect([t.cells, t.total]).toEqual([
      [cell('NEEDED', null, null), cell('NOT_NEEDED', null, null)],
      cell(null, null, 15),
    ]);
  });

  it('every need splits the same intakes: its total is the intakes’ total', async () => {
    const intakes = (await h.run(analyst, INTAKES, { q: { ...q, rows: 'SEX' } })).data;
    expect(intakes).toEqual({ intakeStatistics: { total: { count: 15, suppressed: false } } });
    for (const need of Object.values(Need))
      expect(table(await h.run(analyst, STATS, { need, q })).total, need).toEqual(cell(null, null, 15));
  });

  it('a case with several needs is NEEDED in the table of each: the NEEDED of all needs add up to more than the intakes', async () => {
    const needed: Record<string, number | null> = {};
    for (const need of ['SAFE_ROOM', 'POLICE', 'PSYCHOSOCIAL', 'FOLLOW_UP'])
      needed[need] = table(await h.run(analyst, STATS, { need, q })).cells[0]!.count;
    // 7 cases needed medical care, the police and the Safe Room; 2 the police; 6 medical and psychosocial care.
    expect(needed).toEqual({ SAFE_ROOM: 7, POLICE: 9, PSYCHOSOCIAL: 6, FOLLOW_UP: 0 });
  });

  it('writes one access-log entry for the question, naming no case', async () => {
    const since = await lastLogId(h);
    await h.run(ministry, STATS, { need: 'LEGAL_AID', q });
    expect(await accessLogSince(h, since)).toEqual([
      entry(ministry, {
        caseId: null,
        action: 'READ',
        fields: ['needStatistics'],
        basis: 'STATISTICS',
        reason: JSON.stringify({
          statistic: 'intakes by LEGAL_AID need',
          ...q,
          columns: null,
          province: null,
          district: null,
        }),
      }),
    ]);
  });

  it('two analysts at the same moment, asking of different needs, each get their own whole answer, each logged once', async () => {
    const askers = Array.from({ length: 6 }, (_, i) => asRole(i % 2 ? 'analyst' : 'ministry-system', {}));
    const needs = ['POLICE', 'MEDICAL', 'PSYCHOSOCIAL'];
    const alone = await Promise.all(needs.map(async (need) => h.run(analyst, STATS, { need, q })));
    const since = await lastLogId(h);
    const together = await Promise.all(askers.map((p, i) => h.run(p, STATS, { need: needs[i % 3], q })));
    together.forEach((res, i) => expect(res).toEqual(alone[i % 3]));
    expect(together.map((r) => table(r).statistic)).toEqual(askers.map((_, i) => `intakes by ${needs[i % 3]} need`));
    const reason = (need: string) =>
      JSON.stringify({ statistic: `intakes by ${need} need`, ...q, columns: null, province: null, district: null });
    expect((await accessLogSince(h, since)).map((e) => [e.subject, e.reason]).sort()).toEqual(
      askers.map((p, i) => [p.subject, reason(needs[i % 3]!)]).sort(),
    );
  });
});

describe('a consent to statistics withdrawn', () => {
  it('takes the case out of the next answer', async () => {
    const q = { period: 'MONTH', from: '2023-05-01', to: '2023-05-31', rows: 'NEED_STATUS' };
    freezeClock(new Date('2023-05-10T08:00:00Z'));
    const ids = await statisticsCases(h, 'HUYE-1', 6, { needs: ['PSYCHOSOCIAL'] });
    vi.useRealTimers();
    const before = table(await h.run(analyst, STATS, { need: 'PSYCHOSOCIAL', q }));
    expect([before.cells, before.total]).toEqual([
      [cell('NEEDED', null, 6), cell('NOT_NEEDED', null, 0)],
      cell(null, null, 6),
    ]);
    const reception = asRole('reception-officer', { centers: ['HUYE-1'] });
    const withdrawn = await h.run(reception, WITHDRAW_CONSENT, { input: { caseId: ids[0], scope: 'STATISTICS' } });
    expect(withdrawn.errors).toBeUndefined();
    const after = table(await h.run(analyst, STATS, { need: 'PSYCHOSOCIAL', q }));
    expect([after.cells, after.total]).toEqual([
      [cell('NEEDED', null, 5), cell('NOT_NEEDED', null, 0)],
      cell(null, null, 5),
    ]);
  });
});

describe('who may ask', () => {
  const q = { period: 'YEAR', from: '2023-01-01', to: '2023-12-31', rows: 'NEED_STATUS' };

  it.each(WITHOUT_STATS)(
    'refuses a %s (no stats:read) with FORBIDDEN MISSING_SCOPE, and logs nothing',
    async (role) => {
      const since = await lastLogId(h);
      expect(
        await h.run(asRole(role, { centers: ['GASABO-1'], district: 'Gasabo' }), STATS, { need: 'MEDICAL', q }),
      ).toEqual({
        data: { needStatistics: null },
        errors: [forbidden('MISSING_SCOPE', ['needStatistics'])],
      });
      expect(await accessLogSince(h, since)).toEqual([]);
    },
  );

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    expect(await h.run(anonymous, STATS, { need: 'MEDICAL', q })).toEqual({
      data: { needStatistics: null },
      errors: [unauthenticated(['needStatistics'])],
    });
  });
});

describe('bad questions are refused whole, before anything is read or logged', () => {
  it.each([
    [
      'a Safe Room breakdown',
      { period: 'MONTH', from: '2024-03-01', to: '2024-03-31', rows: 'NEED_STATUS', columns: 'LENGTH_OF_STAY' },
      [
        {
          field: 'query.columns',
          problem:
            'intakes by MEDICAL need are broken down by PERIOD, PROVINCE, DISTRICT, CENTER, INCIDENT_TYPE, AGE_BAND, SEX, NATIONALITY_GROUP, NEED_STATUS',
        },
      ],
    ],
    [
      'a day that does not exist, a province with no center',
      { period: 'DAY', from: '2024-02-30', to: '2024-02-30', rows: 'NEED_STATUS', province: 'Atlantis' },
      [
        { field: 'query.from', problem: 'must be a calendar day, YYYY-MM-DD' },
        { field: 'query.to', problem: 'must be a calendar day, YYYY-MM-DD' },
        { field: 'query.province', problem: 'must be one of the provinces with a center' },
      ],
    ],
  ])('%s', async (_name, q, problems) => {
    const since = await lastLogId(h);
    expect(await h.run(analyst, STATS, { need: 'MEDICAL', q })).toEqual({
      data: { needStatistics: null },
      errors: [badInput(problems, ['needStatistics'])],
    });
    expect(await accessLogSince(h, since)).toEqual([]);
  });

  it('a need that does not exist, refused by GraphQL before any resolver runs', async () => {
    const q = { period: 'MONTH', from: '2024-03-01', to: '2024-03-31', rows: 'NEED_STATUS' };
    const since = await lastLogId(h);
    expect(await h.run(analyst, STATS, { need: 'HOUSING', q })).toEqual({
      errors: [
        invalidVariable('Variable "$need" got invalid value "HOUSING"; Value "HOUSING" does not exist in "Need" enum.'),
      ],
    });
    expect(await accessLogSince(h, since)).toEqual([]);
  });
});
