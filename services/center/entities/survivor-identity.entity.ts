import { Embeddable, Embedded, Entity, OneToOne, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import type { Survivor } from './survivor.entity.js';

@Embeddable()
@ObjectType({ description: 'A holder of parental responsibility for a child survivor.' })
export class Guardian {
  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => String, { description: 'e.g. mother, father, aunt, legal guardian.' })
  @Property({ type: 'string' })
  relationship!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  phone?: string | null;
}

// Identifying data lives in its own table, apart from the survivor code and demographics, so that a leak of the case
// tables names nobody (Law 058/2021 Art. 11: sensitive data stored separated).
@Entity({ tableName: 'survivor_identity' })
@ObjectType({ description: "A survivor's identity. Hidden by default; needs the survivor:identity scope." })
export class SurvivorIdentity {
  @OneToOne({ entity: 'Survivor', owner: true, primary: true, deleteRule: 'cascade', fieldName: 'survivor_id' })
  survivor!: Survivor;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  givenName?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  familyName?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  phone?: string | null;

  @Field(() => Guardian, { nullable: true })
  @Embedded({ entity: () => Guardian, nullable: true, prefix: 'guardian_' })
  guardian?: Guardian | null;
}
