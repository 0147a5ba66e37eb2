import { request } from 'node:http';
import { serverAudits } from 'graphql-http';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/database.js';
import { type Stack, startStack } from '../helpers/stack.js';

// The GraphQL-over-HTTP audit (graphql-http's serverAudits), every MUST, SHOULD and MAY, against the gateway as
// deployed: limits, the JSON-only POST, the refusal delay and the error cleaning must not break the protocol clients
// rely on.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(await testDatabase());
});

describe('GraphQL over HTTP', () => {
  it('passes every audit', async () => {
    // As a signed-in client (the audit introspects, which anonymous callers may not).
    const token = await stack.token('ministry-system');
    const signedIn: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    const results = await Promise.all(
      serverAudits({ url: () => stack.gatewayUrl, fetchFn: signedIn }).map(async (audit) => {
        const r = await audit.fn();
        return { name: audit.name, status: r.status, reason: 'reason' in r ? r.reason : undefined };
      }),
    );
    console.log(`GraphQL-over-HTTP audit: ${results.filter((r) => r.status === 'ok').length} of ${results.length} ok`);
    expect(results.filter((r) => r.status !== 'ok')).toEqual([]);
  }, 120_000);
});

describe('framing of the answer', () => {
  /** The status and raw header names of an answer, as the wire carries them. */
  const rawHeaders = (accept: string, token: string) =>
    new Promise<{ status: number; headers: string[] }>((resolve, reject) => {
      const url = new URL(stack.gatewayUrl);
      const body = JSON.stringify({ query: '{ hotlines { number } }' });
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            accept,
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.rawHeaders.filter((_, i) => i % 2 === 0).map((h) => h.toLowerCase()),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  it('an answer carries its length once, no chunked framing or encoding, one cache-control, whatever the client accepts', async () => {
    const token = await stack.token('reception');
    for (const accept of ['application/json', 'multipart/mixed', 'text/event-stream']) {
      const { status, headers } = await rawHeaders(accept, token);
      const count = (name: string) => headers.filter((h) => h === name).length;
      expect({
        accept,
        status,
        length: count('content-length'),
        chunked: count('transfer-encoding'),
        encoding: count('content-encoding'),
        cacheControl: count('cache-control'),
      }).toEqual({ accept, status: 200, length: 1, chunked: 0, encoding: 0, cacheControl: 1 });
    }
  });
});
