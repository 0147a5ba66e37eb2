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
