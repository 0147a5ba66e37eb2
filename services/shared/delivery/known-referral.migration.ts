import { Migration } from '@mikro-orm/migrations';

/**
 * The same change for each agency, in its own schema: the table of referrals made to it replaces the table of every
 * case the center opened. An agency no longer hears of cases that are not referred to it; the center delivers each
 * referral again on the next start (services/hub/prepare.ts), so no open referral is lost by the change.
 */
export function knownReferralMigration(
  schema: string,
): new (...args: ConstructorParameters<typeof Migration>) => Migration {
  return class extends Migration {
    override async up(): Promise<void> {
      this.addSql(`create table "${schema}"."known_referral" ("referral_id" uuid not null, "case_id" uuid not null,
        "center_code" varchar(255) not null, "district" varchar(255) not null, "status" varchar(255) not null,
        "version" int not null, "received_at" timestamptz not null,
        constraint "known_referral_pkey" primary key ("referral_id"));`);
      this.addSql(`create index "known_referral_case_id_index" on "${schema}"."known_referral" ("case_id");`);
      this.addSql(`drop table if exists "${schema}"."known_case" cascade;`);
    }

    override async down(): Promise<void> {
      this.addSql(`create table "${schema}"."known_case" ("case_id" uuid not null, "center_code" varchar(255) not null,
        "district" varchar(255) not null, "received_at" timestamptz not null,
        constraint "known_case_pkey" primary key ("case_id"));`);
      this.addSql(`drop table if exists "${schema}"."known_referral" cascade;`);
    }
  };
}
