import { defineSubgraph } from '../shared/descriptor.js';
import { FollowUpPlan } from './entities/follow-up-plan.entity.js';
import { Visit } from './entities/visit.entity.js';
import { migrations } from './migrations/index.js';
import { CaseFollowUpResolver, FollowUpPlanResolver } from './resolvers/follow-up.resolver.js';
import { FollowUpWriteResolver } from './resolvers/record.resolver.js';
import { seedGenderMinistry } from './seed.js';
import { CaseRef } from './types/case.type.js';

/** MIGEPROF and local government: follow-up of the most vulnerable survivors. */
export const genderMinistry = defineSubgraph({
  name: 'gender-ministry',
  port: 4004,
  dbSchema: 'gender_ministry',
  entities: [FollowUpPlan, Visit],
  resolvers: [CaseFollowUpResolver, FollowUpPlanResolver, FollowUpWriteResolver],
  orphanedTypes: [CaseRef],
  references: {
    // The stub carries only the key; every field on it is guarded by its own scope.
    Case: { scopes: [], resolve: (ref) => Object.assign(new CaseRef(), { id: ref.id as string }) },
  },
  migrations,
  seed: seedGenderMinistry,
});
