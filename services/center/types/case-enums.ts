import { registerEnumType } from 'type-graphql';

/** Services identified at reception (needs assessment). */
export enum Need {
  MEDICAL = 'MEDICAL',
  POLICE = 'POLICE',
  PSYCHOSOCIAL = 'PSYCHOSOCIAL',
  SAFE_ROOM = 'SAFE_ROOM',
  FOLLOW_UP = 'FOLLOW_UP',
  LEGAL_AID = 'LEGAL_AID',
}
registerEnumType(Need, { name: 'Need' });

export enum CaseStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(CaseStatus, { name: 'CaseStatus' });

/** Whom a consent lets the center share with, or for what purpose. */
export enum ConsentScope {
  HEALTH = 'HEALTH',
  POLICE = 'POLICE',
  GENDER_MINISTRY = 'GENDER_MINISTRY',
  /** Counting in non-identifying statistics (GBVIMS information-sharing protocol). */
  STATISTICS = 'STATISTICS',
}
registerEnumType(ConsentScope, { name: 'ConsentScope' });

/** The consent a referral to an agency needs: the agency's own scope of consent. */
export const consentScopeOf = (agency: 'HEALTH' | 'POLICE' | 'GENDER_MINISTRY'): ConsentScope => ConsentScope[agency];

export enum ConsentGiver {
  SURVIVOR = 'SURVIVOR',
  /** A holder of parental responsibility; required for a child under 16 (Law 058/2021 Art. 9). */
  GUARDIAN = 'GUARDIAN',
}
registerEnumType(ConsentGiver, { name: 'ConsentGiver' });
