import type { EntityManager } from '@mikro-orm/postgresql';
import type { Fact } from './lattice.js';
import { factGranularity } from './lattice.js';
import type { Plan } from './request.js';
import { type CaseRows, liveFacts, refreshRollup, rollupFacts, type Run } from './rollup.js';

// Where a statistic's facts come from. By MONTH or YEAR: the rollup, which answerStatistics brings up to the instant
// of the question first, in a transaction of its own (refreshStatistic), so that a case written a moment ago, a
// consent withdrawn or a clock past its deadline is in the figures; the facts are then read in the question's own
// read-only transaction. By WEEK or DAY (at most a year of days), or before the rollup was ever filled: the cases.

export function runOn(em: EntityManager): Run {
  return async <T>(sql: string, params: readonly unknown[]) => (await em.execute(sql, [...params])) as T[];
}

/** Whether a question of this period reads the rollup. */
export const readsRollup = (period: Plan['request']['period']) => period === 'MONTH' || period === 'YEAR';

/** Bring a statistic's rollup up to now, in a transaction of its own under `timeoutMs` per statement. */
export async function refreshStatistic(em: EntityManager, s: string, rows: CaseRows, timeoutMs: number): Promise<void> {
  await em.transactional(async (tx) => {
    await tx.execute(`set local statement_timeout = ${timeoutMs}`);
    await refreshRollup(runOn(tx), s, rows, new Date());
  });
}

/**
 * Every minute: bring each filled rollup up to now, and clear the cases noted for none (while no statistic has been
 * filled, the triggers' notes are of no use to anyone). Each statistic in a transaction of its own.
 */
export async function sweepRollups(em: EntityManager, s: string, rollups: readonly CaseRows[]): Promise<void> {
  for (const rows of rollups) await refreshStatistic(em, s, rows, 30_000);
  await em.transactional(async (tx) => {
    const [filled] = await tx.execute(`select 1 from ${s}.statistics_rollup_state limit 1`);
    if (!filled) await tx.execute(`delete from ${s}.statistics_dirty`);
  });
}

export async function statisticFacts(
  em: EntityManager,
  s: string,
  rows: CaseRows,
  plan: Plan,
  now: Date,
): Promise<Fact[]> {
  if (readsRollup(plan.request.period)) {
    const filled = await em.execute(`select 1 from ${s}.statistics_rollup_state where statistic = ?`, [rows.key]);
    if (filled.length > 0) return rollupFacts(runOn(em), s, rows, plan);
  }
  return liveFacts(runOn(em), s, rows, plan, factGranularity(plan.request.period) as 'DAY' | 'MONTH' | 'YEAR', now);
}
