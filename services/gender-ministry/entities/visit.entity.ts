import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { VisitorRole } from '../types/follow-up-enums.js';
import { FollowUpPlan } from './follow-up-plan.entity.js';

@Entity({ tableName: 'visit' })
// A plan falls overdue when a visit's date passes: the rollup of statistics looks those up.
@Index({ properties: ['scheduledFor'] })
@ObjectType({ description: 'A follow-up visit by a social worker or local official, scheduled or done.' })
export class Visit extends HubEntity {
  @Index()
  @ManyToOne({ entity: () => FollowUpPlan })
  plan!: FollowUpPlan;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  scheduledFor!: Date;

  @Field(() => VisitorRole)
  @Enum({ items: () => VisitorRole, type: 'string' })
  visitorRole!: VisitorRole;

  @Field(() => Date, { nullable: true, description: 'Null while the visit is only scheduled.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  doneAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  @Property({ type: 'string' })
  recordedBy!: string;
}
