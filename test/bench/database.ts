import { randomBytes } from 'node:crypto';
import { createDatabase, databaseUrl, dropDatabase, withClient } from '../../services/hub/databases.js';
import { prepareDatabase } from '../../services/hub/prepare.js';
import { provideDatabase } from '../../services/hub/provide-database.js';
import { seedGenerated } from '../../services/hub/seed-run.js';

/** Demo cases every benchmark database holds: the demo seed's files, with every agency's records of them. */
export const BENCH_DEMO_CASES = 400;
/**
 * Cases of the seed generator (`npm run seed`) added after the demo's, a decade of national intakes: enough for the
 * analysts' statistics to count something in most cells, and for a page of 500 cases, while seeding takes seconds.
 */
export const BENCH_GENERATED_CASES = Number(process.env.BENCH_GENERATED_CASES ?? 10_000);

/**
 * A database of its own for a benchmark, migrated and seeded with the demo cases and the generated ones, on
 * DATABASE_URL's server (or an embedded one), dropped afterwards whatever happens.
 */
export async function withBenchDatabase<T>(log: (line: string) => void, work: (url: string) => Promise<T>): Promise<T> {
  const server = await provideDatabase({ purpose: 'the benchmark', log });
  const name = `isange_bench_${randomBytes(4).toString('hex')}`;
  await createDatabase(server.url, name);
  const url = databaseUrl(server.url, name);
  try {
    log(`seeding ${BENCH_DEMO_CASES} demo cases ...`);
    await prepareDatabase(url, { seed: true, demoCases: BENCH_DEMO_CASES, log: () => undefined });
    if (BENCH_GENERATED_CASES > 0) {
      const started = performance.now();
      log(`generating ${BENCH_GENERATED_CASES} national cases over ten years (the seed generator, fixed seed) ...`);
      // The default seed, ending at the current hour, as `npm run seed -- --cases N` draws them.
      await seedGenerated(url, {
        args: { cases: BENCH_GENERATED_CASES, resume: false, help: false },
        log: () => undefined,
      });
      log(`  ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    return await work(url);
  } finally {
    await dropDatabase(server.url, name).catch(() => undefined);
    await server.stop();
  }
}

/**
 * Messages the center's outbox has yet to deliver to the agencies. A fresh database has some: migrating it queues the
 * statistics facts of every demo referral for the agencies (prepare.ts), delivered once a hub runs.
 */
export async function outboxBacklog(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const r = await c.query<{ n: string }>(
      `select count(*) as n from center_outbox.job where name like 'deliver-to-%' and state in ('created', 'retry', 'active')`,
    );
    return Number(r.rows[0]?.n ?? 0);
  });
}
