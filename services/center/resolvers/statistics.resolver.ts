import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { answerStatistics } from '../../shared/statistics/answer.js';
import { StatisticsQuery, StatisticsTable } from '../../shared/statistics/graphql.js';
import { intakeStatistics } from '../reads/intake-statistics.read.js';

// The center's aggregate questions, for analysts' dashboards: never a case, never a survivor, only counts under
// disclosure control (README, "Statistics for analysts").

@Resolver()
export class StatisticsResolver {
  @Query(() => StatisticsTable, {
    description:
      'Intakes (cases opened, by the Kigali day they were opened) whose survivor consents to statistics, small counts suppressed.',
  })
  @Requires('stats:read')
  intakeStatistics(
    @Arg('query', () => StatisticsQuery) query: StatisticsQuery,
    @Ctx() ctx: HubContext,
  ): Promise<StatisticsTable> {
    return answerStatistics(ctx, intakeStatistics, query);
  }
}
