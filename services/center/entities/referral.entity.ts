import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { ServiceAgency } from '../types/service-agency.js';
import { Case } from './case.entity.js';

// A case is shown to an agency only once it has been referred there (Primero's rule), and only with consent. The
// full lifecycle (accepted, rejected, done, revoked) and delivery to the agencies come with the referral work.
@Entity({ tableName: 'referral' })
@Unique({ properties: ['case', 'agency'] })
@ObjectType({ description: 'A referral of a case to an agency.' })
export class Referral extends HubEntity {
  @Index()
  @ManyToOne({ entity: () => Case })
  case!: Case;

  @Field(() => ServiceAgency)
  @Enum({ items: () => ServiceAgency, type: 'string' })
  agency!: ServiceAgency;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  referredAt!: Date;

  @Field(() => String, { description: 'Subject of the staff member who referred the case.' })
  @Property({ type: 'string' })
  referredBy!: string;
}
