import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoClaims, demoUser } from '../../services/hub/demo-users.js';
import { statisticsGate } from '../../services/shared/statistics/gate.js';
import { configureStatisticsLimits, DEFAULT_STATISTICS_LIMITS } from '../../services/shared/statistics/limits.js';
import { testDatabase } from '../helpers/database.js';
import { type Stack, startStack } from '../helpers/stack.js';

// Each caller's share of statistics at the gateway (gateway/statistics-share.ts), here one request at once and one
// waiting: what one analyst sends beyond that is refused at the gateway, before any subgraph hears of it, while a
// second analyst and a case manager are answered. The center's own statistics gate is held by the test, so that
// nothing depends on how fast anything runs.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(await testDatabase(), {
    refusalDelayMs: 0,
    gateway: { statisticsShare: { inFlight: 1, waiting: 1 } },
  });
});
afterEach(() => {
  configureStatisticsLimits(DEFAULT_STATISTICS_LIMITS);
  expect(statisticsGate('center').load()).toEqual({ running: 0, waiting: 0 });
});

const month = { period: 'MONTH', from: '2024-03-01', to: '2024-03-31', rows: 'INCIDENT_TYPE' };
const STATS = `query S($q: StatisticsQuery!) { intakeStatistics(query: $q) { statistic total { count suppressed } } }`;
const PAGE = '{ cases(first: 2) { nodes { caseNumber } } }';
const BUSY = {
  status: 200,
  body: {
    data: null,
    errors: [
      {
        message:
          'Statistics busy: you already have as many statistics requests running and waiting as one caller may; wait for their answers before sending more',
        extensions: { code: 'STATISTICS_BUSY', reason: 'CALLER_SHARE' },
      },
    ],
  },
};

/** The center's only statistics turn, held by the test until it lets go. */
async function holdCenter() {
  configureStatisticsLimits({ ...DEFAULT_STATISTICS_LIMITS, concurrency: 1, queue: 16, waitMs: 30_000 });
  let release!: () => void;
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  const done = statisticsGate('center').run('test:holder', () => {
    started();
    return new Promise<void>((r) => (release = r));
  });
  await running;
  return { release: () => release(), done };
}

describe("an analyst's share of statistics at the gateway", () => {
  it('answers one at once and one waiting; refuses the rest at the gateway; others are answered meanwhile', async () => {
    const greedy = await stack.token('analyst');
    const other = await stack.tokenFor({ ...demoClaims(demoUser('analyst')), sub: 'demo:analyst-colleague' });
    const expected = await stack.query(greedy, STATS, { q: month });
    expect(expected.body.errors).toBeUndefined();
    const held = await holdCenter();
    const gate = statisticsGate('center');
    const first = stack.query(greedy, STATS, { q: month });
    // The first request waits at the center behind the held turn, holding the analyst's one turn at the gateway.
    await vi.waitFor(() => expect(gate.load()).toEqual({ running: 1, waiting: 1 }));
    const more = Array.from({ length: 5 }, () => stack.query(greedy, STATS, { q: month }));
    // One waits at the gateway; four are refused there at once: the center never sees them.
    const refused = await Promise.race([
      Promise.all(more.slice(1)),
      new Promise((r) => setTimeout(() => r('still waiting'), 20_000)),
    ]);
    expect(refused).toEqual([BUSY, BUSY, BUSY, BUSY]);
    expect(gate.load()).toEqual({ running: 1, waiting: 1 });
    // A second analyst has a share of its own, and a case manager's page never waits on statistics.
    const colleague = stack.query(other, STATS, { q: month });
    await vi.waitFor(() => expect(gate.load()).toEqual({ running: 1, waiting: 2 }));
    const page = await stack.query(await stack.token('case-manager'), PAGE);
    expect(page.status).toBe(200);
    expect(page.body.errors).toBeUndefined();
    held.release();
    await held.done;
    expect(await Promise.all([first, more[0], colleague])).toEqual([expected, expected, expected]);
    // The share is given back: the same analyst is answered again.
    expect(await stack.query(greedy, STATS, { q: month })).toEqual(expected);
  });

  it('counts a request by whether it asks statistics, through aliases and fragments, not by its other fields', async () => {
    const greedy = await stack.token('analyst');
    const held = await holdCenter();
    const gate = statisticsGate('center');
    const first = stack.query(greedy, STATS, { q: month });
    await vi.waitFor(() => expect(gate.load()).toEqual({ running: 1, waiting: 1 }));
    const second = stack.query(greedy, STATS, { q: month });
    const viaFragment = `query F($q: StatisticsQuery!) { ...S } fragment S on Query { n: intakeStatistics(query: $q) { statistic } }`;
    expect(await stack.query(greedy, viaFragment, { q: month })).toEqual(BUSY);
    // The analyst's public directory read asks no statistics: not counted, answered at once.
    const centers = await stack.query(greedy, '{ centers { code } }');
    expect(centers.body.errors).toBeUndefined();
    held.release();
    await held.done;
    expect((await first).body.errors).toBeUndefined();
    expect((await second).body.errors).toBeUndefined();
  });
});
