import { createLocalJWKSet } from 'jose';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ANONYMOUS_LIMITS } from '../../gateway/anonymous.js';
import { createHubGateway } from '../../gateway/runtime.js';
import { gatewaySettings } from '../../gateway/settings.js';
import { TokenVerifier } from '../../gateway/jwt.js';
import { type RunningGateway, serveGateway } from '../../gateway/server.js';
import { loadSupergraph, overrideVariable } from '../../gateway/supergraph.js';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../services/shared/dev-key-files.js';
import { demoClaims, demoUser, issueToken } from '../../services/hub/demo-users.js';
import { subgraphs } from '../../services/registry.js';
import { createLogger } from '../../services/shared/log.js';
import { readSettings } from '../../services/shared/settings.js';
import { type HubOrm, openOrm } from '../../services/shared/orm.js';
import { Outbox } from '../../services/shared/delivery/outbox.js';
import { type RunningSubgraph, startSubgraphServer } from '../../services/shared/server.js';
import { whenFileDone } from './cleanup.js';
import { type TestKeys, testKeys } from './keys.js';
import type { GraphQLResponse } from './subgraph-harness.js';

const supergraphFile = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

/** The query planner every test gateway runs on: GATEWAY_PLANNER, read and checked as the gateway process reads it. */
export const testPlanner = readSettings({ planner: gatewaySettings.planner }).planner;

export interface Stack {
  gatewayUrl: string;
  subgraphs: Map<string, RunningSubgraph>;
  orms: Map<string, HubOrm>;
  keys: TestKeys;
  /** SQL statements each subgraph ran since the last reset. */
  statements: Map<string, number>;
  resetStatements(): void;
  token(login: string): Promise<string>;
  tokenFor(
    claims: Record<string, unknown>,
    o?: { ttlSeconds?: number; now?: number; issuer?: string; audience?: string },
  ): Promise<string>;
  /** POST an operation to the gateway; `token` null means anonymous. */
  query(
    token: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; body: GraphQLResponse }>;
}

export interface StackOptions {
  unauthorizedMode?: 'filter' | 'reject';
  /** Replace the gateway's plugins (the benchmark's "authorization off" configuration). */
  gateway?: Partial<Parameters<typeof createHubGateway>[0]>;
  /** Where the gateway reaches a subgraph (fault tests put a proxy in between). */
  subgraphUrl?: (name: string, url: string) => string;
  /** The HTTP server's refusal delay (the gateway runtime's is in `gateway`). */
  refusalDelayMs?: number;
  /** The budget and body size of callers without a token (default: the gateway's). */
  anonymous?: Parameters<typeof serveGateway>[0]['anonymous'];
  /** How long a client may take to send its headers (default: the gateway's). */
  headersTimeoutMs?: number;
  /** Open connections at most (default: the gateway's). */
  connections?: Parameters<typeof serveGateway>[0]['connections'];
  /** Each signed-in caller's requests at once and waiting (default: the gateway's). */
  fairShare?: Parameters<typeof serveGateway>[0]['fairShare'];
  /** Where the center delivers to an agency (fault tests put a proxy in between). */
  deliveryUrl?: (name: string, url: string) => string;
  /** The database URL a subgraph connects to (fault tests put a proxy in between). */
  databaseUrlFor?: (name: string, url: string) => string;
  /** GraphiQL on, as GRAPHIQL=true turns it on: its page from the runtime, its files from the HTTP server. */
  graphiql?: boolean;
}

/** The whole hub in this process, for a test file: closed after the file's tests. */
export async function startStack(databaseUrl: string, o: StackOptions = {}): Promise<Stack> {
  const stack = await createStack(databaseUrl, o);
  whenFileDone(() => stack.close());
  return stack;
}

/** The whole hub in this process: four subgraph HTTP servers and the gateway, on ephemeral ports. */
export async function createStack(
  databaseUrl: string,
  o: StackOptions = {},
): Promise<Stack & { close(): Promise<void> }> {
  const keys = await testKeys();
  const statements = new Map<string, number>();
  const running = new Map<string, RunningSubgraph>();
  const orms = new Map<string, HubOrm>();
  let outbox: Outbox | undefined;
  // Receivers first: the sender's outbox is told where they are.
  for (const d of [...subgraphs.filter((x) => !x.sendsTo), ...subgraphs.filter((x) => x.sendsTo)]) {
    statements.set(d.name, 0);
    const orm = await openOrm(d, {
      clientUrl: o.databaseUrlFor?.(d.name, databaseUrl) ?? databaseUrl,
      poolMax: 4,
      onQuery: (line) => {
        if (line.includes('[query]')) statements.set(d.name, (statements.get(d.name) ?? 0) + 1);
      },
    });
    orms.set(d.name, orm);
    if (d.sendsTo) {
      outbox = new Outbox({
        databaseUrl: o.databaseUrlFor?.(d.name, databaseUrl) ?? databaseUrl,
        dbSchema: d.dbSchema,
        receivers: d.sendsTo,
        targets: d.sendsTo.map((r) => ({
          name: r,
          url: o.deliveryUrl?.(r, running.get(r)!.url) ?? running.get(r)!.url,
        })),
        signingKey: keys.centerPrivate,
        log: createLogger(`${d.name} outbox`, 'error'),
      });
      await outbox.start();
    }
    running.set(
      d.name,
      await startSubgraphServer(d, {
        orm,
        outbox,
        senderKey: d.receives ? keys.centerPublic : undefined,
        gatewayKey: keys.gatewayPublic,
        signatureMaxAgeMs: 30_000,
        port: 0,
        log: createLogger(d.name, 'error'),
      }),
    );
  }
  const env = Object.fromEntries(
    [...running].map(([name, s]) => [overrideVariable(name), o.subgraphUrl?.(name, s.url) ?? s.url]),
  );
  const supergraph = loadSupergraph(await readFile(supergraphFile, 'utf8'), env);
  const verifier = new TokenVerifier([
    { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, keys: createLocalJWKSet(keys.issuerJwks) },
  ]);
  const gateway: RunningGateway = await serveGateway({
    gateway: createHubGateway({
      supergraph,
      signingKey: keys.gatewayPrivate,
      verifier,
      planner: testPlanner,
      unauthorizedMode: o.unauthorizedMode,
      graphiql: o.graphiql,
      ...o.gateway,
    }),
    verifier: o.gateway?.verifier ?? verifier,
    connections: o.connections,
    fairShare: o.fairShare,
    subgraphs: supergraph.subgraphs,
    signingKey: keys.gatewayPrivate,
    port: 0,
    refusalDelayMs: o.refusalDelayMs,
    // Test files send anonymous requests in bursts the real budget would refuse; the budget has its own tests
    // (anonymous-budget.test.ts). The anonymous body limit stays the gateway's.
    anonymous: o.anonymous ?? { ...DEFAULT_ANONYMOUS_LIMITS, perMinute: 1_000_000, burst: 100_000 },
    headersTimeoutMs: o.headersTimeoutMs,
    graphiql: o.graphiql,
  });
  const stack: Stack & { close(): Promise<void> } = {
    async close() {
      await gateway.close();
      await outbox?.stop();
      for (const s of running.values()) await s.close();
      for (const orm of orms.values()) await orm.close();
    },
    gatewayUrl: gateway.url,
    subgraphs: running,
    orms,
    keys,
    statements,
    resetStatements: () => {
      for (const k of statements.keys()) statements.set(k, 0);
    },
    tokenFor: (claims, t = {}) => issueToken(keys.issuerPrivateJwk, claims, t),
    token: (login) => issueToken(keys.issuerPrivateJwk, demoClaims(demoUser(login))),
    async query(token, query, variables) {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as GraphQLResponse };
    },
  };
  return stack;
}
