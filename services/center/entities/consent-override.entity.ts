import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { ServiceAgency } from '../types/service-agency.js';
import { Case } from './case.entity.js';

// Sharing without consent, by a holder of consent:override, for a stated reason and for a limited time: for instance
// a child whose guardian is the suspect (Law 058/2021 Art. 9 allows processing in the child's vital interest). Every
// override is listed for the data-protection officer.
@Entity({ tableName: 'consent_override' })
@ObjectType({ description: 'Sharing with an agency despite missing consent: who, why, until when.' })
export class ConsentOverride extends HubEntity {
  @Index()
  @ManyToOne({ entity: () => Case })
  case!: Case;

  @Field(() => ServiceAgency)
  @Enum({ items: () => ServiceAgency, type: 'string' })
  agency!: ServiceAgency;

  @Field(() => String)
  @Property({ type: 'text' })
  reason!: string;

  @Field(() => String, { description: 'Subject of the staff member who overrode.' })
  @Property({ type: 'string' })
  overriddenBy!: string;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  overriddenAt!: Date;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt!: Date;
}
