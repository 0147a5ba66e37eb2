import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A signature nonce a subgraph has accepted, kept until its window has passed (replay.ts). Every subgraph has this table. */
@Entity({ tableName: 'seen_nonce' })
export class SeenNonce {
  @PrimaryKey({ type: 'string', length: 100 })
  nonce!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', index: true })
  expiresAt!: Date;
}
