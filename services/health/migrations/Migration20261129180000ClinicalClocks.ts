import { Migration } from '@mikro-orm/migrations';

export class Migration20261129180000ClinicalClocks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "health"."clock_not_applicable" ("id" uuid not null, "created_at" timestamptz not null, "case_id" uuid not null, "center_code" varchar(255) not null, "clock" text check ("clock" in ('HIV_PEP', 'EMERGENCY_CONTRACEPTION', 'HEPATITIS_B_VACCINE', 'FORENSIC_EVIDENCE')) not null, "reason" text not null, "recorded_by" varchar(255) not null, constraint "clock_not_applicable_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "clock_not_applicable_case_id_index" on "health"."clock_not_applicable" ("case_id");`);
    this.addSql(
      `alter table "health"."clock_not_applicable" add constraint "clock_not_applicable_case_id_center_code_clock_unique" unique ("case_id", "center_code", "clock");`,
    );

    this.addSql(`alter table "health"."treatment" drop constraint if exists "treatment_kind_check";`);

    this.addSql(
      `alter table "health"."treatment" add constraint "treatment_kind_check" check("kind" in ('HIV_PEP', 'EMERGENCY_CONTRACEPTION', 'HEPATITIS_B_VACCINE', 'FORENSIC_EVIDENCE_COLLECTION', 'STI_PROPHYLAXIS', 'TETANUS', 'WOUND_CARE', 'OTHER'));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "health"."clock_not_applicable" cascade;`);

    this.addSql(`alter table "health"."treatment" drop constraint if exists "treatment_kind_check";`);

    this.addSql(
      `alter table "health"."treatment" add constraint "treatment_kind_check" check("kind" in ('HIV_PEP', 'EMERGENCY_CONTRACEPTION', 'HEPATITIS_B_VACCINE', 'STI_PROPHYLAXIS', 'TETANUS', 'WOUND_CARE', 'OTHER'));`,
    );
  }
}
