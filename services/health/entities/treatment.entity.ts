import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { TreatmentKind } from '../types/treatment-kind.js';
import { Encounter } from './encounter.entity.js';

@Entity({ tableName: 'treatment' })
@ObjectType({ description: 'A treatment given, timed against the clinical clocks.' })
export class Treatment extends HubEntity {
  @Index()
  @Property({ type: 'uuid' })
  caseId!: string;

  /** The case's center when it was recorded; shown only while it matches the center's sharing facts (a moved case hides it). */
  @Field(() => String)
  @Property({ type: 'string' })
  centerCode!: string;

  @ManyToOne({ entity: () => Encounter, nullable: true })
  encounter?: Encounter | null;

  @Field(() => TreatmentKind)
  @Enum({ items: () => TreatmentKind, type: 'string' })
  kind!: TreatmentKind;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  givenAt!: Date;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  @Field(() => String)
  @Property({ type: 'string' })
  recordedBy!: string;
}
