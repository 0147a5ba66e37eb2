import { Migration } from '@mikro-orm/migrations';

export class Migration20261127222924 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "center"."referral" ("id" uuid not null, "created_at" timestamptz not null, "case_id" uuid not null, "agency" text check ("agency" in ('HEALTH', 'POLICE', 'GENDER_MINISTRY')) not null, "referred_at" timestamptz not null, "referred_by" varchar(255) not null, constraint "referral_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "referral_case_id_index" on "center"."referral" ("case_id");`);
    this.addSql(
      `alter table "center"."referral" add constraint "referral_case_id_agency_unique" unique ("case_id", "agency");`,
    );

    this.addSql(
      `create table "center"."consent_override" ("id" uuid not null, "created_at" timestamptz not null, "case_id" uuid not null, "agency" text check ("agency" in ('HEALTH', 'POLICE', 'GENDER_MINISTRY')) not null, "reason" text not null, "overridden_by" varchar(255) not null, "overridden_at" timestamptz not null, "expires_at" timestamptz not null, constraint "consent_override_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "consent_override_case_id_index" on "center"."consent_override" ("case_id");`);

    this.addSql(
      `create table "center"."break_glass" ("id" uuid not null, "created_at" timestamptz not null, "case_id" uuid not null, "subject" varchar(255) not null, "agency" varchar(255) not null, "reason" text not null, "started_at" timestamptz not null, "expires_at" timestamptz not null, constraint "break_glass_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "break_glass_case_id_index" on "center"."break_glass" ("case_id");`);

    this.addSql(
      `alter table "center"."referral" add constraint "referral_case_id_foreign" foreign key ("case_id") references "center"."survivor_case" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "center"."consent_override" add constraint "consent_override_case_id_foreign" foreign key ("case_id") references "center"."survivor_case" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "center"."break_glass" add constraint "break_glass_case_id_foreign" foreign key ("case_id") references "center"."survivor_case" ("id") on update cascade;`,
    );

    this.addSql(`alter table "center"."survivor_case" add column "case_manager" varchar(255) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "center"."referral" cascade;`);

    this.addSql(`drop table if exists "center"."consent_override" cascade;`);

    this.addSql(`drop table if exists "center"."break_glass" cascade;`);

    this.addSql(`alter table "center"."survivor_case" drop column "case_manager";`);
  }
}
