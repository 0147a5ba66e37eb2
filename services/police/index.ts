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
    // The stub carries only the key; every field on it is guarded by its own scope.
    Case: { scopes: [], resolve: (ref) => Object.assign(new CaseRef(), { id: ref.id as string }) },
  },
  migrations,
  seed: seedPolice,
});
