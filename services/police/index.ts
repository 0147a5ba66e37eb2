import { agencyAccessLog } from '../shared/access-log/agency-access-log.js';
import { accessDenialsPart } from '../shared/access-log/denials.js';
import { agencyCaseReference } from '../shared/agency-case.js';
import { recordWrittenReference } from '../shared/agency-write.js';
import { defineSubgraph } from '../shared/descriptor.js';
import { KnownCase } from '../shared/delivery/known-case.entity.js';
import { rememberCase } from '../shared/delivery/known-cases.js';
import { Investigation } from './entities/investigation.entity.js';
import { Suspect } from './entities/suspect.entity.js';
import { migrations } from './migrations/index.js';
import { CaseInvestigationResolver, InvestigationResolver } from './resolvers/investigation.resolver.js';
import { PoliceWriteResolver } from './resolvers/record.resolver.js';
import { seedPolice } from './seed.js';
import { CaseRef } from './types/case.type.js';

const denials = accessDenialsPart('police', 'police');
const accessLog = agencyAccessLog('police', 'police');

/** Rwanda National Police / RIB: complaints, investigations, suspects. */
export const police = defineSubgraph({
  name: 'police',
  port: 4003,
  dbSchema: 'police',
  entities: [Investigation, Suspect, KnownCase],
  resolvers: [
    CaseInvestigationResolver,
    InvestigationResolver,
    PoliceWriteResolver,
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
  seed: seedPolice,
});
