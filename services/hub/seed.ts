import { errorMessage } from '../shared/log.js';
import { parseSeedArgs, SEED_USAGE, UsageError } from './seed-args.js';
import { progress } from './seed-progress.js';
import { SeedRefused, seedGenerated } from './seed-run.js';
import { provideDatabase } from './provide-database.js';

// `npm run seed -- --cases N [--seed S] [--until TIME] [--batch-size B] [--resume]`: a decade of synthetic national
// cases for analysts' statistics and benchmarks, into DATABASE_URL (migrated first) or the embedded PostgreSQL.
// Exit 0 when the run is complete, 64 on bad arguments, 1 when refused or failed; progress on stderr.

let args;
try {
  args = parseSeedArgs(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  process.stderr.write(`${err.message}\n${SEED_USAGE}\n`);
  process.exit(64); // EX_USAGE
}
if (args.help) {
  process.stdout.write(`${SEED_USAGE}\n`);
  process.exit(0);
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const db = await provideDatabase({ purpose: 'the seed', log });
try {
  const started = Date.now();
  const { run, written } = await seedGenerated(db.url, {
    args,
    log,
    progress: (r, done) => progress(process.stderr, r.total, done),
  });
  if (written > 0)
    log(
      `seed: ${run.total} cases in place (${written} batches written in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
} catch (err) {
  process.stderr.write(err instanceof SeedRefused ? `${err.message}\n` : `seed failed: ${errorMessage(err)}\n`);
  process.exitCode = 1;
} finally {
  await db.stop();
}
