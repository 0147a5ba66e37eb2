import { Migration } from '@mikro-orm/migrations';

// The progress of `npm run seed`: one row per batch of generated cases written (entities/seed-batch.entity.ts), and
// the indexes it has set aside while it writes (entities/seed-lifted-index.entity.ts).
export class Migration20261201090000SeedBatch extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "center"."seed_batch" ("batch" int not null, "seed" bigint not null, "total" int not null, "batch_size" int not null, "until" timestamptz not null, "cases" int not null, "written_at" timestamptz not null, constraint "seed_batch_pkey" primary key ("batch"));`,
    );
    this.addSql(
      `create table "center"."seed_lifted_index" ("schema_name" varchar(255) not null, "index_name" varchar(255) not null, "definition" text not null, constraint "seed_lifted_index_pkey" primary key ("schema_name", "index_name"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "center"."seed_lifted_index" cascade;`);
    this.addSql(`drop table if exists "center"."seed_batch" cascade;`);
  }
}
