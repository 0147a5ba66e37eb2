import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { StatementGiver } from '../types/police-enums.js';
import { Investigation } from './investigation.entity.js';

// A statement taken by an investigator. Its words are the survivor's (or a witness's) account, the most sensitive
// thing the police hold: only investigators read it (police:statements), not everyone who reads the investigation.
@Entity({ tableName: 'statement' })
@ObjectType({ description: 'A statement taken by the police.' })
export class Statement extends HubEntity {
  @Index()
  @ManyToOne({ entity: () => Investigation })
  investigation!: Investigation;

  @Field(() => StatementGiver)
  @Enum({ items: () => StatementGiver, type: 'string' })
  givenBy!: StatementGiver;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  takenAt!: Date;

  @Field(() => String, { description: 'Subject of the investigator who took it.' })
  @Property({ type: 'string' })
  takenBy!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  text!: string;
}
