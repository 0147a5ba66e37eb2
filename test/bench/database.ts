import { randomBytes } from 'node:crypto';
import { createDatabase, databaseUrl, dropDatabase } from '../../services/hub/databases.js';
import { prepareDatabase } from '../../services/hub/prepare.js';
import { provideDatabase } from '../../services/hub/provide-database.js';

/**
 * A database of its own for a benchmark, migrated and seeded with 400 demo cases, on DATABASE_URL's server (or an
 * embedded one), dropped afterwards whatever happens.
 */
export async function withBenchDatabase<T>(log: (line: string) => void, work: (url: string) => Promise<T>): Promise<T> {
  const server = await provideDatabase({ purpose: 'the benchmark', log });
  const name = `isange_bench_${randomBytes(4).toString('hex')}`;
  await createDatabase(server.url, name);
  const url = databaseUrl(server.url, name);
  try {
    log('seeding 400 demo cases ...');
    await prepareDatabase(url, { seed: true, demoCases: 400, log: () => undefined });
    return await work(url);
  } finally {
    await dropDatabase(server.url, name).catch(() => undefined);
    await server.stop();
  }
}
