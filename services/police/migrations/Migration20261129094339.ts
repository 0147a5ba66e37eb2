import { Migration } from '@mikro-orm/migrations';

export class Migration20261129094339 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "police"."access_denial" ("subject" varchar(255) not null, "reason" varchar(255) not null, "window_start" timestamptz not null, "agency" varchar(255) not null, "roles" text[] not null, "count" int not null, "case_ids" uuid[] not null, "last_at" timestamptz not null, constraint "access_denial_pkey" primary key ("subject", "reason", "window_start"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "police"."access_denial" cascade;`);
  }
}
