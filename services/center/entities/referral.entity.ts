import { Entity, Enum, Index, ManyToOne, type Opt, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { ReferralStatus } from '../types/referral-status.js';
import { ServiceAgency } from '../types/service-agency.js';
import { Case } from './case.entity.js';

// A case is shown to an agency only once it has been referred there (Primero's rule), and only with consent. A case
// has at most one open referral (requested or accepted) per agency, which the database enforces with a partial unique
// index (see the migration); once one is rejected, revoked or completed, the case can be referred there again. Every
// move is kept in referral_transition, and told to the agency through the center's outbox, numbered by `version` so
// that a receiver applies moves delivered out of order only forward.
@Entity({ tableName: 'referral' })
@Unique({
  name: 'referral_open_unique',
  expression: `create unique index "referral_open_unique" on "center"."referral" ("case_id", "agency") where "status" in ('REQUESTED', 'ACCEPTED')`,
})
@ObjectType({ description: 'A referral of a case to an agency, and where it stands.' })
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

  @Field(() => ReferralStatus)
  @Enum({ items: () => ReferralStatus, type: 'string' })
  status: ReferralStatus & Opt = ReferralStatus.REQUESTED;

  @Field(() => Date, { description: 'When the referral last moved (its request, at first).' })
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  statusChangedAt: Date & Opt = new Date();

  @Field(() => String, {
    nullable: true,
    description: 'Why it was rejected or revoked, or the note given with its last move, as the person stated it.',
  })
  @Property({ type: 'text', nullable: true })
  statusReason?: string | null = null;

  @Field(() => Int, { description: 'How many times it has moved, counting its request as 1.' })
  @Property({ type: 'int' })
  version: number & Opt = 1;
}
