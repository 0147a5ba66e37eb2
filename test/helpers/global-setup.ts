import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { center } from '../../services/center/index.js';
import { seedCenters } from '../../services/center/seed.js';
import { prepareDatabase } from '../../services/hub/prepare.js';
import { demoCenters } from '../../services/shared/demo-plan.js';
import { openOrm } from '../../services/shared/orm.js';
import { createDatabase, databaseUrl, dropDatabase, withClient } from '../../services/hub/databases.js';
import { startEmbeddedPostgres } from '../../services/hub/embedded-postgres.js';
import { dataDir } from '../../services/hub/provide-database.js';

// Once per test run: a PostgreSQL server (DATABASE_URL, or an embedded one of the tests' own) and a template database
// migrated to the committed migrations. Each test file clones the template into a database of its own, which takes
// a fraction of a second and keeps files from seeing each other's rows.

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let serverUrl: string;
  let stop = async () => undefined as void;
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
  } else {
    const server = await startEmbeddedPostgres({
      dir: `${dataDir}test-postgres`,
      database: 'isange_test',
      log: () => undefined,
      durable: false,
    });
    serverUrl = server.url;
    stop = server.stop;
  }
  const template = `isange_tpl_${randomBytes(4).toString('hex')}`;
  await createDatabase(serverUrl, template);
  await prepareDatabase(databaseUrl(serverUrl, template), { seed: false, log: () => undefined });
  // The centers are reference data every test needs; cases are each test's own business.
  const orm = await openOrm(center, { clientUrl: databaseUrl(serverUrl, template), poolMax: 1 });
  await seedCenters(orm.em.fork(), demoCenters());
  await orm.close();
  project.provide('pgServerUrl', serverUrl);
  project.provide('pgTemplate', template);
  return async () => {
    // Every file drops its own database; any a crashed worker left behind goes with the template.
    await withClient(databaseUrl(serverUrl, 'postgres'), async (c) => {
      const { rows } = await c.query<{ datname: string }>('select datname from pg_database where datname like $1', [
        `${template}\\_f\\_%`,
      ]);
      for (const { datname } of rows) await dropDatabase(serverUrl, datname).catch(() => undefined);
    });
    await dropDatabase(serverUrl, template).catch(() => undefined);
    await stop();
  };
}
