import { defineSubgraph } from '../shared/descriptor.js';
import { Investigation } from './entities/investigation.entity.js';
import { Suspect } from './entities/suspect.entity.js';
import { migrations } from './migrations/index.js';
import { CaseInvestigationResolver, InvestigationResolver } from './resolvers/investigation.resolver.js';
import { PoliceWriteResolver } from './resolvers/record.resolver.js';
import { seedPolice } from './seed.js';
import { CaseRef } from './types/case.type.js';

/** Rwanda National Police / RIB: complaints, investigations, suspects. */
export const police = defineSubgraph({
  name: 'police',
  port: 4003,
  dbSchema: 'police',
  entities: [Investigation, Suspect],
  resolvers: [CaseInvestigationResolver, InvestigationResolver, PoliceWriteResolver],
  orphanedTypes: [CaseRef],
  references: {
    Case: (ref) => Object.assign(new CaseRef(), { id: String(ref.id) }),
  },
  migrations,
  seed: seedPolice,
});
