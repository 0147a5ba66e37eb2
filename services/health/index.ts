import { agencyAccessLog } from '../shared/access-log/agency-access-log.js';
import { accessDenialsPart } from '../shared/access-log/denials.js';
import { agencyCaseReference } from '../shared/agency-case.js';
import { recordWrittenReference } from '../shared/agency-write.js';
import { defineSubgraph } from '../shared/descriptor.js';
import { KnownCase } from '../shared/delivery/known-case.entity.js';
import { rememberCase } from '../shared/delivery/known-cases.js';
import { Encounter } from './entities/encounter.entity.js';
import { Treatment } from './entities/treatment.entity.js';
import { migrations } from './migrations/index.js';
import { CaseMedicalResolver, MedicalRecordResolver } from './resolvers/medical.resolver.js';
import { MedicalWriteResolver } from './resolvers/record.resolver.js';
import { seedHealth } from './seed.js';
import { CaseRef } from './types/case.type.js';

const denials = accessDenialsPart('health', 'health');
const accessLog = agencyAccessLog('health', 'health');

/** Ministry of Health, district hospitals: medical encounters and treatments. */
export const health = defineSubgraph({
  name: 'health',
  port: 4002,
  dbSchema: 'health',
  entities: [Encounter, Treatment, KnownCase],
  resolvers: [
    CaseMedicalResolver,
    MedicalRecordResolver,
    MedicalWriteResolver,
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
  seed: seedHealth,
});
