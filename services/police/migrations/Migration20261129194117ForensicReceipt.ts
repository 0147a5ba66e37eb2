import { Migration } from '@mikro-orm/migrations';

export class Migration20261129194117ForensicReceipt extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "police"."forensic_receipt" ("id" uuid not null, "created_at" timestamptz not null, "case_id" uuid not null, "center_code" varchar(255) not null, "barcode" varchar(255) not null, "received_at" timestamptz not null, "received_by" varchar(255) not null, "handed_to_lab_at" timestamptz null, "handed_to_lab_by" varchar(255) null, "lab_received_at" timestamptz null, "lab_acknowledgement" varchar(255) null, "lab_receipt_recorded_by" varchar(255) null, "voided_at" timestamptz null, "voided_by" varchar(255) null, constraint "forensic_receipt_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "forensic_receipt_case_id_index" on "police"."forensic_receipt" ("case_id");`);
    this.addSql(
      `create unique index "forensic_receipt_case_id_barcode_unique" on "police"."forensic_receipt" ("case_id", "barcode") where "voided_at" is null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "police"."forensic_receipt" cascade;`);
  }
}
