import { sharingCodeOf, subgraphOf } from '../shared/agencies.js';
import { ClinicalClock } from './types/clinical-clock.js';
import { TreatmentKind } from './types/treatment-kind.js';
import {
  DAY,
  type DemoCase,
  demoId,
  demoKey,
  type SharedCase,
  demoRandom,
  HOUR,
  knownTo,
} from '../shared/demo-plan.js';
import type { DemoSample } from '../shared/demo-forensic.js';

const MINUTE = 60_000;

// Health's demo rows for a demo case: an encounter, the treatments the clinical clocks still allowed, and the clocks the
// clinician recorded as not applicable.

export interface DemoEncounter {
  id: string;
  seenAt: Date;
  findings: string;
  injuriesObserved: boolean;
}
export interface DemoTreatment {
  id: string;
  encounterId: string;
  kind: TreatmentKind;
  givenAt: Date;
}
export interface DemoNotApplicable {
  id: string;
  clock: ClinicalClock;
  reason: string;
}
export interface DemoMedical {
  encounter: DemoEncounter;
  treatments: DemoTreatment[];
  /** The clinical clocks the clinician recorded as not applicable, and why. */
  notApplicable: DemoNotApplicable[];
}

/** The medical record of a demo case the survivor let health see and that needed care; null otherwise. */
export function demoMedical(c: SharedCase): DemoMedical | null {
  if (!knownTo(c, sharingCodeOf('health')) || !c.needs.includes('MEDICAL')) return null;
  const { next, chance } = demoRandom(subgraphOf('health').field, demoKey(c));
  const seenAt = new Date(c.openedAt.getTime() + Math.floor(next() * 3 * HOUR));
  const encounter: DemoEncounter = {
    id: demoId('encounter', demoKey(c)),
    seenAt,
    injuriesObserved: chance(0.5),
    findings: 'Synthetic demo findings: examination done, medico-legal certificate issued.',
  };
  const sinceIncident = seenAt.getTime() - c.incidentAt.getTime();
  const kinds = [
    ...(c.sexual && sinceIncident <= 72 * HOUR ? [TreatmentKind.HIV_PEP] : []),
    ...(c.sexual && c.survivorSex === 'FEMALE' && c.survivorAge >= 12 && sinceIncident <= 120 * HOUR
      ? [TreatmentKind.EMERGENCY_CONTRACEPTION]
      : []),
    ...(c.sexual && sinceIncident <= 14 * DAY ? [TreatmentKind.HEPATITIS_B_VACCINE] : []),
    ...(c.sexual ? [] : [TreatmentKind.WOUND_CARE]),
  ];
  const treatments = kinds.map((kind) => ({
    id: demoId('treatment', `${demoKey(c)}:${kind}`),
    encounterId: encounter.id,
    kind,
    givenAt: seenAt,
  }));
  // Forensic evidence is collected once the examination is under way, within its 72 hours.
  if (c.sexual && sinceIncident + 20 * MINUTE <= 72 * HOUR) {
    const kind = TreatmentKind.FORENSIC_EVIDENCE_COLLECTION;
    const givenAt = new Date(seenAt.getTime() + 20 * MINUTE);
    treatments.push({ id: demoId('treatment', `${demoKey(c)}:${kind}`), encounterId: encounter.id, kind, givenAt });
  }
  const notApplicable = (
    c.sexual
      ? c.survivorSex === 'FEMALE' && c.survivorAge >= 12
        ? []
        : [
            {
              clock: ClinicalClock.EMERGENCY_CONTRACEPTION,
              reason: c.survivorSex === 'FEMALE' ? 'A child before puberty.' : 'Male survivor.',
            },
          ]
      : Object.values(ClinicalClock).map((clock) => ({
          clock,
          reason: 'No sexual contact in this incident: not indicated.',
        }))
  ).map((n) => ({ id: demoId('clock-not-applicable', `${demoKey(c)}:${n.clock}`), ...n }));
  return { encounter, treatments, notApplicable };
}

/** The medico-legal report of a demo case whose forensic evidence was collected, written after the examination. */
export function demoReport(c: DemoCase, sample: DemoSample): { examinedAt: Date; findings: string; signedBy: string } {
  return {
    examinedAt: new Date(sample.collectedAt.getTime() - 20 * MINUTE),
    findings: 'Synthetic demo report: findings consistent with the account given.',
    signedBy: `Dr. Demo Clinician (RMDC ${1000 + c.index})`,
  };
}
