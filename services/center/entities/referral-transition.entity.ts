import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { ReferralStatus } from '../types/referral-status.js';
import { Referral } from './referral.entity.js';

// Rows are only ever added: the history of a referral (who requested, accepted, rejected, revoked it, when and why)
// stays answerable after it ends, for the case manager, the timeline and an audit.
@Entity({ tableName: 'referral_transition' })
@ObjectType({ description: 'One move of a referral: to what, when, by whom and why.' })
export class ReferralTransition extends HubEntity {
  @Index()
  @ManyToOne({ entity: () => Referral })
  referral!: Referral;

  @Field(() => ReferralStatus, { nullable: true, description: 'Null for the request itself.' })
  @Enum({ items: () => ReferralStatus, type: 'string', nullable: true })
  fromStatus!: ReferralStatus | null;

  @Field(() => ReferralStatus)
  @Enum({ items: () => ReferralStatus, type: 'string' })
  toStatus!: ReferralStatus;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  at!: Date;

  @Field(() => String, { description: 'Subject of the person who made the move.' })
  @Property({ type: 'string' })
  by!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  reason!: string | null;
}
