import { agencyAccessLog } from '../shared/access-log/agency-access-log.js';
import { accessDenialsPart } from '../shared/access-log/denials.js';
import { agencyCaseReference } from '../shared/agency-case.js';
import { recordWrittenReference } from '../shared/agency-write.js';
import { defineSubgraph } from '../shared/descriptor.js';
import { KnownCase } from '../shared/delivery/known-case.entity.js';
import { rememberCase } from '../shared/delivery/known-cases.js';
import { FollowUpPlan } from './entities/follow-up-plan.entity.js';
import { Visit } from './entities/visit.entity.js';
import { migrations } from './migrations/index.js';
import { CaseFollowUpResolver, FollowUpPlanResolver } from './resolvers/follow-up.resolver.js';
import { FollowUpWriteResolver } from './resolvers/record.resolver.js';
import { seedGenderMinistry } from './seed.js';
import { CaseRef } from './types/case.type.js';

const denials = accessDenialsPart('genderMinistry', 'gender ministry');
const accessLog = agencyAccessLog('genderMinistry', 'gender ministry');

/** MIGEPROF and local government: follow-up of the most vulnerable survivors. */
export const genderMinistry = defineSubgraph({
  name: 'gender-ministry',
  port: 4004,
  dbSchema: 'gender_ministry',
  entities: [FollowUpPlan, Visit, KnownCase],
  resolvers: [
    CaseFollowUpResolver,
    FollowUpPlanResolver,
    FollowUpWriteResolver,
    accessLog.resolver,
    ...denials.resolvers,
  ],
  orphanedTypes: [CaseRef, accessLog.type, denials.type],
  references: {
    // The stub carries the key and the sharing facts; every field on it is guarded by its own scope and rule.
    Case: { scopes: [], resolve: agencyCaseReference(() => new CaseRef()) },
    AccessLog: accessLog.reference,
    AccessDenials: denials.reference,
    RecordWritten: recordWrittenReference,
  },
  migrations,
  // Where each case is, from the center: writes are accepted only on known cases within the writer's scope.
  receives: { from: 'center', receive: rememberCase },
  seed: seedGenderMinistry,
});
