import { Migration } from '@mikro-orm/migrations';

export class Migration20261129085851 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "police"."known_case" ("case_id" uuid not null, "center_code" varchar(255) not null, "district" varchar(255) not null, "received_at" timestamptz not null, constraint "known_case_pkey" primary key ("case_id"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "police"."known_case" cascade;`);
  }
}
