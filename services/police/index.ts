// type-graphql and MikroORM read design-time types from decorators: the polyfill loads before any decorated class.
import { investigationStatistics, prosecutionStatistics } from './reads/statistics.read.js';
import 'reflect-metadata';
import { defineAgency } from '../shared/define-agency.js';
import { agencyTimeline } from '../shared/timeline/agency-events.js';
import { ForensicReceipt } from './entities/forensic-receipt.entity.js';
import { Investigation } from './entities/investigation.entity.js';
import { InvestigationTransition } from './entities/investigation-transition.entity.js';
import { ProtectionMeasure } from './entities/protection-measure.entity.js';
import { Statement } from './entities/statement.entity.js';
import { Suspect } from './entities/suspect.entity.js';
import { migrations } from './migrations/index.js';
import { policeTimeline } from './policies/timeline-events.js';
import { CaseInvestigationResolver, InvestigationResolver } from './resolvers/investigation.resolver.js';
import { PoliceCaseWorkResolver } from './resolvers/case-work.resolver.js';
import { CaseForensicCustodyResolver } from './resolvers/forensic-custody.resolver.js';
import { ForensicReceiptResolver } from './resolvers/forensic-receipt.resolver.js';
import { PoliceWriteResolver } from './resolvers/record.resolver.js';
import { seedPolice } from './seed.js';
import { writeGeneratedPolice } from './generated-write.js';
import { CaseRef, readPoliceCase } from './types/case.type.js';
import { PoliceStatisticsResolver } from './resolvers/statistics.resolver.js';

/** Rwanda National Police / RIB: complaints, investigations, suspects, and their side of forensic samples' custody. */
export const police = defineAgency({
  rollups: [investigationStatistics.rows, prosecutionStatistics.rows],
  name: 'police',
  caseType: CaseRef,
  entities: [Investigation, Suspect, InvestigationTransition, Statement, ProtectionMeasure, ForensicReceipt],
  resolvers: [
    CaseInvestigationResolver,
    InvestigationResolver,
    PoliceWriteResolver,
    PoliceCaseWorkResolver,
    agencyTimeline('police', CaseRef, policeTimeline),
    CaseForensicCustodyResolver,
    ForensicReceiptResolver,
    PoliceStatisticsResolver,
  ],
  migrations,
  seed: seedPolice,
  seedGenerated: writeGeneratedPolice,
  readCase: readPoliceCase,
});
