import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { answerStatistics } from '../../shared/statistics/answer.js';
import { StatisticsQuery, StatisticsTable } from '../../shared/statistics/graphql.js';
import { intakeStatistics } from '../reads/intake-statistics.read.js';
import { needStatistics } from '../reads/need-statistics.read.js';
import { safeRoomStatistics } from '../reads/safe-room-statistics.read.js';
import { Need } from '../types/case-enums.js';

// The center's aggregate questions, for analysts' dashboards: never a case, never a survivor, only counts under
// disclosure control (README, "Statistics for analysts").
// Each question is nullable: one that fails (refused as busy, timed out, its database down) is null beside its
// error, and the other questions of the same request, from this subgraph or another, still answer.

@Resolver()
export class StatisticsResolver {
  @Query(() => StatisticsTable, {
    nullable: true,
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

  @Query(() => StatisticsTable, {
    nullable: true,
    description:
      'Intakes by whether they needed one service (NEED_STATUS: NEEDED or NOT_NEEDED), by the Kigali day they were opened; only cases whose survivor consents to statistics.',
  })
  @Requires('stats:read')
  needStatistics(
    @Arg('need', () => Need) need: Need,
    @Arg('query', () => StatisticsQuery) query: StatisticsQuery,
    @Ctx() ctx: HubContext,
  ): Promise<StatisticsTable> {
    return answerStatistics(ctx, needStatistics(need), query);
  }

  @Query(() => StatisticsTable, {
    nullable: true,
    description:
      "Safe Room admissions: each case once, in the Kigali day of its first stay, at that stay's center, by the nights it lasted (LENGTH_OF_STAY); only cases whose survivor consents to statistics.",
  })
  @Requires('stats:read')
  safeRoomStatistics(
    @Arg('query', () => StatisticsQuery) query: StatisticsQuery,
    @Ctx() ctx: HubContext,
  ): Promise<StatisticsTable> {
    return answerStatistics(ctx, safeRoomStatistics, query);
  }
}
