import { defineSubgraph } from '../shared/descriptor.js';
import { Encounter } from './entities/encounter.entity.js';
import { Treatment } from './entities/treatment.entity.js';
import { migrations } from './migrations/index.js';
import { CaseMedicalResolver, MedicalRecordResolver } from './resolvers/medical.resolver.js';
import { MedicalWriteResolver } from './resolvers/record.resolver.js';
import { seedHealth } from './seed.js';
import { CaseRef } from './types/case.type.js';

/** Ministry of Health, district hospitals: medical encounters and treatments. */
export const health = defineSubgraph({
  name: 'health',
  port: 4002,
  dbSchema: 'health',
  entities: [Encounter, Treatment],
  resolvers: [CaseMedicalResolver, MedicalRecordResolver, MedicalWriteResolver],
  orphanedTypes: [CaseRef],
  references: {
    // The stub carries only the key; every field on it is guarded by its own scope.
    Case: { scopes: [], resolve: (ref) => Object.assign(new CaseRef(), { id: ref.id as string }) },
  },
  migrations,
  seed: seedHealth,
});
