import type { EntityManager } from '@mikro-orm/postgresql';
import type { Fact } from './lattice.js';
import { factGranularity } from './lattice.js';
import type { Plan } from './request.js';
import { type CaseRows, liveFacts, refreshRollup, rollupFacts, type Run } from './rollup.js';

// Where a statistic's facts come from. By MONTH or YEAR: the rollup, brought up to the instant of the question first
// (so that a case written a moment ago, a consent withdrawn or a clock past its deadline is in the figures), in one
// transaction. By WEEK or DAY (at most a year of days), or before the rollup was ever filled: the cases themselves.

export function runOn(em: EntityManager): Run {
  return async <T>(sql: string, params: readonly unknown[]) => (await em.execute(sql, [...params])) as T[];
}

export async function statisticFacts(
  em: EntityManager,
  s: string,
  rows: CaseRows,
  plan: Plan,
  now: Date,
): Promise<Fact[]> {
  if (plan.request.period === 'MONTH' || plan.request.period === 'YEAR') {
    const facts = await em.transactional(async (tx) => {
      const run = runOn(tx);
      return (await refreshRollup(run, s, rows, now)) ? rollupFacts(run, s, rows, plan) : null;
    });
    if (facts) return facts;
  }
  return liveFacts(runOn(em), s, rows, plan, factGranularity(plan.request.period) as 'DAY' | 'MONTH' | 'YEAR', now);
}
