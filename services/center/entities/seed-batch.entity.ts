import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

// `npm run seed` records each batch of generated cases it has written, in the batch's own transaction: a batch is
// there whole or not at all, and a rerun (or `--resume`) continues after the last one. Each row also names the run
// (seed, total, batch size, end of the decade), so that a rerun asking for another run is refused instead of mixing
// two. Nothing else reads it; a database no generator filled has none.
@Entity({ tableName: 'seed_batch' })
export class SeedBatch {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  batch!: number;

  @Property({ type: 'bigint' })
  seed!: string;

  @Property({ type: 'integer' })
  total!: number;

  @Property({ type: 'integer' })
  batchSize!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  until!: Date;

  @Property({ type: 'integer' })
  cases!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  writtenAt!: Date;
}
