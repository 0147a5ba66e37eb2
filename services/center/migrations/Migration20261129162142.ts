import { Migration } from '@mikro-orm/migrations';

export class Migration20261129162142 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "center"."intake_key" ("subject" varchar(255) not null, "key" varchar(100) not null, "fingerprint" varchar(64) not null, "case_id" uuid not null, "created_at" timestamptz not null, constraint "intake_key_pkey" primary key ("subject", "key"));`,
    );

    this.addSql(
      `alter table "center"."intake_key" add constraint "intake_key_case_id_foreign" foreign key ("case_id") references "center"."survivor_case" ("id") on update cascade deferrable initially deferred;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "center"."intake_key" cascade;`);
  }
}
