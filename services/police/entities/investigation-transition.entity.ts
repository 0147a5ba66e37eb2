import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { InvestigationStatus } from '../types/police-enums.js';
import { Investigation } from './investigation.entity.js';

// Every move of an investigation, with the investigator's stated reason: a prosecutor, a court or the survivor's
// lawyer asks why a file was closed or sent back, and the answer must not depend on anyone's memory.
@Entity({ tableName: 'investigation_transition' })
@ObjectType({ description: 'One move of an investigation: from what, to what, when, by whom and why.' })
export class InvestigationTransition extends HubEntity {
  @Index()
  @ManyToOne({ entity: () => Investigation })
  investigation!: Investigation;

  @Field(() => InvestigationStatus)
  @Enum({ items: () => InvestigationStatus, type: 'string' })
  fromStatus!: InvestigationStatus;

  @Field(() => InvestigationStatus)
  @Enum({ items: () => InvestigationStatus, type: 'string' })
  toStatus!: InvestigationStatus;

  @Field(() => String)
  @Property({ type: 'text' })
  reason!: string;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  at!: Date;

  @Field(() => String, { description: 'Subject of the investigator.' })
  @Property({ type: 'string' })
  by!: string;
}
