import { registerEnumType } from 'type-graphql';
import type { SharingAgency } from '../../shared/sharing/decide.js';

/** The agencies a case is referred to and a survivor consents to share with. */
export enum ServiceAgency {
  HEALTH = 'HEALTH',
  POLICE = 'POLICE',
  GENDER_MINISTRY = 'GENDER_MINISTRY',
}
registerEnumType(ServiceAgency, { name: 'ServiceAgency' });

// The GraphQL enum and the disclosure rule's vocabulary must not drift apart.
const _same: Record<ServiceAgency, SharingAgency> = {
  HEALTH: 'HEALTH',
  POLICE: 'POLICE',
  GENDER_MINISTRY: 'GENDER_MINISTRY',
};
void _same;
