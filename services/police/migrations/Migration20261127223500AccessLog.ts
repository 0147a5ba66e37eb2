import { Migration } from '@mikro-orm/migrations';
import { accessLogSchemaSql } from '../../shared/access-log/store.js';

// The append-only, hash-chained access log (hand-written: triggers and a sequence, which schema diffs do not know).
export class Migration20261127223500AccessLog extends Migration {
  override async up(): Promise<void> {
    for (const sql of accessLogSchemaSql('police')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "police"."access_log"');
    this.addSql('drop sequence if exists "police"."access_log_id_seq"');
    for (const fn of ['access_log_chain()', 'access_log_append_only()', 'access_log_canonical("police"."access_log")', 'access_log_field(text)']) {
      this.addSql(`drop function if exists "police".${fn}`);
    }
  }
}
