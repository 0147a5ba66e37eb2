import { errorMessage } from '../shared/log.js';
import { withClient } from './databases.js';
import { prepareDatabase } from './prepare.js';
import { provideDatabase } from './provide-database.js';
import { fillRollups } from './seed-rollup.js';

// `npx tsx services/hub/seed-rollup-fill.ts [--all]`: fill the statistics' rollup of a database that has cases but
// no rollup (one filled before the rollup existed, or whose rollup was set aside), into DATABASE_URL (migrated first)
// or the embedded PostgreSQL. Without --all, only the statistics never filled; a line per statistic on stderr. Until
// a statistic is filled its questions are answered from the cases, correct but slower.

const log = (line: string) => process.stderr.write(`${line}\n`);
const db = await provideDatabase({ purpose: 'filling the statistics rollup', log });
try {
  await prepareDatabase(db.url, { seed: false, log });
  const filled = await withClient(db.url, (client) =>
    fillRollups(client, log, process.argv.includes('--all') ? 'all' : 'missing'),
  );
  log(`statistics rollup: ${filled} statistics filled`);
} catch (err) {
  process.stderr.write(`filling the statistics rollup failed: ${errorMessage(err)}\n`);
  process.exitCode = 1;
} finally {
  await db.stop();
}
