import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { answerStatistics } from '../../shared/statistics/answer.js';
import { StatisticsQuery, StatisticsTable } from '../../shared/statistics/graphql.js';
import { clockStatistics, treatmentStatistics } from '../reads/statistics.read.js';
import { badInput } from '../../shared/errors.js';
import { CLOCKS } from '../policies/clinical-clocks.js';
import { ClinicalClock } from '../types/clinical-clock.js';
import { TreatmentKind } from '../types/treatment-kind.js';

// Health's aggregate questions, for analysts' dashboards: counts of survivors, never a record (README, "Statistics
// for analysts").
// Each question is nullable: one that fails (refused as busy, timed out, its database down) is null beside its
// error, and the other questions of the same request, from this subgraph or another, still answer.

@Resolver()
export class HealthStatisticsResolver {
  @Query(() => StatisticsTable, {
    nullable: true,
    description:
      'Survivors referred to health, by the status of one clinical clock (e.g. HIV PEP within 72 h), in the period of the incident; only those consenting to statistics.',
  })
  @Requires('stats:read')
  clockStatistics(
    @Arg('clock', () => ClinicalClock) clock: ClinicalClock,
    @Arg('query', () => StatisticsQuery) query: StatisticsQuery,
    @Ctx() ctx: HubContext,
  ): Promise<StatisticsTable> {
    return answerStatistics(ctx, clockStatistics(clock), query);
  }

  @Query(() => StatisticsTable, {
    nullable: true,
    description:
      'Survivors referred to health, by whether they received one treatment without a clinical clock (a clock is asked of clockStatistics), in the period of the incident; only those consenting to statistics.',
  })
  @Requires('stats:read')
  treatmentStatistics(
    @Arg('treatment', () => TreatmentKind) treatment: TreatmentKind,
    @Arg('query', () => StatisticsQuery) query: StatisticsQuery,
    @Ctx() ctx: HubContext,
  ): Promise<StatisticsTable> {
    // A treatment with a clock is counted by clockStatistics: received in time is MET there, and the two tables side by
    // side gave back exactly what each hid (an outside review recovered counts of 1 from them).
    const clock = CLOCKS.find((c) => c.kind === treatment);
    if (clock)
      return Promise.reject(
        badInput('treatment', `has a clinical clock: ask clockStatistics(clock: ${clock.clock}) instead`),
      );
    return answerStatistics(ctx, treatmentStatistics(treatment), query);
  }
}
