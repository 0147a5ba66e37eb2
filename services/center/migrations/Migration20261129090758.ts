import { Migration } from '@mikro-orm/migrations';

export class Migration20261129090758 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "center"."staff_member" ("subject" varchar(255) not null, "center_code" varchar(255) not null, "role" varchar(255) not null, "first_seen_at" timestamptz not null, "last_seen_at" timestamptz not null, constraint "staff_member_pkey" primary key ("subject", "center_code", "role"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "center"."staff_member" cascade;`);
  }
}
