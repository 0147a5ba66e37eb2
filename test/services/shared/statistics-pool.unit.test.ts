import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { demoCenters } from '../../../services/shared/demo-plan.js';
import { BadInputError } from '../../../services/shared/errors.js';
import { decideInWorker, statisticsPool } from '../../../services/shared/statistics/deciding.js';
import { decide, type DecideInput } from '../../../services/shared/statistics/decide.js';
import { WorkerCrashError, WorkerPool, WorkerTimeoutError } from '../../../services/shared/statistics/pool.js';
import { planOf, type StatisticsRequest } from '../../../services/shared/statistics/request.js';

// The worker pool that decides statistics off the event loop: a thread that fails, exits or runs past its deadline
// fails its own task only, cleanly, and the next task is answered by a new thread; the statistics worker answers as
// the same work on the main thread does, and its refusals come back as the same errors.

/** A worker that doubles a number, and fails on demand in each way a thread can. */
const TEST_WORKER = `
  const { parentPort } = require('node:worker_threads');
  parentPort.on('message', ({ id, input }) => {
    if (input === 'throw') throw new Error('a fault in the worker');
    if (input === 'exit') process.exit(3);
    if (input === 'hang') return;
    if (input === 'refuse') return parentPort.postMessage({ id, ok: false, failure: 'refused' });
    parentPort.postMessage({ id, ok: true, value: input * 2 });
  });`;

const pools: WorkerPool<unknown, unknown, string>[] = [];
function testPool(timeoutMs = 60_000) {
  const pool = new WorkerPool<unknown, unknown, string>({
    spawn: () => new Worker(TEST_WORKER, { eval: true }),
    size: 2,
    timeoutMs,
    errorOf: (f) => new Error(`the worker said: ${f}`),
  });
  pools.push(pool);
  return pool;
}
afterAll(async () => {
  for (const p of pools) await p.close();
});

describe('WorkerPool', () => {
  it('answers every task, on at most `size` threads', async () => {
    const pool = testPool();
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run(n)))).toEqual([2, 4, 6, 8, 10]);
    expect(pool.threadCount).toBe(2);
  });

  it.each([
    ['throws', 'throw', new WorkerCrashError('a worker thread failed: Error')],
    ['exits', 'exit', new WorkerCrashError('a worker thread exited (3)')],
  ])('a thread that %s fails its task only; the next task is answered by a new thread', async (_, input, error) => {
    const pool = testPool();
    const beside = pool.run(21);
    await expect(pool.run(input)).rejects.toThrow(error);
    expect(await beside).toBe(42);
    expect(await Promise.all([pool.run(1), pool.run(2), pool.run(3)])).toEqual([2, 4, 6]);
  });

  it('a task past its deadline has its thread stopped and fails alone; the next is answered', async () => {
    const pool = testPool(300);
    await expect(pool.run('hang')).rejects.toThrow(new WorkerTimeoutError('a task ran past its deadline of 300 ms'));
    expect(await pool.run(5)).toBe(10);
  });

  it("a task's own failure comes back as the error it stands for, and the thread stays", async () => {
    const pool = testPool();
    await expect(pool.run('refuse')).rejects.toThrow('the worker said: refused');
    expect(await pool.run(4)).toBe(8);
  });

  it('refuses tasks once closed, and fails those waiting', async () => {
    const pool = testPool();
    // Their outcomes are taken before closing: a refusal with nobody yet listening would go unhandled.
    const hanging = [pool.run('hang'), pool.run('hang'), pool.run(1)].map((p) =>
      p.then(
        () => 'answered',
        (e: Error) => e.message,
      ),
    );
    await pool.close();
    expect(await Promise.all(hanging)).toEqual(Array.from({ length: 3 }, () => 'the worker pool is closed'));
    await expect(pool.run(1)).rejects.toThrow('the worker pool is closed');
  });
});

describe("the statistics worker (the subgraphs' pool)", () => {
  const places = demoCenters().map((c) => ({ center: c.code, district: c.district, province: c.province }));
  const input = (r: Partial<StatisticsRequest>, facts: DecideInput['facts'] = []): DecideInput => {
    const request: StatisticsRequest = {
      period: 'MONTH',
      from: '2025-03-01',
      to: '2025-03-31',
      rows: 'DISTRICT',
      columns: 'SEX',
      province: 'Kigali City',
      district: null,
      ...r,
    };
    if (r.columns === 'CENTER') request.province = null;
    return {
      plan: planOf(request, places, 'query'),
      places,
      categories: { SEX: ['FEMALE', 'MALE', 'INTERSEX', 'UNKNOWN'] },
      facts,
      threshold: 5,
      rowsName: request.rows.toLowerCase(),
    };
  };
  const facts = [
    { bucket: '2025-03', center: 'GASABO-1', by: ['FEMALE'], n: 9 },
    { bucket: '2025-03', center: 'GASABO-1', by: ['MALE'], n: 2 },
    { bucket: '2025-03', center: 'KICUKIRO-1', by: ['FEMALE'], n: 6 },
  ];

  it('answers as the same work does on the main thread', async () => {
    expect(await decideInWorker(input({}, facts))).toEqual(decide(input({}, facts)));
  });

  it('a question over the lattice limit comes back as BAD_USER_INPUT, with its fields', async () => {
    const big = input({ period: 'DAY', from: '2025-01-01', to: '2025-12-31', rows: 'PERIOD', columns: 'CENTER' });
    const err = await decideInWorker(big).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as BadInputError).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        {
          field: 'query',
          problem:
            'needs 35200 figures decided, more than 25000: ask for a coarser period, fewer years, a coarser place or fewer breakdowns',
        },
      ],
    });
  });

  it('a fault while deciding fails that question cleanly, and the next is answered', async () => {
    const outside = [{ bucket: '2025-03', center: 'GASABO-1', by: ['NOT_A_SEX'], n: 1 }];
    await expect(decideInWorker(input({}, outside))).rejects.toThrow(
      'statistics worker: statistics: a fact outside the lattice: Y:2025|N|NOT_A_SEX',
    );
    expect(await decideInWorker(input({}, facts))).toEqual(decide(input({}, facts)));
    expect(statisticsPool().threadCount).toBeGreaterThan(0);
  });
});
