import { Migration } from '@mikro-orm/migrations';

export class Migration20261127214548 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "health";`);
    this.addSql(
      `create table "health"."encounter" ("id" uuid not null, "created_at" timestamptz not null, "case_id" uuid not null, "seen_at" timestamptz not null, "findings" text not null, "injuries_observed" boolean not null, "recorded_by" varchar(255) not null, constraint "encounter_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "encounter_case_id_index" on "health"."encounter" ("case_id");`);

    this.addSql(
      `create table "health"."treatment" ("id" uuid not null, "created_at" timestamptz not null, "case_id" uuid not null, "encounter_id" uuid null, "kind" text check ("kind" in ('HIV_PEP', 'EMERGENCY_CONTRACEPTION', 'HEPATITIS_B_VACCINE', 'STI_PROPHYLAXIS', 'TETANUS', 'WOUND_CARE', 'OTHER')) not null, "given_at" timestamptz not null, "notes" text null, "recorded_by" varchar(255) not null, constraint "treatment_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "treatment_case_id_index" on "health"."treatment" ("case_id");`);

    this.addSql(
      `alter table "health"."treatment" add constraint "treatment_encounter_id_foreign" foreign key ("encounter_id") references "health"."encounter" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "health"."treatment" drop constraint "treatment_encounter_id_foreign";`);

    this.addSql(`drop table if exists "health"."encounter" cascade;`);

    this.addSql(`drop table if exists "health"."treatment" cascade;`);

    this.addSql(`drop schema if exists "health";`);
  }
}
