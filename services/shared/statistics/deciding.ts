import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compiled } from '../project.js';
import { type DecideFailure, type DecideInput, type DecideOutput, errorOf } from './decide.js';
import { onStatisticsLimits, statisticsLimits } from './limits.js';
import { WorkerPool } from './pool.js';

// The subgraph's statistics threads: as many as questions may be answered at once (STATISTICS_CONCURRENCY), each
// deciding one question within STATISTICS_TIMEOUT_MS.

/**
 * One thread running worker.ts. Compiled (`npm start`, docker compose: dist/ under plain node) it is worker.js, with
 * no TypeScript compiler. From the sources (`npm run dev`, the tests) it is worker.ts, loaded through tsx's loader,
 * registered inside the thread: on Node 20 a thread does not apply `--import tsx` to its own entry module.
 */
function spawnWorker(): Worker {
  if (compiled) return new Worker(new URL('./worker.js', import.meta.url));
  // tsx's ESM API (`tsx/esm/api`, its import build beside the require one that resolving here finds): its register()
  // loads TypeScript in the thread that calls it.
  const api = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(pathToFileURL(api).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, {
    eval: true,
    execArgv: [],
  });
}

let pool: WorkerPool<DecideInput, DecideOutput, DecideFailure> | undefined;

export function statisticsPool(): WorkerPool<DecideInput, DecideOutput, DecideFailure> {
  if (!pool) {
    const l = statisticsLimits();
    pool = new WorkerPool<DecideInput, DecideOutput, DecideFailure>({
      spawn: spawnWorker,
      size: l.concurrency,
      timeoutMs: l.timeoutMs,
      errorOf,
    });
  }
  return pool;
}

/** Build and decide a question's lattice in a worker thread, and cut its table. */
export function decideInWorker(input: DecideInput): Promise<DecideOutput> {
  return statisticsPool().run(input);
}

onStatisticsLimits((l) => pool?.resize(l.concurrency, l.timeoutMs));
