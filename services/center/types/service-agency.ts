import { registerEnumType } from 'type-graphql';
import { type SharingAgency, sharingEnum } from '../../shared/agencies.js';

/** The agencies a case is referred to and a survivor consents to share with: the agency table's sharing codes. */
export const ServiceAgency = sharingEnum();
export type ServiceAgency = SharingAgency;
registerEnumType(ServiceAgency, { name: 'ServiceAgency' });
