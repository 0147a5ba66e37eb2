import { textArray } from '../sql.js';
import type { Fact } from './lattice.js';
import type { Dimension, Plan } from './request.js';

// Statistics at national scale. Every statistic is one SQL of its cases (CaseRows.counted: one row per case counted
// at an instant), read two ways: live, grouped at the question's grain (days and weeks), or through a rollup table
// that holds the same counts at month grain, per center, for every choice of at most two breakdowns (GROUPING SETS),
// so that a question by month or year reads a few thousand pre-summed rows instead of a million cases. The rollup is
// filled from the same SQL, one (month, center) bucket at a time, so there is no second copy of any category's logic.
//
// A bucket goes stale two ways, and both are caught before a question reads it:
// - a write to a table the statistic reads: triggers put the case in `statistics_dirty` with its transaction id;
// - time alone: a clock passing its deadline, a visit falling overdue, a consent expiring or beginning. Each
//   statistic names the cases whose row may change between two instants (CaseRows.changedBetween).
// The refresh recomputes only the buckets those cases are placed in, under a transaction-level advisory lock per
// statistic (two replicas or two questions never interleave), and records the snapshot and the instant it saw: the
// next refresh takes the dirty rows that snapshot did not see and the time changes since that instant, so a write
// committed while a refresh runs is never lost.

/** SQL with `?` parameters. */
export interface Sql {
  sql: string;
  params: unknown[];
}

/** Runs one statement (`?` parameters), in the caller's transaction. */
export type Run = <T = Record<string, unknown>>(sql: string, params: readonly unknown[]) => Promise<T[]>;

/** The cases a statistic counts, as SQL over the subgraph's schema `s` (quoted). */
export interface CaseRows {
  /** The key of the statistic in the rollup; its `statistic` name. */
  readonly key: string;
  /** The breakdown held in the `own` column, if any. */
  readonly own: Dimension | null;
  /**
   * One row per case counted at `now`, placed in [from, to), at the centers given (all when null): columns at
   * (the instant that places it in a period), center, incident_type, age_band, sex, nationality_group, own.
   */
  counted(s: string, now: Date, from: Date, to: Date, centers: readonly string[] | null): Sql;
  /** Where each of `cases` is placed (columns at, center), counted or not: the buckets a change to it touches. */
  placed(s: string, now: Date, cases: readonly string[]): Sql;
  /**
   * The cases (column case_id) whose row may change by time alone between `after` and `upTo`, both included (a
   * superset does no harm: those cases' buckets are recomputed for nothing).
   */
  changedBetween(s: string, after: Date, upTo: Date): Sql;
}

/** The breakdowns a rollup row keeps, as bits of its `kept`, and the column of each. */
const SHARED_COLUMNS: Partial<Record<Dimension, { bit: number; column: string }>> = {
  INCIDENT_TYPE: { bit: 1, column: 'incident_type' },
  AGE_BAND: { bit: 2, column: 'age_band' },
  SEX: { bit: 4, column: 'sex' },
  NATIONALITY_GROUP: { bit: 8, column: 'nationality_group' },
};
const OWN = { bit: 16, column: 'own' };

function columnOf(rows: CaseRows, d: Dimension): { bit: number; column: string } {
  const c = d === rows.own ? OWN : SHARED_COLUMNS[d];
  if (!c) throw new Error(`${rows.key} has no breakdown ${d}`);
  return c;
}

const KIGALI = (at: string) => `((${at} at time zone 'UTC') + interval '2 hours')`;
const BUCKET_FORMAT = { DAY: 'YYYY-MM-DD', MONTH: 'YYYY-MM', YEAR: 'YYYY' } as const;
const yearStart = (y: number) => new Date(`${y}-01-01T00:00:00+02:00`);

/** The facts of a plan at `grain` (DAY, MONTH or YEAR), counted from the cases themselves. */
export async function liveFacts(
  run: Run,
  s: string,
  rows: CaseRows,
  plan: Plan,
  grain: keyof typeof BUCKET_FORMAT,
  now: Date,
): Promise<Fact[]> {
  const counted = rows.counted(s, now, yearStart(plan.firstYear), yearStart(plan.lastYear + 1), null);
  const by = plan.breakdowns.map((d, i) => `r.${columnOf(rows, d).column} as by${i}`);
  const result = await run<Record<string, unknown>>(
    `select to_char(${KIGALI('r.at')}, '${BUCKET_FORMAT[grain]}') as bucket,
            ${plan.geoDepth > 0 ? 'r.center' : 'null::text'} as center${by.map((b) => `, ${b}`).join('')},
            count(*)::int as n
       from (${counted.sql}) r
      group by ${[1, 2, ...plan.breakdowns.map((_, i) => i + 3)].join(', ')}`,
    counted.params,
  );
  return factsOf(result, plan);
}

/** The same facts at MONTH or YEAR grain, read from the rollup (which must be current: see refreshRollup). */
export async function rollupFacts(run: Run, s: string, rows: CaseRows, plan: Plan): Promise<Fact[]> {
  const grain = plan.request.period === 'YEAR' ? 'YEAR' : 'MONTH';
  const columns = plan.breakdowns.map((d) => columnOf(rows, d));
  const kept = columns.reduce((g, c) => g | c.bit, 0);
  // A few thousand rows summed: starting parallel workers for them costs more than it saves (85 against 49 ms for
  // five national years by incident type at two million cases), and takes cores that case work needs.
  await run(`set local max_parallel_workers_per_gather = 0`, []);
  const result = await run<Record<string, unknown>>(
    `select to_char(r.month, '${BUCKET_FORMAT[grain]}') as bucket,
            ${plan.geoDepth > 0 ? 'r.center' : 'null::text'} as center${columns.map((c, i) => `, r.${c.column} as by${i}`).join('')},
            sum(r.n)::int as n
       from ${s}.statistics_rollup r
      where r.statistic = ? and r.kept = ? and r.month >= ?::date and r.month < ?::date
      group by ${[1, 2, ...columns.map((_, i) => i + 3)].join(', ')}`,
    [rows.key, kept, `${plan.firstYear}-01-01`, `${plan.lastYear + 1}-01-01`],
  );
  return factsOf(result, plan);
}

function factsOf(result: Record<string, unknown>[], plan: Plan): Fact[] {
  return result.map((r) => ({
    bucket: String(r.bucket),
    center: r.center === null ? null : String(r.center),
    by: plan.breakdowns.map((_, i) => String(r[`by${i}`])),
    n: Number(r.n),
  }));
}

/** Every choice of at most two of the breakdowns a statistic has, as GROUPING SETS over (month, center). */
function groupingSets(rows: CaseRows): { sets: string; grouping: string } {
  const columns = [...Object.values(SHARED_COLUMNS), ...(rows.own ? [OWN] : [])];
  const sets = [[] as string[]];
  columns.forEach((a, i) => {
    sets.push([a.column]);
    columns.slice(i + 1).forEach((b) => sets.push([a.column, b.column]));
  });
  return {
    sets: sets.map((set) => `(month, center${set.map((c) => `, ${c}`).join('')})`).join(', '),
    // GROUPING() is 1 for a column summed away; the rollup's bits say which are kept.
    grouping: columns.map((c) => `(1 - grouping(${c.column})) * ${c.bit}`).join(' + '),
  };
}

/** Recompute the rollup of `month` (a Kigali month, YYYY-MM-01) at the centers given (all when null), at `now`. */
async function recompute(
  run: Run,
  s: string,
  rows: CaseRows,
  now: Date,
  month: string,
  centers: readonly string[] | null,
): Promise<void> {
  const from = new Date(`${month}T00:00:00+02:00`);
  const to = new Date(`${nextMonth(month)}T00:00:00+02:00`);
  await rollupWrite(run, s, rows, now, from, to, centers);
}

async function rollupWrite(
  run: Run,
  s: string,
  rows: CaseRows,
  now: Date,
  from: Date,
  to: Date,
  centers: readonly string[] | null,
): Promise<void> {
  const where = centers === null ? '' : ' and center = any(?::text[])';
  const atCenters = centers === null ? [] : [textArray(centers)];
  await run(`delete from ${s}.statistics_rollup where statistic = ? and month >= ?::date and month < ?::date${where}`, [
    rows.key,
    kigaliDay(from),
    kigaliDay(to),
    ...atCenters,
  ]);
  const counted = rows.counted(s, now, from, to, centers);
  const g = groupingSets(rows);
  const own = rows.own ? 'own' : 'null::text';
  await run(
    `insert into ${s}.statistics_rollup (statistic, month, center, kept, incident_type, age_band, sex,
                                          nationality_group, own, n)
     select ?, month, center, ${g.grouping}, incident_type, age_band, sex, nationality_group, ${own}, count(*)::int
       from (select date_trunc('month', ${KIGALI('r.at')})::date as month, r.center, r.incident_type, r.age_band,
                    r.sex, r.nationality_group, ${rows.own ? 'r.own' : 'null::text as own'}
               from (${counted.sql}) r) c
      group by grouping sets (${g.sets})
      -- Written in the order questions read them (statistics_rollup_read_index: statistic, kept, month), so that a
      -- question's rows share pages: five years of one breakdown read about a tenth of the pages they did unordered.
      order by 4, 2, 3`,
    [rows.key, ...counted.params],
  );
}

function nextMonth(month: string): string {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The Kigali calendar day of an instant, YYYY-MM-DD. */
function kigaliDay(at: Date): string {
  return new Date(at.getTime() + 2 * 3600 * 1000).toISOString().slice(0, 10);
}

async function currentSnapshot(run: Run): Promise<string> {
  const [r] = await run<{ snapshot: string }>(`select pg_current_snapshot()::text as snapshot`, []);
  return r!.snapshot;
}

const lockKey = (s: string, rows: CaseRows) => `statistics_rollup ${s} ${rows.key}`;

/**
 * Bring a statistic's rollup up to `now`, in the caller's transaction (read committed). False when the statistic
 * has never been filled (fillRollup): its questions are then answered live.
 */
export async function refreshRollup(run: Run, s: string, rows: CaseRows, now: Date): Promise<boolean> {
  await run(`select pg_advisory_xact_lock(hashtext(?))`, [lockKey(s, rows)]);
  const [state] = await run<{ snapshot: string; refreshed_at: Date | string }>(
    `select snapshot::text as snapshot, refreshed_at from ${s}.statistics_rollup_state where statistic = ?`,
    [rows.key],
  );
  if (!state) return false;
  // What this refresh takes as seen: the dirty rows committed by now. Later statements may see more (read
  // committed), which only makes the buckets they recompute more current; rows committed after this snapshot are
  // taken by the next refresh.
  const snapshot = await currentSnapshot(run);
  // Either way: a clock set back (in tests) changes rows as surely as one going forward.
  const [t0, t1] = [new Date(state.refreshed_at), now].sort((a, b) => a.getTime() - b.getTime()) as [Date, Date];
  const changed = rows.changedBetween(s, t0, t1);
  const cases = await run<{ case_id: string }>(
    `select case_id from ${s}.statistics_dirty
      where pg_visible_in_snapshot(xid, ?::pg_snapshot) and not pg_visible_in_snapshot(xid, ?::pg_snapshot)
     union select case_id from (${changed.sql}) t`,
    [snapshot, state.snapshot, ...changed.params],
  );
  if (cases.length > 0) {
    const placed = rows.placed(
      s,
      now,
      cases.map((c) => c.case_id),
    );
    const at = await run<{ month: string; centers: string[] }>(
      `select to_char(date_trunc('month', ${KIGALI('p.at')}), 'YYYY-MM-DD') as month, array_agg(distinct p.center) as centers
         from (${placed.sql}) p where p.at is not null group by 1`,
      placed.params,
    );
    for (const b of at) await recompute(run, s, rows, now, b.month, b.centers);
  }
  await run(`update ${s}.statistics_rollup_state set snapshot = ?::pg_snapshot, refreshed_at = ? where statistic = ?`, [
    snapshot,
    now,
    rows.key,
  ]);
  // Dirty rows every filled statistic has seen are of no more use. One refresh at a time clears them (the others
  // skip it), so that two never wait on each other's deleted rows.
  await run(
    `delete from ${s}.statistics_dirty d
      where pg_try_advisory_xact_lock(hashtext(?))
        and not exists (select 1 from ${s}.statistics_rollup_state st where not pg_visible_in_snapshot(d.xid, st.snapshot))`,
    [`statistics_rollup ${s} dirty`],
  );
  return true;
}

/** Fill a statistic's rollup from nothing, in the caller's transaction: the seed's last step, or a first start. */
export async function fillRollup(run: Run, s: string, rows: CaseRows, now: Date): Promise<void> {
  await run(`select pg_advisory_xact_lock(hashtext(?))`, [lockKey(s, rows)]);
  const snapshot = await currentSnapshot(run);
  await rollupWrite(run, s, rows, now, new Date('1970-01-01T00:00:00Z'), new Date('2200-01-01T00:00:00Z'), null);
  await run(
    `insert into ${s}.statistics_rollup_state (statistic, snapshot, refreshed_at) values (?, ?::pg_snapshot, ?)
     on conflict (statistic) do update set snapshot = excluded.snapshot, refreshed_at = excluded.refreshed_at`,
    [rows.key, snapshot, now],
  );
}
