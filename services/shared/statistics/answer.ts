import { IsolationLevel } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { callerOf, type HubContext } from '../context.js';
import { badInput, ErrorCode } from '../errors.js';
import { decideInWorker } from './deciding.js';
import { statisticsGate } from './gate.js';
import type { StatisticsQuery, StatisticsTable } from './graphql.js';
import { type Fact, latticeShape } from './lattice.js';
import { statisticsLimits } from './limits.js';
import { WorkerTimeoutError } from './pool.js';
import { type Dimension, type Place, type Plan, planOf } from './request.js';
import { statisticsThreshold } from './threshold.js';
import type { CaseRows } from './rollup.js';
import { readsRollup, refreshStatistic } from './rollup-facts.js';

// One statistic answered the same way in every subgraph: the question checked before anything is read; admitted by the
// subgraph's statistics gate (gate.ts) or refused at once; the facts counted by the subgraph's own SQL, in a read-only
// transaction whose statements time out; the lattice decided in a worker thread (deciding.ts), off the event loop
// that case reads need; and one access-log entry for the question, naming no case.

export interface StatisticSource {
  /** What is counted, e.g. "intakes"; also the field the access log names. */
  readonly statistic: string;
  readonly field: string;
  /** What it can be broken down by. */
  readonly dimensions: readonly Dimension[];
  categories(d: Dimension): readonly string[];
  /** Reads through `ctx.em.execute`, so that it runs in the question's transaction and under its timeout. */
  places(ctx: HubContext): Promise<Place[]>;
  /** The statistic's cases, when it keeps a rollup (rollup.ts): refreshed before a MONTH or YEAR question is read. */
  readonly rows?: CaseRows;
  facts(ctx: HubContext, plan: Plan, places: readonly Place[]): Promise<Fact[]>;
}

export function statisticsTimeout(ms: number): GraphQLError {
  return new GraphQLError(
    `Statistics timeout: the question took longer than ${ms / 1000} s to count or decide; ask for fewer years, a coarser period or a coarser place`,
    { extensions: { code: ErrorCode.STATISTICS_TIMEOUT } },
  );
}

/** PostgreSQL's "canceling statement due to statement timeout", under the ORM's wrapping. */
const isStatementTimeout = (err: unknown) =>
  (err as { code?: unknown })?.code === '57014' ||
  ((err as { cause?: { code?: unknown } })?.cause?.code ?? null) === '57014';

export async function answerStatistics(
  ctx: HubContext,
  source: StatisticSource,
  query: StatisticsQuery,
): Promise<StatisticsTable> {
  const caller = callerOf(ctx);
  const request = {
    period: query.period,
    from: query.from,
    to: query.to,
    rows: query.rows,
    columns: query.columns ?? null,
    province: query.province ?? null,
    district: query.district ?? null,
  };
  const unknown = [request.rows, request.columns].filter((d) => d !== null && !source.dimensions.includes(d));
  if (unknown.length > 0)
    throw badInput(
      `query.${unknown[0] === request.rows ? 'rows' : 'columns'}`,
      `${source.statistic} are broken down by ${source.dimensions.join(', ')}`,
    );
  const gate = statisticsGate(String(ctx.em.config.get('schema')));
  const { table, csv, threshold } = await gate.run(`${caller.agency}:${caller.subject}`, async () => {
    const { timeoutMs } = statisticsLimits();
    let read: { places: Place[]; plan: Plan; facts: Fact[] };
    try {
      // The rollup is brought up to now in a transaction of its own: the question's reads are read-only.
      if (source.rows && readsRollup(request.period))
        await refreshStatistic(ctx.em, `"${ctx.em.config.get('schema')}"`, source.rows, timeoutMs);
      // One connection for the question's reads, held only while they run; one snapshot for places and facts.
      read = await ctx.em.transactional(
        async (em) => {
          await em.execute(`set local statement_timeout = ${timeoutMs}`);
          const tx: HubContext = { ...ctx, em };
          const places = await source.places(tx);
          const plan = planOf(request, places, 'query');
          latticeShape(plan, places, source.categories);
          return { places, plan, facts: await source.facts(tx, plan, places) };
        },
        { readOnly: true, isolationLevel: IsolationLevel.REPEATABLE_READ },
      );
    } catch (err) {
      if (isStatementTimeout(err)) throw statisticsTimeout(timeoutMs);
      throw err;
    }
    const threshold = statisticsThreshold();
    try {
      const decided = await decideInWorker({
        plan: read.plan,
        places: read.places,
        categories: Object.fromEntries(read.plan.breakdowns.map((d) => [d, [...source.categories(d)]])),
        facts: read.facts,
        threshold,
        rowsName: request.rows.toLowerCase(),
      });
      return { ...decided, threshold };
    } catch (err) {
      if (err instanceof WorkerTimeoutError) throw statisticsTimeout(timeoutMs);
      throw err;
    }
  });
  // The reason names the statistic too: a clock's or a treatment's, which the request alone does not say.
  ctx.access.read(null, 'STATISTICS', [source.field], JSON.stringify({ statistic: source.statistic, ...request }));
  return { statistic: source.statistic, ...request, threshold, ...table, csv };
}
