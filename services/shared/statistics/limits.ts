// How much of a subgraph the analysts' statistics may take, read once when a subgraph starts (STATISTICS_* settings).
// A question holds a database connection while its facts are counted and a core while its lattice is decided (up to
// a few tenths of a second): without these limits one analyst's flood of questions slowed a case manager's case read
// at the center from 52 ms to 4 s, and many analysts together used up the center's connections.

export interface StatisticsLimits {
  /** Questions answered at once in one subgraph: the worker threads, and the most connections statistics hold. */
  concurrency: number;
  /** Questions of one caller answered at once in one subgraph. */
  perCaller: number;
  /** Questions waiting for their turn in one subgraph, every caller's together; more are refused. */
  queue: number;
  /** Questions of one caller waiting for their turn in one subgraph; more are refused. */
  queuePerCaller: number;
  /** Longest a question waits for its turn before it is refused. */
  waitMs: number;
  /** Longest each step of a question may take: one SQL statement, and deciding its lattice in a worker. */
  timeoutMs: number;
}

export const DEFAULT_STATISTICS_LIMITS: Readonly<StatisticsLimits> = {
  concurrency: 1,
  perCaller: 1,
  queue: 16,
  // A dashboard's page asks up to six questions in one request (MAX_STATISTICS at the gateway): they wait in turn.
  queuePerCaller: 6,
  waitMs: 2_000,
  timeoutMs: 5_000,
};

/** What each limit may be set to. */
export const STATISTICS_LIMIT_RANGES: Readonly<Record<keyof StatisticsLimits, { min: number; max: number }>> = {
  concurrency: { min: 1, max: 16 },
  perCaller: { min: 1, max: 16 },
  queue: { min: 0, max: 1_000 },
  queuePerCaller: { min: 0, max: 100 },
  waitMs: { min: 0, max: 30_000 },
  timeoutMs: { min: 100, max: 60_000 },
};

/** The settings' names, for the messages that refuse them. */
export const STATISTICS_LIMIT_SETTINGS: Readonly<Record<keyof StatisticsLimits, string>> = {
  concurrency: 'STATISTICS_CONCURRENCY',
  perCaller: 'STATISTICS_PER_CALLER',
  queue: 'STATISTICS_QUEUE',
  queuePerCaller: 'STATISTICS_QUEUE_PER_CALLER',
  waitMs: 'STATISTICS_WAIT_MS',
  timeoutMs: 'STATISTICS_TIMEOUT_MS',
};

/**
 * Every problem with a set of limits, alone and with the subgraph's database settings: statistics must leave at
 * least one connection of the pool to everything else, and must not hold one longer than any other statement may.
 */
export function statisticsLimitProblems(
  l: StatisticsLimits,
  db?: { poolMax: number; statementTimeoutMs: number },
): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(STATISTICS_LIMIT_RANGES) as (keyof StatisticsLimits)[]) {
    const { min, max } = STATISTICS_LIMIT_RANGES[key];
    const v = l[key];
    if (!Number.isInteger(v) || v < min || v > max)
      problems.push(`${STATISTICS_LIMIT_SETTINGS[key]} must be a whole number from ${min} to ${max}`);
  }
  if (problems.length > 0) return problems;
  if (l.perCaller > l.concurrency)
    problems.push(`STATISTICS_PER_CALLER (${l.perCaller}) must not exceed STATISTICS_CONCURRENCY (${l.concurrency})`);
  if (l.queuePerCaller > l.queue)
    problems.push(`STATISTICS_QUEUE_PER_CALLER (${l.queuePerCaller}) must not exceed STATISTICS_QUEUE (${l.queue})`);
  if (db && l.concurrency >= db.poolMax)
    problems.push(
      `STATISTICS_CONCURRENCY (${l.concurrency}) must be less than DB_POOL_MAX (${db.poolMax}): statistics must leave connections to case work`,
    );
  if (db && l.timeoutMs > db.statementTimeoutMs)
    problems.push(
      `STATISTICS_TIMEOUT_MS (${l.timeoutMs}) must not exceed DB_STATEMENT_TIMEOUT_MS (${db.statementTimeoutMs})`,
    );
  return problems;
}

let limits: Readonly<StatisticsLimits> = DEFAULT_STATISTICS_LIMITS;
const listeners = new Set<(l: Readonly<StatisticsLimits>) => void>();

/** Set the limits (at start, from the settings; tests change them). Refuses limits that do not hold together. */
export function configureStatisticsLimits(l: StatisticsLimits): void {
  const problems = statisticsLimitProblems(l);
  if (problems.length > 0) throw new Error(`statistics limits: ${problems.join('; ')}`);
  limits = Object.freeze({ ...l });
  for (const f of listeners) f(limits);
}

export function statisticsLimits(): Readonly<StatisticsLimits> {
  return limits;
}

/** Called with the new limits whenever they change: the gates and the worker pool follow them. */
export function onStatisticsLimits(f: (l: Readonly<StatisticsLimits>) => void): void {
  listeners.add(f);
}
