import { Entity, Enum, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { RiskLevel } from '../types/follow-up-enums.js';

@Entity({ tableName: 'follow_up_plan' })
@ObjectType({ description: "The gender ministry's slice of a case: follow-up for the most vulnerable survivors." })
export class FollowUpPlan extends HubEntity {
  @Property({ type: 'uuid', unique: true })
  caseId!: string;

  /** The case's district when the plan was made; shown only while it matches the center's sharing facts. */
  @Field(() => String)
  @Property({ type: 'string' })
  district!: string;

  @Field(() => RiskLevel)
  @Enum({ items: () => RiskLevel, type: 'string' })
  riskLevel!: RiskLevel;

  @Field(() => String)
  @Property({ type: 'text' })
  plan!: string;

  @Field(() => String, { description: 'Subject of the social worker who made the plan.' })
  @Property({ type: 'string' })
  recordedBy!: string;
}
