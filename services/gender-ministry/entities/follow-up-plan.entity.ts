import { Entity, Enum, type Opt, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { RiskLevel, VulnerabilityFactor } from '../types/follow-up-enums.js';

@Entity({ tableName: 'follow_up_plan' })
@ObjectType({ description: "The gender ministry's slice of a case: follow-up for the most vulnerable survivors." })
export class FollowUpPlan extends HubEntity {
  @Property({ type: 'uuid', unique: true })
  caseId!: string;

  /** The case's district when the plan was made; shown only while it matches the center's sharing facts. */
  @Field(() => String)
  @Property({ type: 'string' })
  district!: string;

  @Field(() => RiskLevel, { description: 'From the vulnerability assessment (its factors).' })
  @Enum({ items: () => RiskLevel, type: 'string' })
  riskLevel!: RiskLevel;

  @Field(() => [VulnerabilityFactor], { description: 'What the vulnerability assessment found.' })
  @Enum({ items: () => VulnerabilityFactor, type: 'string', array: true })
  factors: VulnerabilityFactor[] & Opt = [];

  @Field(() => String)
  @Property({ type: 'text' })
  plan!: string;

  @Field(() => String, { description: 'Subject of the social worker who made the plan.' })
  @Property({ type: 'string' })
  recordedBy!: string;

  @Field(() => Date, { nullable: true, description: 'When follow-up ended; null while it runs.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  closedAt?: Date | null = null;

  @Field(() => String, { nullable: true, description: 'Why follow-up ended, as the social worker stated it.' })
  @Property({ type: 'text', nullable: true })
  closedReason?: string | null = null;

  @Property({ type: 'string', nullable: true })
  closedBy?: string | null = null;
}
