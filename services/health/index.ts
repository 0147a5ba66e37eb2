// type-graphql and MikroORM read design-time types from decorators: the polyfill loads before any decorated class.
import { clockStatistics, treatmentStatistics } from './reads/statistics.read.js';
import { CLOCKS } from './policies/clinical-clocks.js';
import { ClinicalClock } from './types/clinical-clock.js';
import { TreatmentKind } from './types/treatment-kind.js';
import 'reflect-metadata';
import { defineAgency } from '../shared/define-agency.js';
import { agencyTimeline } from '../shared/timeline/agency-events.js';
import { ClockNotApplicable } from './entities/clock-not-applicable.entity.js';
import { Encounter } from './entities/encounter.entity.js';
import { ForensicSample } from './entities/forensic-sample.entity.js';
import { MedicoLegalReport } from './entities/medico-legal-report.entity.js';
import { Treatment } from './entities/treatment.entity.js';
import { migrations } from './migrations/index.js';
import { healthTimeline } from './policies/timeline-events.js';
import { ClinicalAlertResolver } from './resolvers/alerts.resolver.js';
import { CaseForensicResolver, ForensicSampleResolver } from './resolvers/forensic.resolver.js';
import { ForensicWriteResolver } from './resolvers/forensic-write.resolver.js';
import { CaseMedicalResolver, MedicalRecordResolver } from './resolvers/medical.resolver.js';
import { MedicalWriteResolver } from './resolvers/record.resolver.js';
import { seedHealth } from './seed.js';
import { writeGeneratedHealth } from './generated-write.js';
import { CaseRef } from './types/case.type.js';
import { HealthStatisticsResolver } from './resolvers/statistics.resolver.js';

/**
 * Ministry of Health, district hospitals: medical encounters, treatments and the clinical clocks; forensic samples,
 * health's side of their chain of custody, and the medico-legal report.
 */
export const health = defineAgency({
  name: 'health',
  // Every clock, and every treatment without a clock (treatmentStatistics refuses the others).
  rollups: [
    ...Object.values(ClinicalClock).map((c) => clockStatistics(c).rows),
    ...Object.values(TreatmentKind)
      .filter((k) => !CLOCKS.some((c) => c.kind === k))
      .map((k) => treatmentStatistics(k).rows),
  ],
  caseType: CaseRef,
  entities: [Encounter, Treatment, ClockNotApplicable, ForensicSample, MedicoLegalReport],
  resolvers: [
    CaseMedicalResolver,
    MedicalRecordResolver,
    MedicalWriteResolver,
    ClinicalAlertResolver,
    agencyTimeline('health', CaseRef, healthTimeline),
    CaseForensicResolver,
    ForensicSampleResolver,
    ForensicWriteResolver,
    HealthStatisticsResolver,
  ],
  migrations,
  seed: seedHealth,
  seedGenerated: writeGeneratedHealth,
});
