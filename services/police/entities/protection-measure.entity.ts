import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { ProtectionKind } from '../types/police-enums.js';
import { Investigation } from './investigation.entity.js';

// A protection measure is in force from when it was issued until it ends (`until`) or is lifted, whichever comes
// first. The center's case manager plans the survivor's safety around it, so it is shown to whoever reads the
// investigation; lifting one needs a stated reason.
@Entity({ tableName: 'protection_measure' })
@ObjectType({ description: 'A measure protecting the survivor, such as a no-contact order.' })
export class ProtectionMeasure extends HubEntity {
  @Index()
  @ManyToOne({ entity: () => Investigation })
  investigation!: Investigation;

  @Field(() => ProtectionKind)
  @Enum({ items: () => ProtectionKind, type: 'string' })
  kind!: ProtectionKind;

  @Field(() => String)
  @Property({ type: 'text' })
  details!: string;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  issuedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it ends by itself; null: until lifted.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  until?: Date | null;

  @Field(() => String)
  @Property({ type: 'string' })
  issuedBy!: string;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  liftedAt?: Date | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  liftedReason?: string | null = null;
}
