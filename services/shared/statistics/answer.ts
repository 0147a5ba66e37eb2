import { callerOf, type HubContext } from '../context.js';
import { badInput } from '../errors.js';
import type { StatisticsQuery, StatisticsTable } from './graphql.js';
import { type Fact, latticeOf } from './lattice.js';
import { type Dimension, type Place, type Plan, planOf } from './request.js';
import { csvOf, tableOf } from './table.js';
import { statisticsThreshold } from './threshold.js';

// One statistic answered the same way in every subgraph: the question checked before anything is read, the facts
// counted by the subgraph's own SQL, the lattice decided, and one access-log entry for the question, naming no case.

export interface StatisticSource {
  /** What is counted, e.g. "intakes"; also the field the access log names. */
  readonly statistic: string;
  readonly field: string;
  /** What it can be broken down by. */
  readonly dimensions: readonly Dimension[];
  categories(d: Dimension): readonly string[];
  places(ctx: HubContext): Promise<Place[]>;
  facts(ctx: HubContext, plan: Plan, places: readonly Place[]): Promise<Fact[]>;
}

export async function answerStatistics(
  ctx: HubContext,
  source: StatisticSource,
  query: StatisticsQuery,
): Promise<StatisticsTable> {
  callerOf(ctx);
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
  const places = await source.places(ctx);
  const plan = planOf(request, places, 'query');
  const threshold = statisticsThreshold();
  const lattice = latticeOf(plan, places, source.categories, await source.facts(ctx, plan, places), threshold);
  const table = tableOf(plan, places, source.categories, lattice);
  ctx.access.read(null, 'STATISTICS', [source.field], JSON.stringify(request));
  return {
    statistic: source.statistic,
    ...request,
    threshold,
    ...table,
    csv: csvOf(table, request.rows.toLowerCase()),
  };
}
