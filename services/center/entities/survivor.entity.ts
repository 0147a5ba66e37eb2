import { Entity, Enum, Property } from '@mikro-orm/core';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { Sex } from '../../shared/enums.js';
import { Requires } from '../../shared/guards.js';

@Entity({ tableName: 'survivor' })
@ObjectType({ description: 'A survivor. Lists and screens show the survivor code, never a name.' })
@Directive('@key(fields: "id")')
export class Survivor extends HubEntity {
  @Field(() => String, { description: 'The survivor code: what every list shows instead of a name.' })
  @Property({ type: 'string', unique: true })
  code!: string;

  @Field(() => Sex)
  @Enum({ items: () => Sex, type: 'string' })
  sex!: Sex;

  // The exact date of birth and the nationality narrow a person down: with the names, they need survivor:identity.
  // Everyone who sees the case sees the age (Survivor.age).
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, when known.' })
  @Requires('survivor:identity')
  @Property({ type: 'date', nullable: true })
  dateOfBirth?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Estimated age in years at intake, when the date of birth is unknown.',
  })
  @Requires('survivor:identity')
  @Property({ type: 'integer', nullable: true })
  estimatedAge?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2; optional, no ID is required to be helped.' })
  @Requires('survivor:identity')
  @Property({ type: 'string', length: 2, nullable: true })
  nationality?: string | null;
}
