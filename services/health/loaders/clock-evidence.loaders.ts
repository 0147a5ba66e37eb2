import type { HubContext } from '../../shared/context.js';
import { TreatmentKind } from '../types/treatment-kind.js';
import { samplesByCase } from './forensic.loaders.js';
import { treatmentsByCase } from './medical.loaders.js';

/** One act that may answer a clinical clock: what kind of care, when, and at which center it was recorded. */
export interface ClockEvidence {
  kind: TreatmentKind;
  givenAt: Date;
  centerCode: string;
}

/**
 * What answers a case's clinical clocks: the treatments given, and each forensic sample collected. Collecting a sample
 * is the forensic-evidence clock's own act, so a sample collected within 72 hours meets it as a recorded
 * FORENSIC_EVIDENCE_COLLECTION treatment does, and the clinician records it once. Both loads are batched per tick.
 */
export async function clockEvidenceOf(ctx: HubContext, caseId: string): Promise<ClockEvidence[]> {
  const [treatments, samples] = await Promise.all([
    treatmentsByCase(ctx).load(caseId),
    samplesByCase(ctx).load(caseId),
  ]);
  return [
    ...treatments,
    ...samples.map((s) => ({
      kind: TreatmentKind.FORENSIC_EVIDENCE_COLLECTION,
      givenAt: s.collectedAt,
      centerCode: s.centerCode,
    })),
  ];
}
