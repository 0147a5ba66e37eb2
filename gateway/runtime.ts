import httpTransport from '@graphql-mesh/transport-http';
import { createGatewayRuntime, type GatewayPlugin, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import type { KeyObject } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { isSignedIn, useHubAuthentication } from './authentication.js';
import { corsFor, useNoStore } from './browser.js';
import { DEFAULT_PLANNER, type Planner, plannerPlugins, unifiedGraphHandlerFor } from './planner.js';
import { useRequestIds } from './request-id.js';
import { type UnauthorizedMode, useFieldAuthorization } from './authorization/plugin.js';
import type { TokenVerifier } from './jwt.js';
import { createLogger, type Logger } from '../services/shared/log.js';
import { errorMasker, useClientErrors } from './errors.js';
import { GRAPHIQL_DEFAULT_QUERY, renderGraphiQLPage, useGraphiQLPageHeaders } from './graphiql.js';
import { useHiddenFieldErrors } from './hidden-field-errors.js';
import { DEFAULT_LIMITS, type OperationLimits, useOperationLimits } from './limits.js';
import { runtimeLogger } from './log.js';
import { DEFAULT_UPSTREAM_TIMEOUT_MS } from './upstream-timeout.js';
import type { Supergraph } from './supergraph.js';
import { hubHttpTransport } from './transport.js';
import { type HubGatewayContext, useUpstreamSigning } from './upstream-signing.js';
import { useStatisticsShare } from './statistics-share.js';
import type { FairShareLimits } from './fair-share.js';

// One client request fans out to many subgraph calls, each listening on the request's abort signal (upstream timeout
// and cancellation). The subgraph executor also adds a listener per call to its own long-lived dispose signal, which
// is removed only once that call's combined signal is garbage-collected: between collections, under load, hundreds
// are normal, not a leak, and warnings about them would only bury real ones in the log.
EventEmitter.defaultMaxListeners = Math.max(EventEmitter.defaultMaxListeners, 4096);

export interface HubGatewayOptions {
  supergraph: Supergraph;
  signingKey: KeyObject;
  verifier: TokenVerifier;
  /** Which query planner plans the operations (default DEFAULT_PLANNER, planner.ts). */
  planner?: Planner;
  /** What to do with an operation that selects fields the caller may not see (default: filter, as Apollo Router). */
  unauthorizedMode?: UnauthorizedMode;
  /** What one operation may ask (default: DEFAULT_LIMITS); the body size is the HTTP server's. */
  limits?: OperationLimits;
  /** Longest the gateway waits for one subgraph request (default 15 s); then that subgraph's fields fail alone. */
  upstreamTimeoutMs?: number;
  /** Pause before a refusal is answered (default DEFAULT_REFUSAL_DELAY_MS, refusal-delay.ts). */
  refusalDelayMs?: number;
  /** Each caller's requests asking statistics executed at once, and waiting (default DEFAULT_STATISTICS_SHARE). */
  statisticsShare?: FairShareLimits;
  /** Where the runtime's own warnings and errors go, stripped of anything a request carried (log.ts). */
  log?: Logger;
  /** Origins a page may call the gateway from (default: none). */
  corsOrigins?: readonly string[];
  /** Introspection for callers without a token too (default: only signed-in callers may introspect). */
  anonymousIntrospection?: boolean;
  /** GraphiQL in the browser, its files served by the gateway itself (graphiql.ts); development only. */
  graphiql?: boolean;
  /**
   * Benchmarks only (`npm run bench`): replace token verification by this plugin and skip the field filter, to
   * measure what authorization costs. The gateway process never sets these.
   */
  withoutAuthorization?: { claimsPlugin: GatewayPlugin<HubGatewayContext> };
  /**
   * Benchmarks only (`npm run bench`): the runtime's stock transport, which merges identical in-flight subgraph
   * requests of different callers (see transport.ts), to measure what computing every answer for its own caller costs.
   * Never set by the gateway process: it hands one caller another's answer.
   */
  unsafeInflightDeduplication?: boolean;
}

/**
 * The Hive Gateway runtime, used as a library, with the hub's plugins in order: verify the token, remove what the
 * caller may not see before planning, then sign each subgraph request with the verified claims.
 */
export function createHubGateway(o: HubGatewayOptions): GatewayRuntime<HubGatewayContext> {
  const log = o.log ?? createLogger('gateway');
  const planner = o.planner ?? DEFAULT_PLANNER;
  return createGatewayRuntime<HubGatewayContext>({
    supergraph: o.supergraph.document,
    unifiedGraphHandler: unifiedGraphHandlerFor(planner),
    transports: { http: o.unsafeInflightDeduplication ? httpTransport : hubHttpTransport },
    // Identical requests from different callers are never merged into one: see transport.ts.
    inboundInflightRequestDeduplication: false,
    // The hub makes its own request ids (request-id.ts): the runtime's would take a client's header as it is.
    requestId: false,
    upstreamTimeout: o.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS,
    plugins: () => [
      // Limits first: nothing that grows with the document runs on one that is over them.
      useOperationLimits(o.limits ?? DEFAULT_LIMITS),
      useClientErrors(o.refusalDelayMs),
      useHiddenFieldErrors(o.supergraph.document),
      useNoStore(),
      ...(o.graphiql ? [useGraphiQLPageHeaders()] : []),
      useRequestIds(),
      // Before the field filter, so that the planner's own adjustments see the document it left (planner.ts).
      ...plannerPlugins(planner),
      ...(o.withoutAuthorization
        ? [o.withoutAuthorization.claimsPlugin]
        : [
            useHubAuthentication(o.verifier, o.refusalDelayMs),
            useFieldAuthorization({ supergraph: o.supergraph.document, mode: o.unauthorizedMode ?? 'filter' }),
          ]),
      // After authentication, which names the caller whose share it is.
      useStatisticsShare(o.statisticsShare, o.refusalDelayMs),
      useUpstreamSigning(o.signingKey, o.supergraph.subgraphs),
    ],
    logging: runtimeLogger(log),
    landingPage: false,
    cors: corsFor(o.corsOrigins ?? []),
    // The schema is public knowledge to the hub's partners, not to anyone on the network: anonymous callers may not
    // introspect unless a deployment says so.
    disableIntrospection: {
      disableIf: ({ context }) => !o.anonymousIntrospection && !isSignedIn((context as { request?: Request }).request),
    },
    // GraphiQL's page comes from the gateway with its assets (graphiql.ts), never from a CDN. server.ts serves the
    // assets; it must be told GraphiQL is on too.
    graphiql: o.graphiql ? { title: 'Isange hub', defaultQuery: GRAPHIQL_DEFAULT_QUERY } : false,
    renderGraphiQL: renderGraphiQLPage,
    graphqlEndpoint: '/graphql',
    maskedErrors: { maskError: errorMasker(log) },
  });
}
