import { composeServices } from '@theguild/federation-composition';
import { createLocalJWKSet } from 'jose';
import { parse } from 'graphql';
import { TokenVerifier } from '../../../gateway/jwt.js';
import { createHubGateway } from '../../../gateway/runtime.js';
import { type RunningGateway, serveGateway } from '../../../gateway/server.js';
import { loadSupergraph } from '../../../gateway/supergraph.js';
import { demoClaims, demoUser, issueToken } from '../../../services/hub/demo-users.js';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../../services/shared/dev-key-files.js';
import { whenFileDone } from '../cleanup.js';
import { testKeys } from '../keys.js';
import { testPlanner } from '../stack.js';
import type { GraphQLResponse } from '../subgraph-harness.js';
import { catalog } from './catalog.js';
import { inventory } from './inventory.js';
import { cinema, music } from './media.js';
import { reviews } from './reviews.js';
import { shipping } from './shipping.js';
import { type RunningFixture, serveFixture } from './subgraph-server.js';

// The conformance subgraphs composed as the hub composes its own (services/hub/compose.ts), behind the hub's gateway
// built as the gateway process builds it: createHubGateway with its plugins (limits, token verification, the field
// filter, upstream signing) on the planner GATEWAY_PLANNER names, served by serveGateway.

export const FIXTURES = [catalog, shipping, reviews, inventory, music, cinema];

export interface ConformanceHub {
  /** Every request each subgraph was sent since the last `resetCalls`, by subgraph name (see RunningFixture). */
  calls(): Record<string, string[]>;
  resetCalls(): void;
  /** Requests, over the whole file, that carried the gateway's valid signature, and why any other did not. */
  signatures(): { verified: number; problems: string[] };
  /** A demo user's token from the test issuer the gateway trusts. */
  token(login: string): Promise<string>;
  query(token: string | null, query: string): Promise<{ status: number; body: GraphQLResponse }>;
}

/** Compose the fixtures, or say why not. */
export function composeFixtures(urls: Map<string, string>): string {
  const composed = composeServices(
    FIXTURES.map((f) => ({ name: f.name, typeDefs: parse(f.typeDefs), url: urls.get(f.name) ?? '' })),
  );
  if (composed.errors) throw new Error(`composition failed:\n${composed.errors.map((e) => e.message).join('\n')}`);
  return composed.supergraphSdl;
}

/** The subgraphs and the gateway in this process, for a test file: closed after the file's tests. */
export async function startConformanceHub(): Promise<ConformanceHub> {
  const running: RunningFixture[] = [];
  const keys = await testKeys();
  for (const f of FIXTURES) {
    const r = await serveFixture(f, keys.gatewayPublic);
    running.push(r);
    whenFileDone(() => r.close());
  }
  const supergraph = loadSupergraph(composeFixtures(new Map(running.map((r) => [r.name, r.url]))), {});
  const verifier = new TokenVerifier([
    { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, keys: createLocalJWKSet(keys.issuerJwks) },
  ]);
  // Closed before the subgraphs (cleanups run newest first).
  const gateway: RunningGateway = await serveGateway({
    gateway: createHubGateway({ supergraph, signingKey: keys.gatewayPrivate, verifier, planner: testPlanner }),
    subgraphs: supergraph.subgraphs,
    signingKey: keys.gatewayPrivate,
    verifier,
    port: 0,
  });
  whenFileDone(() => gateway.close());
  const url = gateway.url;
  return {
    calls: () => Object.fromEntries(running.map((r) => [r.name, [...r.calls]])),
    resetCalls: () => {
      for (const r of running) r.calls.length = 0;
    },
    signatures: () => ({
      verified: running.reduce((n, r) => n + r.signatures.verified, 0),
      problems: running.flatMap((r) => r.signatures.problems.map((p) => `${r.name}: ${p}`)),
    }),
    token: (login) => issueToken(keys.issuerPrivateJwk, demoClaims(demoUser(login))),
    async query(token, query) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query }),
      });
      return { status: res.status, body: (await res.json()) as GraphQLResponse };
    },
  };
}
