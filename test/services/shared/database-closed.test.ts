import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { center } from '../../../services/center/index.js';
import { databaseUrl, withClient } from '../../../services/hub/databases.js';
import { testDatabase } from '../../helpers/database.js';
import { anonymous } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';

// A database that refuses the subgraph outright (closed to connections, or renamed away) is a database outage like a
// stopped server: the caller is told SERVICE_UNAVAILABLE, nothing else, and the subgraph heals once it is back.

let h: SubgraphHarness;
let name: string;
const admin = () => databaseUrl(inject('pgServerUrl'), 'postgres');
const CENTERS = '{ centers { code } }';
const unavailable = {
  data: null,
  errors: [
    {
      message: 'This service cannot reach its database; nothing was done, try again shortly',
      path: ['centers'],
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    },
  ],
};

/** Close the database to new connections (or rename it away), and end the subgraph's open ones. */
async function close(how: 'allow_connections' | 'rename'): Promise<void> {
  await withClient(admin(), async (c) => {
    await c.query(`alter database "${name}" allow_connections false`);
    await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
    if (how === 'rename') {
      // Renamed away and open again: the subgraph's database name now names nothing.
      await c.query(`alter database "${name}" rename to "${name}_away"`);
      await c.query(`alter database "${name}_away" allow_connections true`);
    }
  });
}

async function reopen(): Promise<void> {
  await withClient(admin(), async (c) => {
    const { rows } = await c.query('select 1 from pg_database where datname = $1', [`${name}_away`]);
    if (rows.length > 0) await c.query(`alter database "${name}_away" rename to "${name}"`);
    await c.query(`alter database "${name}" allow_connections true`);
  });
}

/** The answer once the pool has had time to notice: the first request after a terminated connection may retry. */
async function answerAfterOutage(): Promise<unknown> {
  let last: unknown;
  for (let i = 0; i < 3; i++) last = await h.run(anonymous, CENTERS);
  return last;
}

beforeAll(async () => {
  const url = await testDatabase();
  name = new URL(url).pathname.slice(1);
  h = await subgraphHarness(center, url);
});

afterEach(reopen);

describe('a database that refuses connections', () => {
  it.each(['allow_connections', 'rename'] as const)(
    'closed by %s: SERVICE_UNAVAILABLE with nothing else, then the same query is answered once it is back',
    async (how) => {
      expect((await h.run(anonymous, CENTERS)).errors).toBeUndefined();
      await close(how);
      expect(await answerAfterOutage()).toEqual(unavailable);
      await reopen();
      const healed = await h.run(anonymous, CENTERS);
      expect(healed.errors).toBeUndefined();
      expect((healed.data as { centers: unknown[] }).centers.length).toBe(44);
    },
  );
});
