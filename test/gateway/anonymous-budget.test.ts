import { beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMITED, TokenBucket } from '../../gateway/anonymous.js';
import { testDatabase } from '../helpers/database.js';
import { invalidToken } from '../helpers/errors.js';
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
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: hotlines,
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as unknown };
  };

  it('a flood without a token gets five answers and 429 for the rest; signed-in callers are answered throughout', async () => {
    const token = await stack.token('reception');
    const [flood, signedIn] = await Promise.all([
      Promise.all(Array.from({ length: 12 }, () => post())),
      Promise.all(Array.from({ length: 12 }, () => post({ authorization: `Bearer ${token}` }))),
    ]);
    const answered = {
      status: 200,
      retryAfter: null,
      body: { data: { hotlines: [{ number: '3512' }, { number: '3029' }, { number: '116' }] } },
    };
    const refused = {
      status: 429,
      retryAfter: '10',
      body: {
        errors: [
          { message: 'Too many requests without a token; try again shortly', extensions: { code: RATE_LIMITED } },
        ],
      },
    };
    expect(flood.filter((r) => r.status === 200)).toEqual(Array(5).fill(answered));
    expect(flood.filter((r) => r.status !== 200)).toEqual(
      Array(7).fill({ ...refused, retryAfter: expect.stringMatching(/^(9|10)$/) }),
    );
    expect(signedIn).toEqual(Array(12).fill(answered));
  });

  it.each([
    ['a Basic header', 'Basic Zm9vOmJhcg=='],
    ['an empty header', ''],
    ['a header of spaces', '   '],
    ['"Bearer" and nothing else', 'Bearer '],
  ])('%s does not buy more than the budget: it is refused as a bad token, 401', async (_what, authorization) => {
    const r = await post({ authorization });
    expect(r).toEqual({
      status: 401,
      retryAfter: null,
      body: {
        errors: [invalidToken('authorization header must be "Bearer <token>"')],
      },
    });
  });

  it('a bad token with a 200 KB body is refused before the body is read: 401, and the connection is closed', async () => {
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.token' },
      body: JSON.stringify({ query: '{ hotlines { number } }', variables: { pad: 'x'.repeat(200_000) } }),
    });
    expect({ status: res.status, connection: res.headers.get('connection'), body: await res.json() }).toEqual({
      status: 401,
      connection: 'close',
      body: {
        errors: [{ ...invalidToken(''), message: expect.stringMatching(/^Invalid token: /) }],
      },
    });
  });
});

describe('anonymous GET', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(await testDatabase());
  });

  it('a URL of more than 8 KB is refused (414) like a body would be; a signed-in caller may send it', async () => {
    const query = `{ hotlines { number } } #${'x'.repeat(9000)}`;
    const url = `${stack.gatewayUrl}?query=${encodeURIComponent(query)}`;
    const anonymous = await fetch(url);
    expect({ status: anonymous.status, body: await anonymous.json() }).toEqual({
      status: 414,
      body: {
        errors: [
          {
            message: 'The request URL exceeds the limit of 8192 bytes',
            extensions: { code: 'LIMIT_EXCEEDED', limit: 'url', max: 8192 },
          },
        ],
      },
    });
    const signedIn = await fetch(url, { headers: { authorization: `Bearer ${await stack.token('reception')}` } });
    expect({ status: signedIn.status, body: await signedIn.json() }).toEqual({
      status: 200,
      body: { data: { hotlines: [{ number: '3512' }, { number: '3029' }, { number: '116' }] } },
    });
  });
});
