import { ApolloServer, HeaderMap } from '@apollo/server';
import { sweepRollups } from './statistics/rollup-facts.js';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { KeyObject } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accessLogPlugin } from './access-log/plugin.js';
import { observePlugin } from './observe.js';
import { type HubContext, newContext } from './context.js';
import type { SubgraphDescriptor } from './descriptor.js';
import { formatError } from './format-error.js';
import { errorMessage, errorName, type Logger } from './log.js';
import type { HubOrm } from './orm.js';
import { type Caller, callerFromClaims, ClaimsError } from './caller.js';
import { buildFederatedSchema } from './schema.js';
import { type ReplayGuard, SignatureHeaders, verifyRequest } from './signing.js';
import { DatabaseReplayGuard } from './replay.js';
import { isDatabaseUnavailable, serviceUnavailable } from './errors.js';
import { MessageError, parseMessage } from './delivery/message.js';
import type { Outbox } from './delivery/outbox.js';

const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface SubgraphServerOptions {
  orm: HubOrm;
  /** The gateway's Ed25519 public key: the only signer this subgraph trusts. */
  gatewayKey: KeyObject;
  signatureMaxAgeMs: number;
  port: number;
  host?: string;
  log: Logger;
  /** How long `/readyz` waits for the database before it answers 503 (default 1000 ms). */
  readinessTimeoutMs?: number;
  /** Where accepted nonces are kept (default: the subgraph's own database, DatabaseReplayGuard). */
  replay?: ReplayGuard;
  /** A sending subgraph's outbox (resolvers enqueue into it). */
  outbox?: Outbox;
  /** A receiving subgraph's trust: the public key of the one subgraph whose messages its inbox accepts. */
  senderKey?: KeyObject;
}

export interface RunningSubgraph {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Whether the database answers `select 1` within the time given. A stopped server refuses at once; a frozen one would
 * hold the check forever, so the answer never waits longer than `timeoutMs` (the query itself is bounded by the pool's
 * query timeout).
 */
export async function databaseAnswers(orm: HubOrm, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      orm.em
        .getConnection()
        .execute('select 1')
        .then(
          () => true,
          () => false,
        ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function refuse(res: ServerResponse, status: number, message: string, code: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

/**
 * Serve one subgraph over HTTP. Only `/healthz` and `/readyz` answer without the gateway's signature; every GraphQL request must
 * be signed (body, claims, audience, timestamp, nonce) or it is refused with 401 before any resolver runs.
 */
/** The subgraph's Apollo Server, as the HTTP server and the in-process tests both run it. */
export async function createApolloServer(d: SubgraphDescriptor, log: Logger): Promise<ApolloServer<HubContext>> {
  const { schema } = await buildFederatedSchema(d);
  const apollo = new ApolloServer<HubContext>({
    schema,
    formatError: formatError(log),
    includeStacktraceInErrorResponses: false,
    // Requests are already authenticated by signature; CSRF does not apply to a server only the gateway can call.
    csrfPrevention: false,
    // Inline traces would send resolver timings to the gateway and on to clients; nothing here needs them.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      accessLogPlugin(log),
      ...(d.observe ? [observePlugin(d.observe, log)] : []),
    ],
    // The process's own lifecycle (services/shared/lifecycle.ts) stops the server on signals, in order.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  return apollo;
}

export async function startSubgraphServer(d: SubgraphDescriptor, o: SubgraphServerOptions): Promise<RunningSubgraph> {
  const apollo = await createApolloServer(d, o.log);
  // Nonces are kept in the subgraph's own database, so that replay protection survives a restart and holds across
  // replicas; expired ones are swept every minute, with whatever else the subgraph forgets in time (d.sweep). A failed
  // sweep (the database away) is simply tried again a minute later.
  const replay = o.replay ?? new DatabaseReplayGuard(o.orm.em.fork(), o.signatureMaxAgeMs);
  const sweeper = setInterval(() => {
    if (replay instanceof DatabaseReplayGuard) void replay.sweep().catch(() => undefined);
    if (d.sweep) void d.sweep(o.orm.em.fork(), new Date()).catch(() => undefined);
    // Statistics' rollups follow the cases within a minute even when nobody asks, and the cases noted for them are
    // cleared (statistics/rollup-facts.ts).
    if (d.rollups) void sweepRollups(o.orm.em.fork(), `"${d.dbSchema}"`, d.rollups).catch(() => undefined);
  }, 60_000).unref();

  /**
   * The body of a signed POST and the claims its signature covers, or null once the request has been answered: 401
   * for a missing, bad, stale or replayed signature, 503 when the database that holds the nonces cannot be reached.
   */
  async function signedBody(req: IncomingMessage, res: ServerResponse, publicKey: KeyObject, what: string) {
    const body = await readBody(req);
    let verdict;
    try {
      verdict = await verifyRequest({
        publicKey,
        audience: d.name,
        body,
        headers: req.headers,
        maxAgeMs: o.signatureMaxAgeMs,
        replay,
      });
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      sendJson(res, 503, { errors: [serviceUnavailable().toJSON()] });
      return null;
    }
    if (!verdict.ok) {
      o.log.warn(`refused ${what}`, { problem: verdict.problem });
      refuse(res, 401, verdict.problem, 'UNAUTHENTICATED');
      return null;
    }
    return { body, claims: verdict.claims };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && req.method === 'GET') {
      // Alive: this process answers. It says nothing of the database, so that a database outage does not get a
      // healthy process restarted.
      sendJson(res, 200, { status: 'ok', subgraph: d.name });
      return;
    }
    if (path === '/readyz' && req.method === 'GET') {
      const db = await databaseAnswers(o.orm, o.readinessTimeoutMs ?? 1000);
      sendJson(res, db ? 200 : 503, { status: db ? 'ready' : 'database unreachable', subgraph: d.name });
      return;
    }
    if (path === '/_hub/inbox' && d.receives && o.senderKey) return receive(req, res, d.receives, o.senderKey);
    if (path !== '/graphql') return refuse(res, 404, 'not found', 'NOT_FOUND');
    if (req.method !== 'POST') return refuse(res, 405, 'use POST', 'METHOD_NOT_ALLOWED');
    const signed = await signedBody(req, res, o.gatewayKey, 'request');
    if (!signed) return;
    const { body } = signed;
    let caller: Caller | null;
    try {
      caller = signed.claims === null ? null : callerFromClaims(signed.claims);
    } catch (err) {
      if (err instanceof ClaimsError) return refuse(res, 401, `bad claims: ${err.message}`, 'UNAUTHENTICATED');
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return refuse(res, 400, 'body is not JSON', 'BAD_REQUEST');
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    // The gateway's id, covered by its signature; bounded all the same, since it goes into the access log.
    const signedId = headers.get(SignatureHeaders.requestId);
    const requestId = signedId && signedId.length <= 200 ? signedId : randomUUID();
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: '', body: parsed },
      context: async () => newContext(caller, o.orm.em.fork(), requestId, o.outbox),
    });
    const out: Record<string, string> = {};
    for (const [k, v] of response.headers) out[k] = v;
    res.writeHead(response.status ?? 200, out);
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  /**
   * A message from the one subgraph this one listens to: signed with that subgraph's key for this audience, fresh and
   * not replayed, a known message type with exactly its fields; handled idempotently, acknowledged with 204.
   */
  async function receive(
    req: IncomingMessage,
    res: ServerResponse,
    inbox: NonNullable<SubgraphDescriptor['receives']>,
    senderKey: KeyObject,
  ): Promise<void> {
    if (req.method !== 'POST') return refuse(res, 405, 'use POST', 'METHOD_NOT_ALLOWED');
    const signed = await signedBody(req, res, senderKey, 'delivery');
    if (!signed) return;
    const { body } = signed;
    let message;
    try {
      message = parseMessage(JSON.parse(body.toString('utf8')));
    } catch (err) {
      return refuse(res, 400, err instanceof MessageError ? err.message : 'body is not JSON', 'BAD_REQUEST');
    }
    await inbox.receive(o.orm.em.fork(), message);
    res.writeHead(204);
    res.end();
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      // The error's class only: a message can quote the request it failed on.
      if (status === 500) o.log.error('request failed', { error: errorName(err) });
      if (!res.headersSent)
        refuse(
          res,
          status,
          status === 500 ? 'internal error' : errorMessage(err),
          status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST',
        );
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = o.host && o.host !== '0.0.0.0' && o.host !== '::' ? o.host : '127.0.0.1';
  return {
    name: d.name,
    port,
    url: `http://${host}:${port}/graphql`,
    async close() {
      clearInterval(sweeper);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
    },
  };
}
