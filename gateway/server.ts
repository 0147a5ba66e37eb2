import type { GatewayRuntime } from '@graphql-hive/gateway-runtime';
import type { KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signRequest } from '../services/shared/signing.js';
import { admission } from './admission.js';
import { type AnonymousLimits, DEFAULT_ANONYMOUS_LIMITS, RATE_LIMITED } from './anonymous.js';
import { type ConnectionLimits, DEFAULT_CONNECTION_LIMITS, limitConnections } from './connections.js';
import { readGuardedBody, Refusal, sendRefusal } from './http-guard.js';
import type { TokenVerifier } from './jwt.js';
import { DEFAULT_MAX_BODY_BYTES } from './limits.js';
import { DEFAULT_FAIR_SHARE, FairShare, type FairShareLimits } from './fair-share.js';
import { DASHBOARD_FILES_PATH, DASHBOARD_PATH, dashboard } from './dashboard.js';
import { GRAPHIQL_ASSETS_PATH, graphiqlAssets } from './graphiql.js';
import { DEFAULT_REFUSAL_DELAY_MS, pause } from './refusal-delay.js';
import type { SubgraphEndpoint } from './supergraph.js';
import { errorName } from '../services/shared/log.js';

/** Headers about how a response is framed on the wire, which the server sets itself for the answer it sends. */
/** A signed-in caller with as many requests waiting as it may have (fair-share.ts): refused before the body is read. */
const TOO_MANY_AT_ONCE = new Refusal(
  429,
  'Too many requests at once from this caller; wait for answers before sending more',
  { code: RATE_LIMITED },
  { 'retry-after': '1' },
);

const FRAMING_HEADERS = new Set([
  'transfer-encoding',
  'content-length',
  'connection',
  'keep-alive',
  'content-encoding',
]);

export interface RunningGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

const PROBE = JSON.stringify({ query: '{ __typename }' });

/** Why a subgraph is not ready, from what a probe met. */
const failure = (err: unknown) => (errorName(err) === 'TimeoutError' ? 'timeout' : 'unreachable');

/**
 * One subgraph's readiness. The hub's subgraphs answer `/readyz` beside their GraphQL path, 200 only while their
 * database answers, naming themselves; any other subgraph is asked a signed `{ __typename }` instead, which every
 * Federation 2 subgraph answers. Never waits longer than `timeoutMs`.
 */
async function probeOne(s: SubgraphEndpoint, key: KeyObject, timeoutMs: number): Promise<string> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const ready = await fetch(new URL('/readyz', s.url), { signal });
    const answer = (await ready.json().catch(() => null)) as { status?: string; subgraph?: string } | null;
    // Only a readiness answer that names this subgraph counts; a foreign server may answer any path its own way.
    if (answer?.subgraph === s.name) return ready.ok ? 'ok' : (answer.status ?? `HTTP ${ready.status}`);
    const res = await fetch(s.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signRequest({ key, audience: s.name, body: PROBE, claims: null }),
      },
      body: PROBE,
      signal,
    });
    const body = (await res.json().catch(() => null)) as { data?: { __typename?: string } } | null;
    return res.ok && body?.data?.__typename ? 'ok' : `HTTP ${res.status}`;
  } catch (err) {
    return failure(err);
  }
}

/** Every subgraph's readiness, probed at once. */
export async function probeSubgraphs(
  subgraphs: readonly SubgraphEndpoint[],
  key: KeyObject,
  timeoutMs = 2000,
): Promise<Record<string, string>> {
  return Object.fromEntries(
    await Promise.all(subgraphs.map(async (s) => [s.name, await probeOne(s, key, timeoutMs)] as const)),
  );
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * Serve the gateway over HTTP, with `/healthz` (the process is alive), `/readyz` (every subgraph, and its database,
 * answers within two seconds) and the analysts' dashboard at `/dashboard` (dashboard.ts).
 */
export async function serveGateway(o: {
  gateway: GatewayRuntime<Record<string, unknown>>;
  subgraphs: readonly SubgraphEndpoint[];
  signingKey: KeyObject;
  port: number;
  host?: string;
  /** Largest request body (default DEFAULT_MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /** Pause before a refusal is answered (default DEFAULT_REFUSAL_DELAY_MS). */
  refusalDelayMs?: number;
  /** The budget and body size of callers without a token (default DEFAULT_ANONYMOUS_LIMITS, anonymous.ts). */
  anonymous?: AnonymousLimits;
  /** Longest a client may take to send its headers (default 10 s); the whole request may take 30 s. */
  headersTimeoutMs?: number;
  /** Checks a request's token before its body is read (the runtime's authentication then finds it in its cache). */
  verifier: TokenVerifier;
  /** Open connections at most (default DEFAULT_CONNECTION_LIMITS). */
  connections?: ConnectionLimits;
  /** Each signed-in caller's requests worked on at once, and waiting (default DEFAULT_FAIR_SHARE). */
  fairShare?: FairShareLimits;
  /** Serve GraphiQL's files under GRAPHIQL_ASSETS_PATH (the runtime, created with `graphiql`, serves its page). */
  graphiql?: boolean;
}): Promise<RunningGateway> {
  const shares = new FairShare(o.fairShare ?? DEFAULT_FAIR_SHARE);
  const admit = admission({
    verifier: o.verifier,
    anonymous: o.anonymous ?? DEFAULT_ANONYMOUS_LIMITS,
    maxBodyBytes: o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  });
  const refuse = async (
    req: IncomingMessage,
    res: ServerResponse,
    r: Refusal,
    unread = r.status === 413,
  ): Promise<void> => {
    await pause(o.refusalDelayMs ?? DEFAULT_REFUSAL_DELAY_MS);
    // The body of a request refused before it was read (too large, not admitted) is not read at all: the connection
    // closes after the answer.
    sendRefusal(res, r, unread);
    if (unread) res.once('finish', () => req.destroy());
  };
  // Readiness is the same answer for every caller (it holds no data): one probe a second at most, however often it
  // is asked, so that a flood of /readyz cannot become a flood on the subgraphs and their databases.
  let readiness: { at: number; probe: Promise<Record<string, string>> } | undefined;
  const probe = () => {
    if (!readiness || Date.now() - readiness.at > 1000)
      readiness = { at: Date.now(), probe: probeSubgraphs(o.subgraphs, o.signingKey) };
    return readiness.probe;
  };
  const serveGraphQL = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const admitted = await admit(req);
    // Refused before the body is read: it is not read at all.
    if (admitted instanceof Refusal) return refuse(req, res, admitted, true);
    // A signed-in caller's request waits for its turn (fair-share.ts) before its body is read.
    const release = admitted.subject ? await shares.acquire(admitted.subject) : () => undefined;
    if (!release) return refuse(req, res, TOO_MANY_AT_ONCE, true);
    try {
      await answer(req, res, admitted);
    } finally {
      release();
    }
  };
  const answer = async (req: IncomingMessage, res: ServerResponse, admitted: { maxBodyBytes: number }) => {
    if (req.method === 'POST') {
      const body = await readGuardedBody(req, admitted.maxBodyBytes);
      if (body instanceof Refusal) return refuse(req, res, body);
      // Handed to the runtime as a fetch request built from the bytes already read (the runtime's Node adapter would
      // walk a Buffer's every index to decide whether it is a body). Given as a URL and its init, the runtime builds
      // the Request with its own fetch implementation: Node's global Request (undici) cost about 2.5% of the
      // gateway's CPU on the case-file page, building it and then streaming its body back out through web streams.
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const response = await o.gateway.fetch(
        `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`,
        // A Buffer is a Uint8Array; TypeScript's DOM types want one over a plain ArrayBuffer.
        { method: 'POST', headers, body: body as Uint8Array<ArrayBuffer> },
        { req, res },
      );
      const out = Buffer.from(await response.arrayBuffer());
      // The whole answer is sent at once with its length, as read (decoded): the runtime's framing headers (chunked
      // transfer, its own length, keep-alive, an encoding) would contradict it, and a proxy reading both could split
      // the stream wrongly. A header the runtime set twice under two spellings is sent once, its values joined.
      const answerHeaders: Record<string, string> = {};
      for (const [k, v] of response.headers) {
        const name = k.toLowerCase();
        if (FRAMING_HEADERS.has(name)) continue;
        answerHeaders[name] = answerHeaders[name] === undefined ? v : `${answerHeaders[name]}, ${v}`;
      }
      res.writeHead(response.status, { ...answerHeaders, 'content-length': String(out.length) });
      res.end(out);
      return;
    }
    await o.gateway(req, res);
  };
  // A page's files (GraphiQL's while it is on, the dashboard's page and files always): admitted like any request (a
  // browser sends them no token, so they take from the anonymous budget), then answered from memory by exact name.
  const serveFiles = async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    load: () => Promise<{ serve(req: IncomingMessage, res: ServerResponse, path: string): void }>,
    whose: string,
  ): Promise<void> => {
    const admitted = await admit(req);
    if (admitted instanceof Refusal) return refuse(req, res, admitted, true);
    const files = await load().catch(() => undefined);
    if (!files) {
      return sendRefusal(
        res,
        new Refusal(500, `${whose} files could not be loaded`, { code: 'INTERNAL_SERVER_ERROR' }),
      );
    }
    files.serve(req, res, path);
  };
  const failed = (res: ServerResponse) => () => {
    if (!res.headersSent) sendRefusal(res, new Refusal(400, 'The request could not be read', { code: 'BAD_REQUEST' }));
    else res.destroy();
  };
  // Node checks the header and request timeouts below every `connectionsCheckingInterval` (30 s by default): a client
  // trickling its headers would be cut off up to half a minute late.
  const server = createServer({ connectionsCheckingInterval: 1000 }, (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz') return json(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      probe().then(
        (subgraphs) => {
          const ready = Object.values(subgraphs).every((s) => s === 'ok');
          json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', subgraphs });
        },
        () => json(res, 503, { status: 'not ready' }),
      );
      return;
    }
    if (o.graphiql && path.startsWith(GRAPHIQL_ASSETS_PATH)) {
      serveFiles(req, res, path, graphiqlAssets, "GraphiQL's").catch(failed(res));
      return;
    }
    if (path === DASHBOARD_PATH || path.startsWith(DASHBOARD_FILES_PATH)) {
      serveFiles(req, res, path, dashboard, "The dashboard's").catch(failed(res));
      return;
    }
    serveGraphQL(req, res).catch(failed(res));
  });
  limitConnections(server, o.connections ?? DEFAULT_CONNECTION_LIMITS);
  server.keepAliveTimeout = 65_000;
  // A client that trickles its headers or body cannot hold a connection open for long.
  server.headersTimeout = o.headersTimeoutMs ?? 10_000;
  server.requestTimeout = Math.max(server.headersTimeout, 30_000);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = o.host && !['0.0.0.0', '::'].includes(o.host) ? o.host : 'localhost';
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await o.gateway.dispose();
    },
  };
}
