import { Entity, Enum, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { InvestigationStatus } from '../types/police-enums.js';

@Entity({ tableName: 'investigation' })
@ObjectType({ description: "Police's slice of a case: the complaint and its investigation (RIB)." })
export class Investigation extends HubEntity {
  @Property({ type: 'uuid', unique: true })
  caseId!: string;

  /** The case's center when the complaint was recorded; shown only while it matches the center's sharing facts. */
  @Field(() => String)
  @Property({ type: 'string' })
  centerCode!: string;

  @Field(() => String, { description: "The police's own complaint number." })
  @Property({ type: 'string', unique: true })
  complaintNumber!: string;

  @Field(() => InvestigationStatus)
  @Enum({ items: () => InvestigationStatus, type: 'string' })
  status!: InvestigationStatus;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  receivedAt!: Date;

  @Field(() => String, { description: 'Subject of the investigator who recorded the complaint.' })
  @Property({ type: 'string' })
  recordedBy!: string;
}
