import { badInput } from '../errors.js';
import { type Constraint, type LatticeCell, suppress } from './disclosure.js';
import { bucketOf, daysOfYears, type Granularity } from './periods.js';
import type { Dimension, Place, Plan } from './request.js';

// The lattice behind one question: every figure that the question or any coarser one could publish for the same
// years, places and breakdowns, with the sums that tie them together. Its suppression is decided top-down (the
// coarser breakdowns first, then years before months, weeks and days, then the nation before provinces, districts
// and centers), so a cell is hidden or shown the same way in every question that reaches it.

/** One count from the subgraph: the bucket at the lattice's finest time (a day, month or year), center, categories. */
export interface Fact {
  bucket: string;
  /** Null when the question needs no place below the nation. */
  center: string | null;
  /** One category per breakdown, in the plan's order. */
  by: readonly string[];
  n: number;
}

/**
 * Questions needing more cells of work than this are refused before any fact is read (latticeShape). The largest
 * allowed takes 0.25-0.4 s of one core, in a worker thread behind the subgraph's statistics gate (answer.ts). A year
 * of days by center (35,200 figures) is refused: ask for weeks, or a quarter.
 */
export const MAX_LATTICE_CELLS = 25_000;

const TIME_LEVELS: Record<Granularity, Granularity[]> = {
  YEAR: ['YEAR'],
  MONTH: ['YEAR', 'MONTH'],
  WEEK: ['YEAR', 'MONTH', 'WEEK'],
  DAY: ['YEAR', 'MONTH', 'WEEK', 'DAY'],
};
const TIME_RANK: Record<Granularity, number> = { YEAR: 0, MONTH: 1, WEEK: 2, DAY: 3 };

/** The granularity the subgraph counts its facts at: weeks are made of days. */
export function factGranularity(period: Granularity): Granularity {
  return period === 'WEEK' ? 'DAY' : period;
}

export const timeKey = (level: Granularity, bucket: string) => `${level[0]}:${bucket}`;
export const geoKey = (level: number, name: string) => (level === 0 ? 'N' : `${'NPDC'[level]}:${name}`);
export const cellKey = (time: string, geo: string, by: readonly string[]) => [time, geo, ...by].join('|');

export interface Lattice {
  counts: Map<string, LatticeCell>;
  /** Every sum that ties the figures together: what an analyst could subtract along. */
  constraints: Constraint[];
  hidden: Set<string>;
}

/**
 * The figures a plan's lattice holds, refused with BAD_USER_INPUT when more than MAX_LATTICE_CELLS: checked before
 * the facts are read, so that a question too large costs no SQL.
 */
export function latticeShape(plan: Plan, places: readonly Place[], categories: (d: Dimension) => readonly string[]) {
  const levels = TIME_LEVELS[plan.request.period];
  // Only the part of the lattice the question's cells depend on: every year and month of the years asked (a month's
  // fate depends on its year's other months), but weeks and days only of the months asked; every province, but
  // districts and centers only under the place the table is narrowed to. What is left out shares no sum with what
  // is kept at the ranks kept, so every kept cell is decided exactly as in the whole lattice.
  const days =
    levels.includes('DAY') || levels.includes('WEEK')
      ? daysOfYears(plan.firstYear, plan.lastYear).filter(
          (d) => d.slice(0, 7) >= plan.request.from.slice(0, 7) && d.slice(0, 7) <= plan.request.to.slice(0, 7),
        )
      : [];
  const times = timeMembers(plan, levels, days);
  const geo = geography(places, plan.geoDepth, plan.request);
  const cats = plan.breakdowns.map((d) => ['*', ...categories(d)]);
  const patterns = product(cats);
  const size = times.all.length * geo.all.length * patterns.length;
  if (size > MAX_LATTICE_CELLS)
    throw badInput(
      'query',
      `needs ${size} figures decided, more than ${MAX_LATTICE_CELLS}: ask for a coarser period, fewer years, a coarser place or fewer breakdowns`,
    );
  return { levels, times, geo, cats, patterns };
}

/** Build the lattice of a plan from its facts and decide what is hidden. */
export function latticeOf(
  plan: Plan,
  places: readonly Place[],
  categories: (d: Dimension) => readonly string[],
  facts: readonly Fact[],
  threshold: number,
): Lattice {
  const { levels, times, geo, cats, patterns } = latticeShape(plan, places, categories);

  const counts = new Map<string, { count: number; rank: number }>();
  for (const t of times.all)
    for (const g of geo.all)
      for (const p of patterns) {
        const stars = p.filter((c) => c === '*').length;
        counts.set(cellKey(t.key, g.key, p), {
          count: 0,
          rank: (p.length - stars) * 100 + TIME_RANK[t.level] * 10 + g.level,
        });
      }
  const centerGeo = new Map(places.map((p) => [p.center, p]));
  const timeKept = new Set(times.all.map((t) => t.key));
  const geoKept = new Set(geo.all.map((g) => g.key));
  // Facts repeat their bucket, center and categories many times over: each is placed in the lattice once.
  const timesOf = memo((bucket: string) => timeAncestors(bucket, levels).filter((k) => timeKept.has(k)));
  const placesOf = memo((center: string) =>
    geoAncestors(centerGeo.get(center) ?? null, plan.geoDepth).filter((k) => geoKept.has(k)),
  );
  const subsets = memo((by: string) => subsetsOf(by === '' ? [] : by.split('|')));
  for (const f of facts) {
    const tk = timesOf(f.bucket);
    const gk = f.center === null ? ['N'] : placesOf(f.center);
    const ps = subsets(f.by.join('|'));
    for (const t of tk)
      for (const g of gk)
        for (const p of ps) {
          const cell = counts.get(cellKey(t, g, p));
          if (!cell) throw new Error(`statistics: a fact outside the lattice: ${cellKey(t, g, p)}`);
          cell.count += f.n;
        }
  }
  const constraints: Constraint[] = [];
  for (const p of patterns) {
    for (const t of times.all)
      for (const [parent, children] of geo.children)
        constraints.push({ parent: cellKey(t.key, parent, p), children: children.map((c) => cellKey(t.key, c, p)) });
    for (const g of geo.all)
      for (const [parent, children] of times.children)
        constraints.push({ parent: cellKey(parent, g.key, p), children: children.map((c) => cellKey(c, g.key, p)) });
    p.forEach((c, i) => {
      if (c !== '*') return;
      for (const t of times.all)
        for (const g of geo.all)
          constraints.push({
            parent: cellKey(t.key, g.key, p),
            children: cats[i]!.slice(1).map((cat) => cellKey(t.key, g.key, p.with(i, cat))),
          });
    });
  }
  return { counts, constraints, hidden: suppress(counts, constraints, threshold) };
}

interface TimeMember {
  key: string;
  level: Granularity;
}

/** Every bucket of every level of the years asked, and which buckets each one is the sum of. */
function timeMembers(plan: Plan, levels: Granularity[], days: string[]) {
  const all: TimeMember[] = [];
  const children = new Map<string, string[]>();
  const add = (level: Granularity, bucket: string, parents: string[]) => {
    const key = timeKey(level, bucket);
    if (!children.has(key)) {
      children.set(key, []);
      all.push({ key, level });
      for (const p of parents) children.get(p)!.push(key);
    }
  };
  for (let y = plan.firstYear; y <= plan.lastYear; y++) {
    add('YEAR', String(y), []);
    if (levels.includes('MONTH'))
      for (let m = 1; m <= 12; m++) add('MONTH', `${y}-${String(m).padStart(2, '0')}`, [timeKey('YEAR', String(y))]);
  }
  for (const d of days) {
    if (levels.includes('WEEK')) add('WEEK', bucketOf(d, 'WEEK'), [timeKey('MONTH', d.slice(0, 7))]);
    if (levels.includes('DAY')) add('DAY', d, [timeKey('WEEK', bucketOf(d, 'WEEK'))]);
  }
  for (const [k, v] of children) if (v.length === 0) children.delete(k);
  return { all, children };
}

/** The lattice's time keys above (and at) a fact's bucket. */
function timeAncestors(bucket: string, levels: Granularity[]): string[] {
  const out = [timeKey('YEAR', bucket.slice(0, 4))];
  if (levels.includes('MONTH')) out.push(timeKey('MONTH', bucket.slice(0, 7)));
  if (levels.includes('WEEK')) out.push(timeKey('WEEK', bucketOf(bucket, 'WEEK')));
  if (levels.includes('DAY')) out.push(timeKey('DAY', bucket));
  return out;
}

/**
 * The nation, and below it to `depth` the provinces, districts and centers that have a center: every province, but
 * below a narrowing only its own districts (with their siblings) and centers.
 */
function geography(
  places: readonly Place[],
  depth: number,
  focus: { province: string | null; district: string | null },
) {
  const focusProvince =
    focus.province ?? (focus.district ? (places.find((p) => p.district === focus.district)?.province ?? null) : null);
  const all: { key: string; level: number }[] = [{ key: 'N', level: 0 }];
  const children = new Map<string, string[]>();
  const seen = new Set(['N']);
  const sorted = [...places].sort((a, b) => a.center.localeCompare(b.center));
  for (const p of sorted) {
    // A prefix of the chain: a district is kept only in the focus province, a center only in the focus district.
    const inProvince = focusProvince === null || p.province === focusProvince;
    const inDistrict = inProvince && (focus.district === null || p.district === focus.district);
    const chain = [geoKey(1, p.province), geoKey(2, p.district), geoKey(3, p.center)].slice(
      0,
      Math.min(depth, inDistrict ? 3 : inProvince ? 2 : 1),
    );
    let parent = 'N';
    chain.forEach((key, i) => {
      if (!seen.has(key)) {
        seen.add(key);
        all.push({ key, level: i + 1 });
        let list = children.get(parent);
        if (!list) children.set(parent, (list = []));
        list.push(key);
      }
      parent = key;
    });
  }
  return { all, children };
}

function geoAncestors(place: Place | null, depth: number): string[] {
  if (place === null) return ['N'];
  return ['N', geoKey(1, place.province), geoKey(2, place.district), geoKey(3, place.center)].slice(0, depth + 1);
}

/** Every way of replacing some categories by '*' (the total over that breakdown). */
function subsetsOf(by: readonly string[]): string[][] {
  let out: string[][] = [[]];
  for (const c of by)
    out = out.flatMap((p) => [
      [...p, c],
      [...p, '*'],
    ]);
  return out;
}

function product(lists: readonly (readonly string[])[]): string[][] {
  let out: string[][] = [[]];
  for (const l of lists) out = out.flatMap((p) => l.map((c) => [...p, c]));
  return out;
}

function memo<T>(f: (key: string) => T): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    let v = seen.get(key);
    if (v === undefined) seen.set(key, (v = f(key)));
    return v;
  };
}
