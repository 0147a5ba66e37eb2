import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { Sex } from '../../shared/enums.js';
import { SuspectRelationship, SuspectStatus } from '../types/police-enums.js';
import { Investigation } from './investigation.entity.js';

// A suspect is a separate person in the police's own schema, never a survivor record, even when the same person is
// also helped at the center.
@Entity({ tableName: 'suspect' })
@ObjectType({ description: 'A suspect: a separate person, never a survivor record.' })
export class Suspect extends HubEntity {
  @Index()
  @ManyToOne({ entity: () => Investigation })
  investigation!: Investigation;

  @Field(() => String, { nullable: true, description: 'When known.' })
  @Property({ type: 'string', nullable: true })
  fullName?: string | null;

  @Field(() => Sex)
  @Enum({ items: () => Sex, type: 'string' })
  sex!: Sex;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  estimatedAge?: number | null;

  @Field(() => SuspectRelationship)
  @Enum({ items: () => SuspectRelationship, type: 'string' })
  relationshipToSurvivor!: SuspectRelationship;

  @Field(() => SuspectStatus)
  @Enum({ items: () => SuspectStatus, type: 'string' })
  status!: SuspectStatus;

  @Property({ type: 'string' })
  recordedBy!: string;
}
