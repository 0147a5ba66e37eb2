import type pg from 'pg';

// While `npm run seed` writes, the plain (non-unique) indexes of the tables it writes are set aside and built again
// at the end, from the statements saved in center.seed_lifted_index: one sort per index instead of millions of
// scattered inserts into it, which made a two-million-case run about a third slower. Primary keys, unique indexes
// and constraints stay (they are what keeps the rows right), so only lookups are slower meanwhile. A run that ends
// in an error builds them again on its way out; one that is killed leaves them listed, for the next run to build.

/** The tables the generator writes, schema-qualified. */
export const GENERATED_TABLES = [
  'center.survivor',
  'center.survivor_identity',
  'center.survivor_case',
  'center.consent',
  'center.referral',
  'center.referral_transition',
  'health.known_referral',
  'health.encounter',
  'health.treatment',
  'health.clock_not_applicable',
  'police.known_referral',
  'police.investigation',
  'police.investigation_transition',
  'police.suspect',
  'gender_ministry.known_referral',
  'gender_ministry.follow_up_plan',
  'gender_ministry.visit',
] as const;

/** Save, then drop, the plain indexes of the generated tables; in one transaction, so both happen or neither. */
export async function liftIndexes(client: pg.ClientBase): Promise<number> {
  await client.query('begin');
  try {
    const { rows } = await client.query<{ schema_name: string; index_name: string; definition: string }>(
      `select n.nspname as schema_name, c.relname as index_name, pg_get_indexdef(i.indexrelid) as definition
         from pg_index i
         join pg_class c on c.oid = i.indexrelid
         join pg_namespace n on n.oid = c.relnamespace
        where i.indrelid = any($1::regclass[]) and not i.indisunique and not i.indisprimary
          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
      [GENERATED_TABLES],
    );
    for (const r of rows) {
      await client.query(
        `insert into center.seed_lifted_index (schema_name, index_name, definition) values ($1, $2, $3)
         on conflict do nothing`,
        [r.schema_name, r.index_name, r.definition],
      );
      await client.query(`drop index "${r.schema_name}"."${r.index_name}"`);
    }
    await client.query('commit');
    return rows.length;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
}

/** Build every set-aside index again, each in its own transaction with its row, and say how long each took. */
export async function restoreIndexes(client: pg.ClientBase, log: (line: string) => void): Promise<void> {
  const exists = await client.query<{ t: string | null }>(`select to_regclass('center.seed_lifted_index')::text as t`);
  if (!exists.rows[0]?.t) return;
  const { rows } = await client.query<{ schema_name: string; index_name: string; definition: string }>(
    'select schema_name, index_name, definition from center.seed_lifted_index order by schema_name, index_name',
  );
  // A sort in memory rather than on disk for the larger ones; this session only.
  if (rows.length > 0) await client.query(`set maintenance_work_mem = '256MB'`);
  for (const r of rows) {
    const started = Date.now();
    await client.query('begin');
    try {
      await client.query(r.definition.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS '));
      await client.query('delete from center.seed_lifted_index where schema_name = $1 and index_name = $2', [
        r.schema_name,
        r.index_name,
      ]);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    }
    log(`seed: index ${r.schema_name}.${r.index_name} built again (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}
