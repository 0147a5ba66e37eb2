import { Migration } from '@mikro-orm/migrations';

// Referrals gain their lifecycle. Those made before it are taken as requested, as made; each gets the request as its
// first recorded move. One open referral per case and agency replaces "one referral ever", so a case whose referral
// was rejected, revoked or completed can be referred there again.
export class Migration20261129170000Referral extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "center"."referral"
      add column "status" text check ("status" in ('REQUESTED', 'ACCEPTED', 'REJECTED', 'COMPLETED', 'REVOKED')) not null default 'REQUESTED',
      add column "status_changed_at" timestamptz null,
      add column "status_reason" text null,
      add column "version" int not null default 1;`);
    this.addSql(`update "center"."referral" set "status_changed_at" = "referred_at";`);
    this.addSql(`alter table "center"."referral" alter column "status_changed_at" set not null;`);
    this.addSql(`alter table "center"."referral" drop constraint "referral_case_id_agency_unique";`);
    this.addSql(`create unique index "referral_open_unique" on "center"."referral" ("case_id", "agency")
      where "status" in ('REQUESTED', 'ACCEPTED');`);
    this.addSql(`create table "center"."referral_transition" ("id" uuid not null, "created_at" timestamptz not null,
      "referral_id" uuid not null, "from_status" text check ("from_status" in ('REQUESTED', 'ACCEPTED', 'REJECTED', 'COMPLETED', 'REVOKED')) null,
      "to_status" text check ("to_status" in ('REQUESTED', 'ACCEPTED', 'REJECTED', 'COMPLETED', 'REVOKED')) not null,
      "at" timestamptz not null, "by" varchar(255) not null, "reason" text null,
      constraint "referral_transition_pkey" primary key ("id"));`);
    this.addSql(
      `create index "referral_transition_referral_id_index" on "center"."referral_transition" ("referral_id");`,
    );
    this.addSql(`alter table "center"."referral_transition" add constraint "referral_transition_referral_id_foreign"
      foreign key ("referral_id") references "center"."referral" ("id") on update cascade;`);
    this
      .addSql(`insert into "center"."referral_transition" (id, created_at, referral_id, from_status, to_status, at, by, reason)
      select gen_random_uuid(), now(), id, null, 'REQUESTED', referred_at, referred_by, null from "center"."referral";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "center"."referral_transition" cascade;`);
    this.addSql(`drop index "center"."referral_open_unique";`);
    this.addSql(
      `alter table "center"."referral" add constraint "referral_case_id_agency_unique" unique ("case_id", "agency");`,
    );
    this.addSql(`alter table "center"."referral" drop column "status", drop column "status_changed_at",
      drop column "status_reason", drop column "version";`);
  }
}
