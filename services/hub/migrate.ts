import { prepareDatabase } from './prepare.js';
import { provideDatabase } from './provide-database.js';
import { errorMessage } from '../shared/log.js';

// `npm run migrate [-- --seed]`: apply every subgraph's committed migrations (and the demo data with --seed) to
// DATABASE_URL, or to the embedded PostgreSQL when it is unset. `npm start` does this itself; deployments run it as a
// step before starting the subgraphs.

const log = (line: string) => process.stdout.write(`${line}\n`);
const db = await provideDatabase({ purpose: 'migrations', log });
try {
  await prepareDatabase(db.url, { seed: process.argv.includes('--seed'), log });
} catch (err) {
  process.stderr.write(`migration failed: ${errorMessage(err)}\n`);
  process.exitCode = 1;
} finally {
  await db.stop();
}
