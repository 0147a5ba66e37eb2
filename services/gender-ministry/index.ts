// type-graphql and MikroORM read design-time types from decorators: the polyfill loads before any decorated class.
import { followUpStatistics } from './reads/statistics.read.js';
import 'reflect-metadata';
import { defineAgency } from '../shared/define-agency.js';
import { agencyTimeline } from '../shared/timeline/agency-events.js';
import { FollowUpPlan } from './entities/follow-up-plan.entity.js';
import { ReintegrationSupport } from './entities/reintegration-support.entity.js';
import { Visit } from './entities/visit.entity.js';
import { migrations } from './migrations/index.js';
import { genderMinistryTimeline } from './policies/timeline-events.js';
import { CaseFollowUpResolver, FollowUpPlanResolver } from './resolvers/follow-up.resolver.js';
import { OverdueFollowUpResolver } from './resolvers/overdue.resolver.js';
import { FollowUpPlanWriteResolver } from './resolvers/plan.resolver.js';
import { FollowUpWriteResolver } from './resolvers/record.resolver.js';
import { seedGenderMinistry } from './seed.js';
import { writeGeneratedGenderMinistry } from './generated-write.js';
import { CaseRef } from './types/case.type.js';
import { FollowUpStatisticsResolver } from './resolvers/statistics.resolver.js';

/** MIGEPROF and local government: follow-up of the most vulnerable survivors. */
export const genderMinistry = defineAgency({
  rollups: [followUpStatistics.rows],
  name: 'gender-ministry',
  caseType: CaseRef,
  entities: [FollowUpPlan, Visit, ReintegrationSupport],
  resolvers: [
    CaseFollowUpResolver,
    FollowUpPlanResolver,
    FollowUpWriteResolver,
    FollowUpPlanWriteResolver,
    OverdueFollowUpResolver,
    FollowUpStatisticsResolver,
    agencyTimeline('gender-ministry', CaseRef, genderMinistryTimeline),
  ],
  migrations,
  seed: seedGenderMinistry,
  seedGenerated: writeGeneratedGenderMinistry,
});
