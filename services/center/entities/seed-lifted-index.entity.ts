import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

// The indexes `npm run seed` set aside while it writes (services/hub/seed-indexes.ts), each with the statement that
// builds it again. Kept in the database, not in the generator's memory, so that a run that dies midway (or is killed)
// leaves the way back: the next run, or the same one resumed, builds them again from here.
@Entity({ tableName: 'seed_lifted_index' })
export class SeedLiftedIndex {
  @PrimaryKey({ type: 'string' })
  schemaName!: string;

  @PrimaryKey({ type: 'string' })
  indexName!: string;

  @Property({ type: 'text' })
  definition!: string;
}
