import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { SupportKind, SupportStatus } from '../types/follow-up-enums.js';
import { FollowUpPlan } from './follow-up-plan.entity.js';

// One row per plan and kind of support, moved through its statuses as the social worker arranges it: the plan shows
// where each support stands, not a history of it (the access log keeps who changed what, and when).
@Entity({ tableName: 'reintegration_support' })
@Unique({ properties: ['plan', 'kind'] })
@ObjectType({ description: 'Reintegration support for the survivor (schooling, livelihood, shelter, legal aid).' })
export class ReintegrationSupport extends HubEntity {
  @ManyToOne({ entity: () => FollowUpPlan })
  plan!: FollowUpPlan;

  @Field(() => SupportKind)
  @Enum({ items: () => SupportKind, type: 'string' })
  kind!: SupportKind;

  @Field(() => SupportStatus)
  @Enum({ items: () => SupportStatus, type: 'string' })
  status!: SupportStatus;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt!: Date;

  @Property({ type: 'string' })
  updatedBy!: string;
}
