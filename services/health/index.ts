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
    Case: (ref) => Object.assign(new CaseRef(), { id: String(ref.id) }),
  },
  migrations,
  seed: seedHealth,
});
