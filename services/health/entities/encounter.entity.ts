import { Entity, Index, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';

// Health keeps only the case id: who the survivor is stays with the center.
@Entity({ tableName: 'encounter' })
@ObjectType({ description: 'A medical encounter: examination and findings.' })
export class Encounter extends HubEntity {
  @Index()
  @Property({ type: 'uuid' })
  caseId!: string;

  /** The case's center when it was recorded; shown only while it matches the center's sharing facts (a moved case hides it). */
  @Field(() => String)
  @Property({ type: 'string' })
  centerCode!: string;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  seenAt!: Date;

  @Field(() => String)
  @Property({ type: 'text' })
  findings!: string;

  @Field(() => Boolean)
  @Property({ type: 'boolean' })
  injuriesObserved!: boolean;

  @Field(() => String, { description: 'Subject of the clinician who recorded it.' })
  @Property({ type: 'string' })
  recordedBy!: string;
}
