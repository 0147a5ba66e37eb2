import { Migration } from '@mikro-orm/migrations';

export class Migration20261127214552 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "police";`);
    this.addSql(
      `create table "police"."investigation" ("id" uuid not null, "created_at" timestamptz not null, "case_id" uuid not null, "complaint_number" varchar(255) not null, "status" text check ("status" in ('COMPLAINT_RECEIVED', 'UNDER_INVESTIGATION', 'REFERRED_TO_PROSECUTION', 'CLOSED')) not null, "received_at" timestamptz not null, "recorded_by" varchar(255) not null, constraint "investigation_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "police"."investigation" add constraint "investigation_case_id_unique" unique ("case_id");`,
    );
    this.addSql(
      `alter table "police"."investigation" add constraint "investigation_complaint_number_unique" unique ("complaint_number");`,
    );

    this.addSql(
      `create table "police"."suspect" ("id" uuid not null, "created_at" timestamptz not null, "investigation_id" uuid not null, "full_name" varchar(255) null, "sex" text check ("sex" in ('FEMALE', 'MALE', 'INTERSEX', 'UNKNOWN')) not null, "estimated_age" int null, "relationship_to_survivor" text check ("relationship_to_survivor" in ('INTIMATE_PARTNER', 'FAMILY_MEMBER', 'ACQUAINTANCE', 'STRANGER', 'UNKNOWN')) not null, "status" text check ("status" in ('AT_LARGE', 'ARRESTED', 'RELEASED')) not null, "recorded_by" varchar(255) not null, constraint "suspect_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "suspect_investigation_id_index" on "police"."suspect" ("investigation_id");`);

    this.addSql(
      `alter table "police"."suspect" add constraint "suspect_investigation_id_foreign" foreign key ("investigation_id") references "police"."investigation" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "police"."suspect" drop constraint "suspect_investigation_id_foreign";`);

    this.addSql(`drop table if exists "police"."investigation" cascade;`);

    this.addSql(`drop table if exists "police"."suspect" cascade;`);

    this.addSql(`drop schema if exists "police";`);
  }
}
