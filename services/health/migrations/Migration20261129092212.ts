import { Migration } from '@mikro-orm/migrations';

export class Migration20261129092212 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "health"."seen_nonce" ("nonce" varchar(100) not null, "expires_at" timestamptz not null, constraint "seen_nonce_pkey" primary key ("nonce"));`,
    );
    this.addSql(`create index "seen_nonce_expires_at_index" on "health"."seen_nonce" ("expires_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "health"."seen_nonce" cascade;`);
  }
}
