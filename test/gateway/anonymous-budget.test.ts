import { beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMITED, TokenBucket } from '../../gateway/anonymous.js';
import { testDatabase } from '../helpers/database.js';
import { type Stack, startStack } from '../helpers/stack.js';

// Callers without a token share one budget of requests. A flood of them is refused (429) once it is spent, signed-in
// callers keep their answers meanwhile, and the budget refills by itself.

describe('the budget', () => {
  it('lets a burst through, then one request per refill interval, never more than the burst after a quiet spell', () => {
    let now = 0;
    const bucket = new TokenBucket(60, 3, () => now); // one a second, three at once
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    expect(bucket.retryAfterSeconds()).toBe(1);
    now = 999;
    expect(bucket.take()).toBe(false);
    now = 1000;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now = 1_000_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });

  it('says how long to wait in whole seconds, at least one', () => {
    let now = 0;
    const bucket = new TokenBucket(6, 1, () => now); // one every ten seconds
    expect(bucket.take()).toBe(true);
    expect(bucket.retryAfterSeconds()).toBe(10);
    now = 5000;
    expect(bucket.take()).toBe(false);
    expect(bucket.retryAfterSeconds()).toBe(5);
  });
});

describe('at the gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    // Five at once, then one every ten seconds: nothing refills while the test runs.
    stack = await startStack(await testDatabase(), { anonymous: { perMinute: 6, burst: 5, maxBodyBytes: 8192 } });
  });

  const hotlines = JSON.stringify({ query: '{ hotlines { number } }' });
  const post = async (headers: Record<string, string> = {}) => {
    const res = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: hotlines });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as unknown };
  };

  it('a flood without a token gets five answers and 429 for the rest; signed-in callers are answered throughout', async () => {
    const token = await stack.token('reception');
    const [flood, signedIn] = await Promise.all([
      Promise.all(Array.from({ length: 12 }, () => post())),
      Promise.all(Array.from({ length: 12 }, () => post({ authorization: `Bearer ${token}` }))),
    ]);
    const answered = { status: 200, retryAfter: null, body: { data: { hotlines: [{ number: '3512' }, { number: '3029' }, { number: '116' }] } } };
    const refused = {
      status: 429, retryAfter: '10',
      body: { errors: [{ message: 'Too many requests without a token; try again shortly', extensions: { code: RATE_LIMITED } }] },
    };
    expect(flood.filter((r) => r.status === 200)).toEqual(Array(5).fill(answered));
    expect(flood.filter((r) => r.status !== 200)).toEqual(Array(7).fill({ ...refused, retryAfter: expect.stringMatching(/^(9|10)$/) }));
    expect(signedIn).toEqual(Array(12).fill(answered));
  });

  it('a malformed Authorization header does not buy more: it is refused as a bad token, 401', async () => {
    const r = await post({ authorization: 'Basic Zm9vOmJhcg==' });
    expect(r).toEqual({
      status: 401, retryAfter: null,
      body: { errors: [{ message: 'Invalid token: authorization header must be "Bearer <token>"', extensions: { code: 'UNAUTHENTICATED' } }] },
    });
  });
});
