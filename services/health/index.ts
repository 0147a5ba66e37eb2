// type-graphql and MikroORM read design-time types from decorators: the polyfill loads before any decorated class.
import 'reflect-metadata';
import { defineAgency } from '../shared/define-agency.js';
import { Encounter } from './entities/encounter.entity.js';
import { Treatment } from './entities/treatment.entity.js';
import { migrations } from './migrations/index.js';
import { CaseMedicalResolver, MedicalRecordResolver } from './resolvers/medical.resolver.js';
import { MedicalWriteResolver } from './resolvers/record.resolver.js';
import { seedHealth } from './seed.js';
import { CaseRef } from './types/case.type.js';

/** Ministry of Health, district hospitals: medical encounters and treatments. */
export const health = defineAgency({
  name: 'health',
  caseType: CaseRef,
  entities: [Encounter, Treatment],
  resolvers: [CaseMedicalResolver, MedicalRecordResolver, MedicalWriteResolver],
  migrations,
  seed: seedHealth,
});
