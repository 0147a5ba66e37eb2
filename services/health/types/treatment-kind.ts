import { registerEnumType } from 'type-graphql';

export enum TreatmentKind {
  /** HIV post-exposure prophylaxis: within 72 h of the incident, 28-day course. */
  HIV_PEP = 'HIV_PEP',
  /** Within 120 h. */
  EMERGENCY_CONTRACEPTION = 'EMERGENCY_CONTRACEPTION',
  /** Preferably within 24 h; little use after 14 days. */
  HEPATITIS_B_VACCINE = 'HEPATITIS_B_VACCINE',
  /**
   * Forensic evidence collected for the Rwanda Forensic Institute (with consent and a chain of custody): ideally within
   * 72 h. Recorded here so that its clock can be kept; the samples themselves are the forensic record's to track.
   */
  FORENSIC_EVIDENCE_COLLECTION = 'FORENSIC_EVIDENCE_COLLECTION',
  STI_PROPHYLAXIS = 'STI_PROPHYLAXIS',
  TETANUS = 'TETANUS',
  WOUND_CARE = 'WOUND_CARE',
  OTHER = 'OTHER',
}
registerEnumType(TreatmentKind, { name: 'TreatmentKind' });
