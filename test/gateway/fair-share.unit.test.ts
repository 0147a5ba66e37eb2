import { describe, expect, it } from 'vitest';
import { FairShare } from '../../gateway/fair-share.js';

// One caller's share of the gateway's work: so many at once, then a queue in order, then refusals.

describe('FairShare', () => {
  it('gives turns at once up to the limit, then in order as turns end, and refuses beyond the queue', async () => {
    const share = new FairShare({ inFlight: 2, waiting: 2 });
    const a = await share.acquire('demo:a');
    const b = await share.acquire('demo:a');
    expect(share.load('demo:a')).toEqual({ active: 2, waiting: 0 });
    const order: string[] = [];
    const c = share.acquire('demo:a').then((r) => (order.push('c'), r));
    const d = share.acquire('demo:a').then((r) => (order.push('d'), r));
    await Promise.resolve();
    expect(share.load('demo:a')).toEqual({ active: 2, waiting: 2 });
    expect(await share.acquire('demo:a')).toBeNull();
    // Another caller is not held up by the first one's queue.
    const other = await share.acquire('demo:b');
    expect(share.load('demo:b')).toEqual({ active: 1, waiting: 0 });
    a!();
    const cTurn = await c;
    expect(order).toEqual(['c']);
    b!();
    const dTurn = await d;
    expect(order).toEqual(['c', 'd']);
    expect(share.load('demo:a')).toEqual({ active: 2, waiting: 0 });
    // Giving a turn back twice gives back one.
    cTurn!();
    cTurn!();
    expect(share.load('demo:a')).toEqual({ active: 1, waiting: 0 });
    dTurn!();
    other!();
    // Nothing is kept for callers with nothing under way.
    expect([share.load('demo:a'), share.load('demo:b')]).toEqual([
      { active: 0, waiting: 0 },
      { active: 0, waiting: 0 },
    ]);
  });

  it('with no queue, refuses a second request while the first is worked on', async () => {
    const share = new FairShare({ inFlight: 1, waiting: 0 });
    const first = await share.acquire('demo:a');
    expect(await share.acquire('demo:a')).toBeNull();
    first!();
    expect(await share.acquire('demo:a')).not.toBeNull();
  });
});
