import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { Case } from './case.entity.js';

// Emergency access: one person, one case, a stated reason, a short time. It opens the case to that person whatever
// the referral, consent and organisational scope; it is written to the access log and listed for the
// data-protection officer.
@Entity({ tableName: 'break_glass' })
@ObjectType({ description: 'Time-limited emergency access to one case by one person.' })
export class BreakGlass extends HubEntity {
  @Index()
  @ManyToOne({ entity: () => Case })
  case!: Case;

  @Field(() => String)
  @Property({ type: 'string' })
  subject!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  agency!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  reason!: string;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  startedAt!: Date;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt!: Date;
}
