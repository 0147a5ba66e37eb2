import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { answerStatistics } from '../../shared/statistics/answer.js';
import { StatisticsQuery, StatisticsTable } from '../../shared/statistics/graphql.js';
import { investigationStatistics, prosecutionStatistics } from '../reads/statistics.read.js';

// The police's aggregate questions, for analysts' dashboards: counts of survivors' investigations, never a record
// (README, "Statistics for analysts").
// Each question is nullable: one that fails (refused as busy, timed out, its database down) is null beside its
// error, and the other questions of the same request, from this subgraph or another, still answer.

@Resolver()
export class PoliceStatisticsResolver {
  @Query(() => StatisticsTable, {
    nullable: true,
    description:
      'Investigations by status, in the period their complaint was received; only of survivors consenting to statistics.',
  })
  @Requires('stats:read')
  investigationStatistics(
    @Arg('query', () => StatisticsQuery) query: StatisticsQuery,
    @Ctx() ctx: HubContext,
  ): Promise<StatisticsTable> {
    return answerStatistics(ctx, investigationStatistics, query);
  }

  @Query(() => StatisticsTable, {
    nullable: true,
    description:
      'Investigations referred to prosecution, by the days it took from the complaint, in the period of the referral; only of survivors consenting to statistics.',
  })
  @Requires('stats:read')
  prosecutionStatistics(
    @Arg('query', () => StatisticsQuery) query: StatisticsQuery,
    @Ctx() ctx: HubContext,
  ): Promise<StatisticsTable> {
    return answerStatistics(ctx, prosecutionStatistics, query);
  }
}
