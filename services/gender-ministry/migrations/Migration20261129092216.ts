import { Migration } from '@mikro-orm/migrations';

export class Migration20261129092216 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "gender_ministry"."seen_nonce" ("nonce" varchar(100) not null, "expires_at" timestamptz not null, constraint "seen_nonce_pkey" primary key ("nonce"));`,
    );
    this.addSql(`create index "seen_nonce_expires_at_index" on "gender_ministry"."seen_nonce" ("expires_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "gender_ministry"."seen_nonce" cascade;`);
  }
}
