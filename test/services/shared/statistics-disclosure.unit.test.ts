import { describe, expect, it } from 'vitest';
import { suppress } from '../../../services/shared/statistics/disclosure.js';
import { type Fact, factGranularity, latticeOf } from '../../../services/shared/statistics/lattice.js';
import { bucketOf, daysOfYears } from '../../../services/shared/statistics/periods.js';
import {
  type Dimension,
  type Place,
  planOf,
  type StatisticsRequest,
} from '../../../services/shared/statistics/request.js';
import { tableOf } from '../../../services/shared/statistics/table.js';
import { attack } from '../../helpers/statistics-attacker.js';

// Disclosure control on synthetic counts shaped like the hub's: a few provinces, districts and centers, about ten
// intakes a day, most cells small. The attacker knows every published figure of the lattice (everything any question
// could show for those years) and every sum between them, and solves for the hidden ones.

const PLACES: Place[] = [
  { center: 'A-1', district: 'Alpha', province: 'East' },
  { center: 'A-2', district: 'Alpha', province: 'East' },
  { center: 'B-1', district: 'Beta', province: 'East' },
  { center: 'C-1', district: 'Gamma', province: 'West' },
  { center: 'C-2', district: 'Gamma', province: 'West' },
  { center: 'D-1', district: 'Delta', province: 'West' },
];
// The last category of each is never drawn: a column of zeros, as INTERSEX or an incident type nobody reported is in
// most months, whose published total of 0 gives back every cell under it.
const CATEGORIES: Partial<Record<Dimension, string[]>> = {
  INCIDENT_TYPE: ['RAPE', 'SEXUAL_ASSAULT', 'PHYSICAL_ASSAULT', 'OTHER', 'TRAFFICKING'],
  SEX: ['FEMALE', 'MALE', 'INTERSEX'],
};
const categories = (d: Dimension) => CATEGORIES[d] ?? [];

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `perDay` intakes a day over `year`, spread unevenly over the centers and categories, at the lattice's grain. */
function factsOf(seed: number, year: number, perDay: number, period: StatisticsRequest['period'], by: Dimension[]) {
  const rnd = random(seed);
  const counts = new Map<string, Fact>();
  for (const day of daysOfYears(year, year)) {
    const n = perDay < 1 ? Number(rnd() < perDay) : Math.floor(rnd() * perDay * 2);
    for (let i = 0; i < n; i++) {
      const center = PLACES[Math.floor(rnd() ** 1.5 * PLACES.length)]!.center;
      const cats = by.map((d) => categories(d)[Math.floor(rnd() ** 2 * (categories(d).length - 1))]!);
      const bucket = bucketOf(day, factGranularity(period));
      const key = [bucket, center, ...cats].join('|');
      const f = counts.get(key) ?? { bucket, center, by: cats, n: 0 };
      counts.set(key, { ...f, n: f.n + 1 });
    }
  }
  return [...counts.values()];
}

const request = (over: Partial<StatisticsRequest>): StatisticsRequest => ({
  period: 'MONTH',
  from: '2025-01-01',
  to: '2025-12-31',
  rows: 'PERIOD',
  columns: null,
  province: null,
  district: null,
  ...over,
});

describe('primary suppression', () => {
  it('hides 1 to 4 and shows 0 and 5 at the default threshold of 5', () => {
    const cells = new Map([0, 1, 4, 5, 6].map((n) => [`c${n}`, { count: n, rank: 0 }] as const));
    expect([...suppress(cells, [], 5)].sort()).toEqual(['c1', 'c4']);
  });

  it('follows the threshold it is given: at 3, a 3 is shown and a 2 hidden', () => {
    const cells = new Map([2, 3].map((n) => [`c${n}`, { count: n, rank: 0 }] as const));
    expect([...suppress(cells, [], 3)]).toEqual(['c2']);
  });
});

describe('complementary suppression', () => {
  it('hides a second cell beside a lone hidden one, the smallest non-zero, so the total cannot give it back', () => {
    const cells = new Map([
      ['total', { count: 30, rank: 0 }],
      ['a', { count: 2, rank: 1 }],
      ['b', { count: 0, rank: 1 }],
      ['c', { count: 9, rank: 1 }],
      ['d', { count: 19, rank: 1 }],
    ]);
    const hidden = suppress(cells, [{ parent: 'total', children: ['a', 'b', 'c', 'd'] }], 5);
    expect([...hidden].sort()).toEqual(['a', 'c']);
  });

  it('hides more until the hidden cells of a published total add up to the threshold', () => {
    const cells = new Map([
      ['total', { count: 40, rank: 0 }],
      ['a', { count: 1, rank: 1 }],
      ['b', { count: 1, rank: 1 }],
      ['c', { count: 8, rank: 1 }],
      ['d', { count: 30, rank: 1 }],
    ]);
    const hidden = suppress(cells, [{ parent: 'total', children: ['a', 'b', 'c', 'd'] }], 5);
    expect([...hidden].sort()).toEqual(['a', 'b', 'c']);
  });

  it('hides a child of a hidden total when every child would otherwise be shown, and a zero beside it', () => {
    // With c alone hidden beside shown zeros, c is the whole total: everyone counted in it is known to be a c.
    const cells = new Map([
      ['total', { count: 3, rank: 0 }],
      ['a', { count: 0, rank: 1 }],
      ['b', { count: 0, rank: 1 }],
      ['c', { count: 3, rank: 1 }],
    ]);
    expect([...suppress(cells, [{ parent: 'total', children: ['a', 'b', 'c'] }], 5)].sort()).toEqual([
      'a',
      'c',
      'total',
    ]);
  });

  it('hides no zero that a published total of 0 gives back, and hides a non-zero cell instead', () => {
    // A 2 x 3 table: the third column is empty everywhere (its total of 0 is published), so its cells are known.
    const cells = new Map([
      ['all', { count: 26, rank: 0 }],
      ...(['r1', 'r2', 'c1', 'c2', 'c3'] as const).map(
        (k) => [k, { count: { r1: 9, r2: 17, c1: 8, c2: 18, c3: 0 }[k], rank: 1 }] as const,
      ),
      ...(['r1c1', 'r1c2', 'r1c3', 'r2c1', 'r2c2', 'r2c3'] as const).map(
        (k) => [k, { count: { r1c1: 2, r1c2: 7, r1c3: 0, r2c1: 6, r2c2: 11, r2c3: 0 }[k], rank: 2 }] as const,
      ),
    ]);
    const constraints = [
      { parent: 'all', children: ['r1', 'r2'] },
      { parent: 'all', children: ['c1', 'c2', 'c3'] },
      { parent: 'r1', children: ['r1c1', 'r1c2', 'r1c3'] },
      { parent: 'r2', children: ['r2c1', 'r2c2', 'r2c3'] },
      { parent: 'c1', children: ['r1c1', 'r2c1'] },
      { parent: 'c2', children: ['r1c2', 'r2c2'] },
      { parent: 'c3', children: ['r1c3', 'r2c3'] },
    ];
    const hidden = suppress(cells, constraints, 5);
    expect([...hidden].sort()).toEqual(['r1c1', 'r1c2', 'r2c1', 'r2c2']);
  });
});

describe('nothing hidden can be worked back from everything a lattice publishes', () => {
  it.each([
    ['months, by center and incident type', { period: 'MONTH', rows: 'CENTER', columns: 'INCIDENT_TYPE' }, 10, 1],
    ['months, by district and sex', { period: 'MONTH', rows: 'DISTRICT', columns: 'SEX' }, 3, 2],
    ['weeks, by province and incident type', { period: 'WEEK', rows: 'PROVINCE', columns: 'INCIDENT_TYPE' }, 4, 3],
    ['years, by incident type and sex', { period: 'YEAR', rows: 'INCIDENT_TYPE', columns: 'SEX' }, 0.05, 4],
    // A center's days by incident type: most days have one or two survivors, whose type must not follow from zeros.
    [
      'days at one center, by incident type',
      { period: 'DAY', rows: 'PERIOD', columns: 'INCIDENT_TYPE', district: 'Beta' },
      2,
      5,
    ],
  ] as const)('%s', async (_name, over, perDay, seed) => {
    const from = over.period === 'WEEK' ? '2025-01-06' : over.period === 'DAY' ? '2025-03-01' : '2025-01-01';
    const to = { WEEK: '2025-01-12', DAY: '2025-03-31', MONTH: '2025-01-31', YEAR: '2025-12-31' }[over.period];
    const plan = planOf(request({ ...over, from, to }), PLACES, 'query');
    for (const s of [seed, seed + 10, seed + 20, seed + 30, seed + 40]) {
      const lattice = latticeOf(plan, PLACES, categories, factsOf(s, 2025, perDay, over.period, plan.breakdowns), 5);
      expect(lattice.hidden.size).toBeGreaterThan(5);
      expect(await attack(lattice.counts, lattice.constraints, lattice.hidden)).toEqual({ exact: [], attribute: [] });
    }
  });

  it('days of a year by province, with months and weeks published beside them', async () => {
    const plan = planOf(
      request({ period: 'DAY', from: '2025-03-01', to: '2025-03-31', rows: 'PERIOD', columns: 'PROVINCE' }),
      PLACES,
      'q',
    );
    for (const seed of [5, 15, 25, 35]) {
      const lattice = latticeOf(plan, PLACES, categories, factsOf(seed, 2025, 3, 'DAY', []), 5);
      expect(lattice.hidden.size).toBeGreaterThan(50);
      expect(await attack(lattice.counts, lattice.constraints, lattice.hidden)).toEqual({ exact: [], attribute: [] });
    }
  });
});

describe('the same figure is hidden or shown alike in every question that reaches it', () => {
  const facts = (period: StatisticsRequest['period'], by: Dimension[]) => factsOf(7, 2025, 6, period, by);

  it('a district-month cell by incident type: in the national table by district, and narrowed to its province', () => {
    const ask = (over: Partial<StatisticsRequest>) => {
      const plan = planOf(request({ from: '2025-06-01', to: '2025-06-30', ...over }), PLACES, 'q');
      return tableOf(plan, PLACES, categories, latticeOf(plan, PLACES, categories, facts('MONTH', plan.breakdowns), 5));
    };
    const national = ask({ rows: 'DISTRICT', columns: 'INCIDENT_TYPE' });
    const east = ask({ rows: 'DISTRICT', columns: 'INCIDENT_TYPE', province: 'East' });
    const byCenter = ask({ rows: 'CENTER', columns: 'INCIDENT_TYPE', province: 'East' });
    for (const c of east.cells) expect(national.cells).toContainEqual(c);
    // The province's column totals in the table by center are the province row of the table by province.
    const byProvince = ask({ rows: 'PROVINCE', columns: 'INCIDENT_TYPE' });
    for (const t of byCenter.columnTotals) expect(byProvince.cells).toContainEqual({ ...t, row: 'East' });
  });

  it('a month by incident type: in a table of one month and in a table of twelve', () => {
    const ask = (from: string, to: string, rows: Dimension, columns: Dimension | null) => {
      const plan = planOf(request({ from, to, rows, columns }), PLACES, 'q');
      return tableOf(plan, PLACES, categories, latticeOf(plan, PLACES, categories, facts('MONTH', plan.breakdowns), 5));
    };
    const year = ask('2025-01-01', '2025-12-31', 'PERIOD', 'INCIDENT_TYPE');
    const june = ask('2025-06-01', '2025-06-30', 'INCIDENT_TYPE', null);
    for (const c of june.cells)
      expect(year.cells).toContainEqual({ row: '2025-06', column: c.row, count: c.count, suppressed: c.suppressed });
  });
  it('a day by province: in a table of March and in a table of the whole year', () => {
    const ask = (from: string, to: string) => {
      const plan = planOf(request({ period: 'DAY', from, to, rows: 'PERIOD', columns: 'PROVINCE' }), PLACES, 'q');
      return tableOf(plan, PLACES, categories, latticeOf(plan, PLACES, categories, facts('DAY', []), 5));
    };
    const march = ask('2025-03-01', '2025-03-31');
    const year = ask('2025-01-01', '2025-12-31');
    expect(march.cells.filter((c) => c.suppressed).length).toBeGreaterThan(5);
    for (const c of march.cells) expect(year.cells).toContainEqual(c);
  });
});

describe('rows and columns swapped', () => {
  it('hide and show the same cells: the lattice does not depend on which breakdown is asked first', () => {
    const ask = (rows: Dimension, columns: Dimension) => {
      const plan = planOf(request({ from: '2025-06-01', to: '2025-06-30', rows, columns }), PLACES, 'q');
      const facts = factsOf(11, 2025, 6, 'MONTH', plan.breakdowns);
      return tableOf(plan, PLACES, categories, latticeOf(plan, PLACES, categories, facts, 5));
    };
    const typeBySex = ask('INCIDENT_TYPE', 'SEX');
    const sexByType = ask('SEX', 'INCIDENT_TYPE');
    expect(typeBySex.cells.filter((c) => c.suppressed).length).toBeGreaterThan(0);
    for (const c of typeBySex.cells) expect(sexByType.cells).toContainEqual({ ...c, row: c.column, column: c.row });
  });
});

describe('questions refused before any work', () => {
  const refused = (over: Partial<StatisticsRequest>) => {
    try {
      planOf(request(over), PLACES, 'query');
    } catch (e) {
      return (e as { extensions: { fields: unknown } }).extensions.fields;
    }
    throw new Error('accepted');
  };

  it('names every problem at once', () => {
    expect(refused({ from: '2025-02-30', to: 'yesterday', rows: 'SEX', columns: 'SEX' })).toEqual([
      { field: 'query.from', problem: 'must be a calendar day, YYYY-MM-DD' },
      { field: 'query.to', problem: 'must be a calendar day, YYYY-MM-DD' },
      { field: 'query.columns', problem: 'must differ from rows' },
    ]);
  });

  it('a range that does not start and end a bucket', () => {
    expect(refused({ from: '2025-01-02', to: '2025-11-30' })).toEqual([
      { field: 'query.from', problem: 'must be the first day of a month' },
    ]);
    expect(refused({ period: 'WEEK', from: '2025-01-06', to: '2025-01-13' })).toEqual([
      { field: 'query.to', problem: 'must be the last day of a week' },
    ]);
  });

  it('more buckets than a table holds: 120 months pass, 121 do not', () => {
    expect(() => planOf(request({ from: '2016-01-01', to: '2025-12-31' }), PLACES, 'q')).not.toThrow();
    expect(refused({ from: '2015-12-01', to: '2025-12-31' })).toEqual([
      { field: 'query.to', problem: 'at most 120 months' },
    ]);
  });

  it('a table not by period over more than one bucket: the total over a chosen range is never published', () => {
    expect(refused({ rows: 'INCIDENT_TYPE', from: '2025-01-01', to: '2025-02-28' })).toEqual([
      { field: 'query.to', problem: 'a table not by PERIOD covers one month: from and to must fall in the same one' },
    ]);
  });

  it('two places, an unknown place, and a place coarser than the narrowing', () => {
    expect(refused({ rows: 'DISTRICT', columns: 'CENTER', from: '2025-01-01', to: '2025-01-31' })).toEqual([
      {
        field: 'query.columns',
        problem: 'one of rows and columns may be a place (province, district or center), not both',
      },
    ]);
    expect(refused({ district: 'Nowhere', province: 'North' })).toEqual([
      { field: 'query.province', problem: 'must be one of the provinces with a center' },
      { field: 'query.district', problem: 'must be one of the districts with a center' },
    ]);
    expect(refused({ rows: 'DISTRICT', district: 'Alpha', from: '2025-01-01', to: '2025-01-31' })).toEqual([
      { field: 'query.rows', problem: 'must be finer than the place the table is narrowed to' },
    ]);
    expect(refused({ district: 'Alpha', province: 'West' })).toEqual([
      { field: 'query.district', problem: 'must be in the province given' },
    ]);
  });

  it('a lattice too large to decide', () => {
    const plan = planOf(
      request({ period: 'DAY', from: '2024-01-01', to: '2024-12-31', rows: 'PERIOD', columns: 'CENTER' }),
      PLACES,
      'q',
    );
    const many = { ...CATEGORIES, INCIDENT_TYPE: Array.from({ length: 60 }, (_, i) => `T${i}`) };
    const planTwo = { ...plan, breakdowns: ['INCIDENT_TYPE' as Dimension] };
    expect(() => latticeOf(planTwo, PLACES, (d) => many[d] ?? [], [], 5)).toThrow(/more than 25000/);
  });
});
