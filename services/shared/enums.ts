import { registerEnumType } from 'type-graphql';

// Domain enums that more than one agency speaks of. A suspect (police) and a survivor (center) both have a sex, but
// they are separate persons in separate schemas: only the vocabulary is shared.

export enum Sex {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
  INTERSEX = 'INTERSEX',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(Sex, { name: 'Sex', description: 'Men and boys are survivors too; UNKNOWN when not stated.' });
