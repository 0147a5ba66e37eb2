import { Migration } from '@mikro-orm/migrations';

/** The same change for each agency, in its own schema: the statistics facts of the cases referred to it. */
export abstract class CaseStatisticsMigration extends Migration {
  protected abstract readonly schema: string;

  override async up(): Promise<void> {
    this.addSql(`create table "${this.schema}"."case_statistics" ("case_id" uuid not null, "version" bigint not null,
      "center_code" varchar(255) not null, "district" varchar(255) not null, "incident_type" varchar(255) not null,
      "age_band" varchar(255) not null, "sex" varchar(255) not null, "nationality_group" varchar(255) not null,
      "consent_from" timestamptz null, "consent_until" timestamptz null, "consent_withdrawn_at" timestamptz null,
      constraint "case_statistics_pkey" primary key ("case_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "${this.schema}"."case_statistics" cascade;`);
  }
}
