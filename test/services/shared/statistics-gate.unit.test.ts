import { afterEach, describe, expect, it, vi } from 'vitest';
import { StatisticsGate, statisticsBusy } from '../../../services/shared/statistics/gate.js';
import { DEFAULT_STATISTICS_LIMITS, type StatisticsLimits } from '../../../services/shared/statistics/limits.js';

// The statistics gate on its own: turns handed out per subgraph and per caller, waits bounded, refusals at once and
// before any work; each question's work is a promise the test holds open and ends, so nothing depends on timing.

function gateWith(o: Partial<StatisticsLimits>) {
  return new StatisticsGate(() => ({ ...DEFAULT_STATISTICS_LIMITS, ...o }));
}

/** A question whose work runs until the test ends it; `started` says whether its work began. */
function question(gate: StatisticsGate, caller: string) {
  let end!: () => void;
  const q = { started: false, settled: 'pending' as string, end: () => end() };
  const result = gate.run(caller, () => {
    q.started = true;
    return new Promise<string>((r) => (end = () => r(caller)));
  });
  const done = result.then(
    (v) => (q.settled = `answered ${v}`),
    (e: { extensions?: { reason?: string } }) => (q.settled = `refused ${e.extensions?.reason}`),
  );
  return Object.assign(q, { done });
}

const flush = () => new Promise((r) => setImmediate(r));

afterEach(() => {
  vi.useRealTimers();
});

describe('StatisticsGate', () => {
  it("refuses a caller's questions beyond its share and its queue, at once and before their work, and serves the rest in turn", async () => {
    const gate = gateWith({ concurrency: 2, perCaller: 1, queuePerCaller: 2, queue: 16 });
    const a = Array.from({ length: 6 }, () => question(gate, 'analyst:a'));
    await flush();
    expect(a.map((q) => [q.started, q.settled])).toEqual([
      [true, 'pending'],
      [false, 'pending'],
      [false, 'pending'],
      [false, 'refused CALLER_SHARE'],
      [false, 'refused CALLER_SHARE'],
      [false, 'refused CALLER_SHARE'],
    ]);
    // A second analyst's single question takes the subgraph's other turn at once.
    const b = question(gate, 'analyst:b');
    await flush();
    expect(b.started).toBe(true);
    expect(gate.load()).toEqual({ running: 2, waiting: 2 });
    a[0]!.end();
    await a[0]!.done;
    await flush();
    expect(a[1]!.started).toBe(true);
    a[1]!.end();
    await a[1]!.done;
    a[2]!.end();
    b.end();
    await Promise.all([a[2]!.done, b.done]);
    expect([...a.map((q) => q.settled), b.settled]).toEqual([
      'answered analyst:a',
      'answered analyst:a',
      'answered analyst:a',
      'refused CALLER_SHARE',
      'refused CALLER_SHARE',
      'refused CALLER_SHARE',
      'answered analyst:b',
    ]);
    expect(gate.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('hands a free turn to the waiting caller with the fewest questions running, not to the longest flood', async () => {
    const gate = gateWith({ concurrency: 2, perCaller: 2, queuePerCaller: 4, queue: 16 });
    const a = Array.from({ length: 4 }, () => question(gate, 'analyst:a'));
    const b = question(gate, 'analyst:b');
    await flush();
    expect(a.map((q) => q.started)).toEqual([true, true, false, false]);
    expect(b.started).toBe(false);
    a[0]!.end();
    await a[0]!.done;
    await flush();
    // a has one running, b none: b goes first although a's questions waited longer.
    expect([b.started, a[2]!.started]).toEqual([true, false]);
    for (const q of [a[1]!, b, a[2]!, a[3]!]) {
      await vi.waitFor(() => expect(q.started).toBe(true));
      q.end();
      await q.done;
    }
    expect(gate.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses when the subgraph queue is full, whoever asks, and after STATISTICS_WAIT_MS of waiting', async () => {
    vi.useFakeTimers();
    const gate = gateWith({ concurrency: 1, perCaller: 1, queuePerCaller: 1, queue: 1, waitMs: 2_000 });
    const a = question(gate, 'analyst:a');
    const b = question(gate, 'analyst:b');
    const c = question(gate, 'analyst:c');
    await vi.advanceTimersByTimeAsync(0);
    expect([a.started, b.settled, c.settled]).toEqual([true, 'pending', 'refused SUBGRAPH_FULL']);
    await vi.advanceTimersByTimeAsync(2_000);
    expect([b.started, b.settled]).toEqual([false, 'refused SUBGRAPH_FULL']);
    a.end();
    await a.done;
    expect(gate.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('gives the turn back when the work fails', async () => {
    const gate = gateWith({ concurrency: 1, perCaller: 1, queuePerCaller: 0, queue: 0 });
    await expect(gate.run('analyst:a', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(gate.load()).toEqual({ running: 0, waiting: 0 });
    await expect(gate.run('analyst:a', () => Promise.resolve('yes'))).resolves.toBe('yes');
  });

  it('says why, and when to ask again, in words and in extensions', () => {
    expect(statisticsBusy('CALLER_SHARE', 2).toJSON()).toEqual({
      message:
        'Statistics busy: you already have as many statistics questions running and waiting here as one caller may; ask again in 2 s',
      extensions: { code: 'STATISTICS_BUSY', reason: 'CALLER_SHARE', retryAfterSeconds: 2 },
    });
  });
});
