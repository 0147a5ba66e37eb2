import type pg from 'pg';
import { subgraphs } from '../registry.js';
import { type CaseRows, fillRollup, type Run } from '../shared/statistics/rollup.js';

// Every statistic with a rollup, by schema: what the seed generator fills at its end (its batches do not note the
// cases they write, see seed-run.ts), and what a periodic refresh would walk.

export const ROLLUPS: readonly { schema: string; rows: CaseRows }[] = subgraphs.flatMap((d) =>
  (d.rollups ?? []).map((rows) => ({ schema: d.dbSchema, rows })),
);

/** `?` parameters as pg's `$n`, on a pg client. */
export function runOnClient(client: pg.ClientBase): Run {
  return async <T>(sql: string, params: readonly unknown[]) => {
    let n = 0;
    return (
      await client.query(
        sql.replace(/\?/g, () => `$${++n}`),
        [...params],
      )
    ).rows as T[];
  };
}

/**
 * Fill the rollup of every statistic (`only: 'missing'`: those never filled), one transaction each, with a line of
 * progress per statistic.
 */
export async function fillRollups(
  client: pg.ClientBase,
  log: (line: string) => void,
  only: 'all' | 'missing',
  now = new Date(),
): Promise<number> {
  const run = runOnClient(client);
  let filled = 0;
  for (const [i, { schema, rows }] of ROLLUPS.entries()) {
    const s = `"${schema}"`;
    if (only === 'missing') {
      const [found] = await run(`select 1 from ${s}.statistics_rollup_state where statistic = ?`, [rows.key]);
      if (found) continue;
    }
    const started = Date.now();
    await client.query('begin');
    try {
      await fillRollup(run, s, rows, now);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    }
    const [{ n }] = (await run<{ n: number }>(
      `select count(*)::int as n from ${s}.statistics_rollup where statistic = ?`,
      [rows.key],
    )) as [{ n: number }];
    filled++;
    log(
      `seed: statistics rollup ${i + 1}/${ROLLUPS.length}, ${schema} "${rows.key}": ${n} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return filled;
}
