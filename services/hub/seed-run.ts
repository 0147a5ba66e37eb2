import { statisticsFactsThrough } from '../center/policies/statistics-facts.policy.js';
import pg from 'pg';
import { center } from '../center/index.js';
import { generatedCenterRows } from '../center/generated-rows.js';
import { writeGeneratedCenter } from '../center/generated-write.js';
import { seedCenters } from '../center/seed.js';
import { demoCenters, HOUR } from '../shared/demo-plan.js';
import { openOrm } from '../shared/orm.js';
import { intakeCalendar } from '../shared/seed/calendar.js';
import {
  batchCount,
  generatedBatch,
  type GeneratedBatch,
  generatedReferrals,
  type SeedRun,
} from '../shared/seed/plan.js';
import { subgraphs } from '../registry.js';
import { prepareDatabase } from './prepare.js';
import { fillRollups, ROLLUPS } from './seed-rollup.js';
import { GENERATED_TABLES, liftIndexes, restoreIndexes } from './seed-indexes.js';
import { errorMessage } from '../shared/log.js';
import { DEFAULT_BATCH_SIZE, DEFAULT_SEED, type SeedArgs } from './seed-args.js';
import type { Progress } from './seed-progress.js';

// `npm run seed`: a decade of synthetic national cases, batch after batch, each in one transaction across the four
// schemas: the center's rows with the batch's progress row, then each agency's slice. What a run is (seed, total,
// batch size, end of the decade) is recorded with every batch, and a rerun continues after the last batch written,
// refusing to mix in another run.

/** A rerun that does not fit the run recorded in the database, with every mismatch named. */
export class SeedRefused extends Error {
  constructor(readonly problems: string[]) {
    super(`npm run seed: refused, nothing written:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SeedRefused';
  }
}

interface Recorded {
  run: SeedRun;
  /** Batches written: 0 to batches - 1, all of them. */
  batches: number;
  cases: number;
}

/** The run recorded in the database, if any; refused if its rows disagree or leave a gap. */
async function recordedRun(client: pg.ClientBase): Promise<Recorded | null> {
  const exists = await client.query<{ t: string | null }>(`select to_regclass('center.seed_batch')::text as t`);
  if (!exists.rows[0]?.t) return null;
  const { rows } = await client.query<{
    seed: string;
    total: number;
    batch_size: number;
    until: Date;
    n: string;
    last: number;
    cases: string;
  }>(
    `select seed, total, batch_size, until, count(*) as n, max(batch) as last, sum(cases) as cases
       from center.seed_batch group by seed, total, batch_size, until`,
  );
  if (rows.length === 0) return null;
  const [r] = rows;
  if (rows.length > 1 || !r || Number(r.n) !== r.last + 1)
    throw new SeedRefused([
      'center.seed_batch holds batches of more than one run, or a gap: not a database this command wrote alone',
    ]);
  return {
    run: { seed: Number(r.seed), total: r.total, batchSize: r.batch_size, until: r.until },
    batches: Number(r.n),
    cases: Number(r.cases),
  };
}

/** The run to write: the arguments', checked against the recorded one; every mismatch at once. */
function resolveRun(args: SeedArgs, recorded: Recorded | null, now: Date): SeedRun {
  if (!recorded) {
    if (args.resume || args.cases === undefined)
      throw new SeedRefused(['--resume: no run is recorded in this database']);
    return {
      seed: args.seed ?? DEFAULT_SEED,
      total: args.cases,
      batchSize: args.batchSize ?? DEFAULT_BATCH_SIZE,
      until: args.until ?? new Date(Math.floor(now.getTime() / HOUR) * HOUR),
    };
  }
  const r = recorded.run;
  const problems: string[] = [];
  const differs = (flag: string, given: string | undefined, was: string) => {
    if (given !== undefined && given !== was)
      problems.push(
        `${flag} ${given}: the run recorded in this database has ${was} (${recorded.batches} batches written); rerun with ${flag} ${was}, or use another database`,
      );
  };
  differs('--seed', args.seed?.toString(), String(r.seed));
  differs('--cases', args.cases?.toString(), String(r.total));
  differs('--batch-size', args.batchSize?.toString(), String(r.batchSize));
  differs('--until', args.until?.toISOString(), r.until.toISOString());
  if (problems.length > 0) throw new SeedRefused(problems);
  return r;
}

export interface SeedOptions {
  args: SeedArgs;
  log: (line: string) => void;
  /** Given the run and the cases already written, how to show progress. */
  progress?: (run: SeedRun, done: number) => Progress;
  /** Tests only: called in each batch's transaction before it commits. */
  beforeCommit?: (batch: number) => Promise<void>;
  now?: Date;
}

export interface SeedResult {
  run: SeedRun;
  /** Batches this call wrote, and those it found written. */
  written: number;
  found: number;
}

export async function seedGenerated(url: string, o: SeedOptions): Promise<SeedResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Checked before anything is written, the migrations included.
    const recorded = await recordedRun(client);
    const run = resolveRun(o.args, recorded, o.now ?? new Date());
    const found = recorded?.batches ?? 0;
    const batches = batchCount(run);
    if (found === batches) {
      // A run killed after its last batch left its indexes set aside.
      await restoreIndexes(client, o.log);
      // A run killed while filling the statistics' rollup, or written before there was one, leaves it to fill.
      await prepareDatabase(url, { seed: false, log: o.log });
      await fillRollups(client, o.log, 'missing');
      o.log(`seed: the run (seed ${run.seed}, ${run.total} cases) is complete: nothing to write`);
      return { run, written: 0, found };
    }
    o.log(
      found > 0
        ? `seed: resuming the run of seed ${run.seed} at batch ${found + 1} of ${batches} (${recorded?.cases ?? 0} cases written)`
        : `seed: ${run.total} cases in ${batches} batches, seed ${run.seed}, ten years of intakes up to ${run.until.toISOString()}`,
    );
    await prepareDatabase(url, { seed: false, log: o.log });
    const orm = await openOrm(center, { clientUrl: url, poolMax: 1 });
    try {
      await seedCenters(orm.em.fork(), demoCenters());
    } finally {
      await orm.close();
    }
    const ids = new Map(
      (await client.query<{ id: string; code: string }>('select id, code from center.center')).rows.map((r) => [
        r.code,
        r.id,
      ]),
    );
    const lifted = await liftIndexes(client);
    if (lifted > 0) o.log(`seed: ${lifted} plain indexes set aside while writing, built again at the end`);
    let failed: unknown = null;
    try {
      await writeBatches(client, run, found, ids, o);
    } catch (err) {
      failed = err;
    }
    try {
      await restoreIndexes(client, o.log);
    } catch (err) {
      // The batch's own error says more; the next run builds the indexes again.
      if (!failed) throw err;
      o.log(`seed: the set-aside indexes will be built again by the next run (${errorMessage(err)})`);
    }
    if (failed) throw failed;
    // The planner's statistics, for queries on tables that just grew by millions of rows.
    await client.query(`analyze ${[...GENERATED_TABLES, 'center.case_sequence'].join(', ')}`);
    // The batches noted no case for the statistics' rollup (below): it is filled whole, from the cases written.
    await fillRollups(client, o.log, 'all');
    await client.query(`analyze ${ROLLUPS.map((r) => `"${r.schema}".statistics_rollup`).join(', ')}`);
    return { run, written: batches - found, found };
  } finally {
    await client.end();
  }
}

/** Batches `found` to the last, each in one transaction: the center's rows, then each agency's. */
async function writeBatches(
  client: pg.ClientBase,
  run: SeedRun,
  found: number,
  ids: ReadonlyMap<string, string>,
  o: SeedOptions,
): Promise<void> {
  const batches = batchCount(run);
  const centers = demoCenters();
  const recordedCases = Math.min(run.total, found * run.batchSize);
  const calendar = intakeCalendar(run.until);
  const shown = o.progress?.(run, recordedCases);
  let done = recordedCases;
  const generate = (batch: number) => {
    const cases = generatedBatch(run, batch, calendar, centers);
    const b: GeneratedBatch = { run, batch, cases, referrals: generatedReferrals(run, batch, cases) };
    return { b, rows: generatedCenterRows(run, batch, cases, b.referrals, ids) };
  };
  let next = generate(found);
  for (let batch = found; batch < batches; batch++) {
    const { b, rows } = next;
    await client.query('begin');
    try {
      // A crash may lose the last batches committed, never half of one: their progress rows go with them, and a
      // rerun writes them again. Not waiting for each commit to reach the disk makes the whole run markedly faster.
      await client.query('set local synchronous_commit = off');
      // Noting each of a batch's rows for the statistics' rollup would write as many rows again; the rollup is
      // filled whole at the end instead. Until then each statistic is unfilled, and answered from the cases.
      await client.query(`set local isange.statistics_rollup = 'deferred'`);
      for (const schema of new Set(ROLLUPS.map((r) => r.schema)))
        await client.query(`delete from "${schema}".statistics_rollup_state`);
      await writeGeneratedCenter(client, b, rows, {
        // The next batch is drawn while the database writes this one.
        meanwhile: () => {
          if (batch + 1 < batches) next = generate(batch + 1);
        },
      });
      const told = new Set(b.referrals.filter((r) => r.delivered).map((r) => r.caseId));
      b.statistics = await statisticsFactsThrough(
        client,
        [...told],
        b.cases.filter((c) => told.has(c.id)).flatMap((c) => c.consents.map((k) => k.id)),
      );
      for (const d of subgraphs) await d.seedGenerated?.(client, b);
      await o.beforeCommit?.(batch);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    }
    done += b.cases.length;
    shown?.update(done);
  }
  shown?.finish(done);
}
