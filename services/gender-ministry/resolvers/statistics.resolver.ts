import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { answerStatistics } from '../../shared/statistics/answer.js';
import { StatisticsQuery, StatisticsTable } from '../../shared/statistics/graphql.js';
import { followUpStatistics } from '../reads/statistics.read.js';

// The gender ministry's aggregate questions, for analysts' dashboards: counts of survivors' follow-up plans, never a
// record (README, "Statistics for analysts").
// Each question is nullable: one that fails (refused as busy, timed out, its database down) is null beside its
// error, and the other questions of the same request, from this subgraph or another, still answer.

@Resolver()
export class FollowUpStatisticsResolver {
  @Query(() => StatisticsTable, {
    nullable: true,
    description:
      'Follow-up plans by status (ACTIVE, OVERDUE, CLOSED), in the period they were made; only of survivors consenting to statistics.',
  })
  @Requires('stats:read')
  followUpStatistics(
    @Arg('query', () => StatisticsQuery) query: StatisticsQuery,
    @Ctx() ctx: HubContext,
  ): Promise<StatisticsTable> {
    return answerStatistics(ctx, followUpStatistics, query);
  }
}
