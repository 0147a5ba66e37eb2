import { Migration } from '@mikro-orm/migrations';
import { accessLogSchemaSql } from './store.js';

/**
 * The migration that creates a subgraph's append-only, hash-chained access log (hand-written: triggers, functions
 * and a sequence, which schema diffs do not know). Each subgraph's migration is this, for its own schema.
 */
export function accessLogMigration(schema: string) {
  return class AccessLogMigration extends Migration {
    override async up(): Promise<void> {
      for (const sql of accessLogSchemaSql(schema)) this.addSql(sql);
    }

    override async down(): Promise<void> {
      this.addSql(`drop table if exists "${schema}"."access_log" cascade`); // with the function over its row type
      this.addSql(`drop sequence if exists "${schema}"."access_log_id_seq"`);
      for (const fn of ['access_log_chain()', 'access_log_append_only()', 'access_log_field(text)']) {
        this.addSql(`drop function if exists "${schema}".${fn}`);
      }
    }
  };
}
