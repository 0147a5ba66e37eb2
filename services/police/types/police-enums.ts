import { registerEnumType } from 'type-graphql';

export enum InvestigationStatus {
  COMPLAINT_RECEIVED = 'COMPLAINT_RECEIVED',
  UNDER_INVESTIGATION = 'UNDER_INVESTIGATION',
  REFERRED_TO_PROSECUTION = 'REFERRED_TO_PROSECUTION',
  CLOSED = 'CLOSED',
}
registerEnumType(InvestigationStatus, { name: 'InvestigationStatus' });

/** Where an investigation may go next. Prosecution may send a file back; a closed one may be reopened. */
export const NEXT_STATUS: Record<InvestigationStatus, InvestigationStatus[]> = {
  [InvestigationStatus.COMPLAINT_RECEIVED]: [InvestigationStatus.UNDER_INVESTIGATION, InvestigationStatus.CLOSED],
  [InvestigationStatus.UNDER_INVESTIGATION]: [InvestigationStatus.REFERRED_TO_PROSECUTION, InvestigationStatus.CLOSED],
  [InvestigationStatus.REFERRED_TO_PROSECUTION]: [InvestigationStatus.UNDER_INVESTIGATION, InvestigationStatus.CLOSED],
  [InvestigationStatus.CLOSED]: [InvestigationStatus.UNDER_INVESTIGATION],
};

export enum SuspectRelationship {
  INTIMATE_PARTNER = 'INTIMATE_PARTNER',
  FAMILY_MEMBER = 'FAMILY_MEMBER',
  ACQUAINTANCE = 'ACQUAINTANCE',
  STRANGER = 'STRANGER',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(SuspectRelationship, { name: 'SuspectRelationship', description: 'Relationship to the survivor.' });

export enum SuspectStatus {
  AT_LARGE = 'AT_LARGE',
  ARRESTED = 'ARRESTED',
  RELEASED = 'RELEASED',
}
registerEnumType(SuspectStatus, { name: 'SuspectStatus' });

export enum StatementGiver {
  SURVIVOR = 'SURVIVOR',
  /** For a child, or a survivor who cannot give one. */
  GUARDIAN = 'GUARDIAN',
  WITNESS = 'WITNESS',
}
registerEnumType(StatementGiver, { name: 'StatementGiver', description: 'Who gave a statement to the police.' });

export enum ProtectionKind {
  NO_CONTACT_ORDER = 'NO_CONTACT_ORDER',
  STAY_AWAY_ORDER = 'STAY_AWAY_ORDER',
  REMOVAL_OF_SUSPECT_FROM_HOME = 'REMOVAL_OF_SUSPECT_FROM_HOME',
  SAFE_RELOCATION = 'SAFE_RELOCATION',
}
registerEnumType(ProtectionKind, { name: 'ProtectionKind', description: 'A measure protecting the survivor.' });
