import { Migration } from '@mikro-orm/migrations';

export class Migration20261127214555 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "gender_ministry";`);
    this.addSql(
      `create table "gender_ministry"."follow_up_plan" ("id" uuid not null, "created_at" timestamptz not null, "case_id" uuid not null, "risk_level" text check ("risk_level" in ('LOW', 'MEDIUM', 'HIGH')) not null, "plan" text not null, "recorded_by" varchar(255) not null, constraint "follow_up_plan_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "gender_ministry"."follow_up_plan" add constraint "follow_up_plan_case_id_unique" unique ("case_id");`,
    );

    this.addSql(
      `create table "gender_ministry"."visit" ("id" uuid not null, "created_at" timestamptz not null, "plan_id" uuid not null, "scheduled_for" timestamptz not null, "visitor_role" text check ("visitor_role" in ('SOCIAL_WORKER', 'LOCAL_OFFICIAL')) not null, "done_at" timestamptz null, "notes" text null, "recorded_by" varchar(255) not null, constraint "visit_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "visit_plan_id_index" on "gender_ministry"."visit" ("plan_id");`);

    this.addSql(
      `alter table "gender_ministry"."visit" add constraint "visit_plan_id_foreign" foreign key ("plan_id") references "gender_ministry"."follow_up_plan" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "gender_ministry"."visit" drop constraint "visit_plan_id_foreign";`);

    this.addSql(`drop table if exists "gender_ministry"."follow_up_plan" cascade;`);

    this.addSql(`drop table if exists "gender_ministry"."visit" cascade;`);

    this.addSql(`drop schema if exists "gender_ministry";`);
  }
}
