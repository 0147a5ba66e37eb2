import { Migration } from '@mikro-orm/migrations';

export class Migration20261129165358 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "gender_ministry"."reintegration_support" ("id" uuid not null, "created_at" timestamptz not null, "plan_id" uuid not null, "kind" text check ("kind" in ('SCHOOLING', 'LIVELIHOOD', 'SHELTER', 'LEGAL_AID')) not null, "status" text check ("status" in ('NEEDED', 'IN_PROGRESS', 'PROVIDED', 'DECLINED')) not null, "note" text null, "updated_at" timestamptz not null, "updated_by" varchar(255) not null, constraint "reintegration_support_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "gender_ministry"."reintegration_support" add constraint "reintegration_support_plan_id_kind_unique" unique ("plan_id", "kind");`,
    );

    this.addSql(
      `alter table "gender_ministry"."reintegration_support" add constraint "reintegration_support_plan_id_foreign" foreign key ("plan_id") references "gender_ministry"."follow_up_plan" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "gender_ministry"."follow_up_plan" add column "factors" text[] not null default '{}', add column "closed_at" timestamptz null, add column "closed_reason" text null, add column "closed_by" varchar(255) null;`,
    );
    // Plans made before the assessment recorded its factors keep an empty list; new ones always name theirs.
    this.addSql(`alter table "gender_ministry"."follow_up_plan" alter column "factors" drop default;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "gender_ministry"."reintegration_support" cascade;`);

    this.addSql(
      `alter table "gender_ministry"."follow_up_plan" drop column "factors", drop column "closed_at", drop column "closed_reason", drop column "closed_by";`,
    );
  }
}
