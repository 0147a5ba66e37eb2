import { Migration } from '@mikro-orm/migrations';

export class Migration20261129193920Forensic extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "health"."forensic_sample" ("id" uuid not null, "created_at" timestamptz not null, "case_id" uuid not null, "center_code" varchar(255) not null, "barcode" varchar(255) not null, "kind" text check ("kind" in ('SWAB', 'BLOOD', 'URINE', 'HAIR', 'CLOTHING', 'OTHER')) not null, "collected_at" timestamptz not null, "collected_by" varchar(255) not null, "sealed_at" timestamptz null, "sealed_by" varchar(255) null, "handed_to_police_at" timestamptz null, "handed_to_police_by" varchar(255) null, "handed_to" varchar(255) null, "voided_at" timestamptz null, "voided_by" varchar(255) null, constraint "forensic_sample_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "forensic_sample_case_id_index" on "health"."forensic_sample" ("case_id");`);
    this.addSql(
      `create unique index "forensic_sample_barcode_unique" on "health"."forensic_sample" ("barcode") where "voided_at" is null;`,
    );

    this.addSql(
      `create table "health"."medico_legal_report" ("id" uuid not null, "created_at" timestamptz not null, "case_id" uuid not null, "center_code" varchar(255) not null, "examined_at" timestamptz not null, "examined_by" varchar(255) not null, "findings" text not null, "signed_by" varchar(255) not null, constraint "medico_legal_report_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "medico_legal_report_case_id_index" on "health"."medico_legal_report" ("case_id");`);
    this.addSql(
      `alter table "health"."medico_legal_report" add constraint "medico_legal_report_case_id_center_code_unique" unique ("case_id", "center_code");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "health"."forensic_sample" cascade;`);

    this.addSql(`drop table if exists "health"."medico_legal_report" cascade;`);
  }
}
