import { registerEnumType } from 'type-graphql';

/** The clinical clocks every treatment of a survivor of sexual violence is checked against, from the incident time. */
export enum ClinicalClock {
  /** HIV post-exposure prophylaxis: within 72 h. */
  HIV_PEP = 'HIV_PEP',
  /** Within 120 h. */
  EMERGENCY_CONTRACEPTION = 'EMERGENCY_CONTRACEPTION',
  /** Preferably within 24 h; little use after 14 days. */
  HEPATITIS_B_VACCINE = 'HEPATITIS_B_VACCINE',
  /** Forensic evidence collection: ideally within 72 h. */
  FORENSIC_EVIDENCE = 'FORENSIC_EVIDENCE',
}
registerEnumType(ClinicalClock, { name: 'ClinicalClock' });

export enum ClockStatus {
  /** The window is open and nothing has been given yet. */
  DUE = 'DUE',
  /** Given at or before the deadline. */
  MET = 'MET',
  /** Nothing given by the deadline, or given after it. */
  MISSED = 'MISSED',
  /** A clinician recorded that the clock does not apply to this survivor, and why. */
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}
registerEnumType(ClockStatus, {
  name: 'ClockStatus',
  valuesConfig: {
    DUE: { description: 'The window is open and nothing has been given yet.' },
    MET: { description: 'Given at or before the deadline.' },
    MISSED: { description: 'Nothing given by the deadline (givenAt null), or given after it (givenAt says when).' },
    NOT_APPLICABLE: { description: 'A clinician recorded that the clock does not apply to this survivor, and why.' },
  },
});

/** When a medical follow-up visit is proposed, counted from the incident. */
export enum FollowUpInterval {
  TWO_WEEKS = 'TWO_WEEKS',
  THREE_MONTHS = 'THREE_MONTHS',
  SIX_MONTHS = 'SIX_MONTHS',
}
registerEnumType(FollowUpInterval, { name: 'FollowUpInterval' });
