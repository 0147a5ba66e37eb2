import { prepareDatabase } from './prepare.js';
import { provideDatabase } from './provide-database.js';
import { errorMessage } from '../shared/log.js';
import { exitOnSettingsError, readSettings } from '../shared/settings.js';
import { launcherSettings } from './settings.js';

// `npm run migrate [-- --seed]`: apply every subgraph's committed migrations (and the demo data with --seed) to
// DATABASE_URL, or to the embedded PostgreSQL when it is unset. `npm start` runs it in a process of its own before it
// starts the subgraphs; deployments run it as a step before starting them.

let demoCases: number;
try {
  ({ demoCases } = readSettings({ demoCases: launcherSettings.demoCases }));
} catch (err) {
  exitOnSettingsError(err);
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const db = await provideDatabase({ purpose: 'migrations', log });
try {
  await prepareDatabase(db.url, { seed: process.argv.includes('--seed'), demoCases, log });
} catch (err) {
  process.stderr.write(`migration failed: ${errorMessage(err)}\n`);
  process.exitCode = 1;
} finally {
  await db.stop();
}
