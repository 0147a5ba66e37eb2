import { Migration } from '@mikro-orm/migrations';

export class Migration20261129170527 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "police"."investigation_transition" ("id" uuid not null, "created_at" timestamptz not null, "investigation_id" uuid not null, "from_status" text check ("from_status" in ('COMPLAINT_RECEIVED', 'UNDER_INVESTIGATION', 'REFERRED_TO_PROSECUTION', 'CLOSED')) not null, "to_status" text check ("to_status" in ('COMPLAINT_RECEIVED', 'UNDER_INVESTIGATION', 'REFERRED_TO_PROSECUTION', 'CLOSED')) not null, "reason" text not null, "at" timestamptz not null, "by" varchar(255) not null, constraint "investigation_transition_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "investigation_transition_investigation_id_index" on "police"."investigation_transition" ("investigation_id");`,
    );

    this.addSql(
      `create table "police"."protection_measure" ("id" uuid not null, "created_at" timestamptz not null, "investigation_id" uuid not null, "kind" text check ("kind" in ('NO_CONTACT_ORDER', 'STAY_AWAY_ORDER', 'REMOVAL_OF_SUSPECT_FROM_HOME', 'SAFE_RELOCATION')) not null, "details" text not null, "issued_at" timestamptz not null, "until" timestamptz null, "issued_by" varchar(255) not null, "lifted_at" timestamptz null, "lifted_reason" text null, constraint "protection_measure_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "protection_measure_investigation_id_index" on "police"."protection_measure" ("investigation_id");`,
    );

    this.addSql(
      `create table "police"."statement" ("id" uuid not null, "created_at" timestamptz not null, "investigation_id" uuid not null, "given_by" text check ("given_by" in ('SURVIVOR', 'GUARDIAN', 'WITNESS')) not null, "taken_at" timestamptz not null, "taken_by" varchar(255) not null, "text" text not null, constraint "statement_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "statement_investigation_id_index" on "police"."statement" ("investigation_id");`);

    this.addSql(
      `alter table "police"."investigation_transition" add constraint "investigation_transition_investigation_id_foreign" foreign key ("investigation_id") references "police"."investigation" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "police"."protection_measure" add constraint "protection_measure_investigation_id_foreign" foreign key ("investigation_id") references "police"."investigation" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "police"."statement" add constraint "statement_investigation_id_foreign" foreign key ("investigation_id") references "police"."investigation" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "police"."investigation_transition" cascade;`);

    this.addSql(`drop table if exists "police"."protection_measure" cascade;`);

    this.addSql(`drop table if exists "police"."statement" cascade;`);
  }
}
