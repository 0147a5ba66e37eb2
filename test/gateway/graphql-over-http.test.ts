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
