import { type SharingAgency, sharingEnum } from '../../shared/agencies.js';
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

/**
 * Whom a consent lets the center share with (the agency table's sharing codes), or for what purpose: STATISTICS is
 * counting in non-identifying statistics (GBVIMS information-sharing protocol).
 */
export const ConsentScope = Object.freeze({ ...sharingEnum(), STATISTICS: 'STATISTICS' } as const);
export type ConsentScope = (typeof ConsentScope)[keyof typeof ConsentScope];
registerEnumType(ConsentScope, { name: 'ConsentScope' });

/** The consent a referral to an agency needs: the agency's own scope of consent. */
export const consentScopeOf = (agency: SharingAgency): ConsentScope => ConsentScope[agency];

export enum ConsentGiver {
  SURVIVOR = 'SURVIVOR',
  /** A holder of parental responsibility; required for a child under 16 (Law 058/2021 Art. 9). */
  GUARDIAN = 'GUARDIAN',
}
registerEnumType(ConsentGiver, { name: 'ConsentGiver' });
