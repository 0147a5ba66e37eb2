import { Migration } from '@mikro-orm/migrations';

/**
 * The same change for each agency, in its own schema: the table of referrals made to it replaces the table of every
 * case the center opened. An agency no longer hears of cases that are not referred to it; the center delivers each
 * referral again when its own migration adds the lifecycle (services/hub/prepare.ts), so no referral is lost by the
 * change. Each agency's migration file names its schema.
 */
export abstract class KnownReferralMigration extends Migration {
  protected abstract readonly schema: string;

  override async up(): Promise<void> {
    const s = this.schema;
    this.addSql(`create table "${s}"."known_referral" ("referral_id" uuid not null, "case_id" uuid not null,
      "center_code" varchar(255) not null, "district" varchar(255) not null, "incident_at" timestamptz not null, "status" varchar(255) not null,
      "version" int not null, "received_at" timestamptz not null,
      constraint "known_referral_pkey" primary key ("referral_id"));`);
    this.addSql(`create index "known_referral_case_id_index" on "${s}"."known_referral" ("case_id");`);
    this.addSql(`drop table if exists "${s}"."known_case" cascade;`);
  }

  override async down(): Promise<void> {
    const s = this.schema;
    this.addSql(`create table "${s}"."known_case" ("case_id" uuid not null, "center_code" varchar(255) not null,
      "district" varchar(255) not null, "received_at" timestamptz not null,
      constraint "known_case_pkey" primary key ("case_id"));`);
    this.addSql(`drop table if exists "${s}"."known_referral" cascade;`);
  }
}
