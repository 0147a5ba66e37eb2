import { randomUUID } from 'node:crypto';
import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

// Every table of every subgraph starts with these two columns. Ids are random UUIDs: a sequential id would tell a
// reader how many survivors a center has seen, and ids cross subgraphs as federation keys.
@Entity({ abstract: true })
@ObjectType('HubEntity')
export abstract class HubEntity {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
