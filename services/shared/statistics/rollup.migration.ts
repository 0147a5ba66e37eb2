import { Migration } from '@mikro-orm/migrations';

// The rollup of a subgraph's statistics (rollup.ts), in its own schema: the counts at month grain, what each
// statistic last saw, the cases written since, and the triggers that note them. Hand-written SQL, like the access
// log: the tables are no entities (services/shared/orm.ts keeps schema diffs off them).

export const ROLLUP_TABLES = ['statistics_rollup', 'statistics_rollup_state', 'statistics_dirty'] as const;

/** A table a statistic reads, and how a row of it names its case. */
export interface DirtyTrigger {
  table: string;
  /** The column of the row that holds the case id, or the id that `lookup` takes. */
  column: string;
  /** SQL giving case_id from the row's `column` values $1 (the old row) and $2 (the new one), if not the case id. */
  lookup?: string;
}

export abstract class StatisticsRollupMigration extends Migration {
  protected abstract readonly schema: string;
  protected abstract readonly triggers: readonly DirtyTrigger[];
  /** Indexes for the instants at which statistics change by time alone (see each statistic's changedBetween). */
  protected abstract readonly indexes: readonly { name: string; table: string; column: string | readonly string[] }[];

  override async up(): Promise<void> {
    const s = `"${this.schema}"`;
    // `own` and the shared breakdowns are null where a grouping set sums them away; `kept` says which are kept.
    this.addSql(`create table ${s}."statistics_rollup" ("statistic" text not null, "month" date not null,
      "center" text not null, "kept" smallint not null, "incident_type" text null, "age_band" text null,
      "sex" text null, "nationality_group" text null, "own" text null, "n" int not null);`);
    this.addSql(
      `create index "statistics_rollup_read_index" on ${s}."statistics_rollup" ("statistic", "kept", "month");`,
    );
    this.addSql(
      `create index "statistics_rollup_bucket_index" on ${s}."statistics_rollup" ("statistic", "month", "center");`,
    );
    this.addSql(`create table ${s}."statistics_rollup_state" ("statistic" text not null primary key,
      "snapshot" pg_snapshot not null, "refreshed_at" timestamptz not null);`);
    this.addSql(`create table ${s}."statistics_dirty" ("case_id" uuid not null,
      "xid" xid8 not null default pg_current_xact_id());`);
    // One function for every table: the case of the old row and of the new one, looked up if need be. The seed
    // generator turns it off for its own transactions (it fills the rollup whole at its end).
    this.addSql(`create function ${s}."statistics_dirty_case"() returns trigger language plpgsql as $body$
      declare
        old_key text;
        new_key text;
      begin
        if current_setting('isange.statistics_rollup', true) = 'deferred' then return null; end if;
        if TG_OP <> 'INSERT' then old_key := to_jsonb(OLD) ->> TG_ARGV[0]; end if;
        if TG_OP <> 'DELETE' then new_key := to_jsonb(NEW) ->> TG_ARGV[0]; end if;
        if old_key is not distinct from new_key then old_key := null; end if;
        execute format('insert into %I.statistics_dirty (case_id) select distinct case_id from (%s) k
                         where case_id is not null', TG_TABLE_SCHEMA,
                       coalesce(TG_ARGV[1], 'select $1::uuid as case_id union all select $2::uuid'))
          using old_key, new_key;
        return null;
      end $body$;`);
    for (const t of this.triggers)
      this.addSql(`create trigger "${t.table}_statistics_dirty" after insert or update or delete on ${s}."${t.table}"
        for each row execute function ${s}."statistics_dirty_case"('${t.column}'${t.lookup ? `, '${t.lookup.replace(/'/g, "''")}'` : ''});`);
    for (const i of this.indexes)
      this.addSql(
        `create index "${i.name}" on ${s}."${i.table}" (${[i.column]
          .flat()
          .map((c) => `"${c}"`)
          .join(', ')});`,
      );
  }

  override async down(): Promise<void> {
    const s = `"${this.schema}"`;
    for (const i of this.indexes) this.addSql(`drop index if exists ${s}."${i.name}";`);
    for (const t of this.triggers)
      this.addSql(`drop trigger if exists "${t.table}_statistics_dirty" on ${s}."${t.table}";`);
    this.addSql(`drop function if exists ${s}."statistics_dirty_case"();`);
    for (const t of ROLLUP_TABLES) this.addSql(`drop table if exists ${s}."${t}";`);
  }
}

/** What every agency's statistics read: the facts the center told it of each case. */
export const AGENCY_TRIGGERS: readonly DirtyTrigger[] = [{ table: 'case_statistics', column: 'case_id' }];
/** The consent windows of those facts, and the incident (known_referral is one entity for the three agencies). */
export const AGENCY_INDEXES = [
  { name: 'case_statistics_consent_from_index', table: 'case_statistics', column: 'consent_from' },
  { name: 'case_statistics_consent_until_index', table: 'case_statistics', column: 'consent_until' },
  { name: 'case_statistics_consent_withdrawn_at_index', table: 'case_statistics', column: 'consent_withdrawn_at' },
  { name: 'known_referral_incident_at_index', table: 'known_referral', column: 'incident_at' },
  // The centers an agency has heard of, one index probe each (agencyPlaces).
  {
    name: 'case_statistics_center_code_district_index',
    table: 'case_statistics',
    column: ['center_code', 'district'],
  },
] as const;
