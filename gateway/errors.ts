import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError } from 'graphql';
import type { Logger } from '../services/shared/log.js';
import { DEFAULT_REFUSAL_DELAY_MS, pause } from './refusal-delay.js';

// What of an error leaves the gateway. Errors reach clients from the hub's own plugins, from GraphQL, from the
// runtime (a subgraph that does not answer) and from any subgraph, a partner's included. Whatever their source,
// clients get a message and the few extensions they branch on; never a stack trace, the subgraph's request (its body
// carries other callers' representations and a survivor's data), an internal service name or an HTTP detail.

/** The extensions a client may see: stable codes and the details the hub documents with them. */
const CLIENT_EXTENSIONS = new Set(['code', 'reason', 'fields', 'limit', 'max', 'retryAfterSeconds']);

export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';
export const GATEWAY_TIMEOUT = 'GATEWAY_TIMEOUT';
const UNAVAILABLE_MESSAGE = 'A service this field depends on is unavailable; the rest of the answer is complete';
const TIMEOUT_MESSAGE = 'A service this field depends on did not answer in time; the rest of the answer is complete';

const SUBGRAPH_VARIABLE_REFUSAL = /^Variable "\$[^"]*" got invalid value /;
const VARIABLE_MESSAGE = 'A value sent does not fit what a service expects';

/**
 * GraphQL's own words for a value written in the document that does not fit its type quote the value, which can be a
 * survivor's name or phone number: the type is kept, the value dropped.
 */
const QUOTING: [RegExp, string][] = [
  [/^Expected value of type "([^"]+)", found [\s\S]*$/, 'Expected value of type "$1".'],
  [/^Value "[\s\S]*" does not exist in "([^"]+)" enum\.[\s\S]*$/, 'A value given does not exist in "$1" enum.'],
  [/^([\w"]+(?: "[^"]+")? cannot represent [^:]*?value): [\s\S]*$/, '$1.'],
];

export function withoutValues(message: string): string {
  for (const [pattern, replacement] of QUOTING) if (pattern.test(message)) return message.replace(pattern, replacement);
  return message;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** A failure to reach a subgraph at all, found anywhere on the error's chain of causes. */
function isConnectionFailure(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 8; depth++) {
    const x = e as {
      code?: unknown;
      message?: unknown;
      name?: unknown;
      cause?: unknown;
      originalError?: unknown;
      errors?: unknown[];
      extensions?: { code?: unknown };
    };
    if (typeof x.code === 'string' && CONNECTION_CODES.has(x.code)) return true;
    if (x.extensions?.code === 'SUBREQUEST_HTTP_ERROR') return true;
    if (x.name === 'TypeError' && x.message === 'fetch failed') return true;
    if (Array.isArray(x.errors) && x.errors.some(isConnectionFailure)) return true;
    e = x.originalError ?? x.cause;
  }
  return false;
}

/**
 * The runtime's error masking, with the hub's vocabulary: an unexpected error becomes INTERNAL_SERVER_ERROR (never,
 * whatever NODE_ENV says, with its original error or stack), and a subgraph that cannot be reached becomes
 * SERVICE_UNAVAILABLE on the fields it serves, so a client can tell an outage from a fault.
 */
export function errorMasker(log: Logger) {
  return (error: unknown): Error => {
    const ge = error instanceof GraphQLError ? error : null;
    if (ge && (!ge.originalError || ge.originalError instanceof GraphQLError)) return ge;
    const unavailable = isConnectionFailure(error);
    // The class and code only: the error's message and extensions can quote the subgraph request.
    const original = (ge?.originalError ?? error) as { name?: unknown; code?: unknown };
    log[unavailable ? 'warn' : 'error'](unavailable ? 'a subgraph could not be reached' : 'unexpected error', {
      error: typeof original?.name === 'string' ? original.name : 'unknown',
      ...(typeof original?.code === 'string' ? { code: original.code } : {}),
    });
    return new GraphQLError(unavailable ? UNAVAILABLE_MESSAGE : 'Internal server error', {
      nodes: ge?.nodes,
      path: ge?.path,
      extensions: { code: unavailable ? SERVICE_UNAVAILABLE : 'INTERNAL_SERVER_ERROR' },
    });
  };
}

type WireError =
  | GraphQLError
  | { message: string; path?: readonly (string | number)[]; locations?: unknown; extensions?: Record<string, unknown> };

/** One error as a client sees it. A field error keeps no HTTP status: the answer is partial, not failed (200). */
export function forClient(e: WireError): WireError {
  const extensions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e.extensions ?? {})) if (CLIENT_EXTENSIONS.has(k)) extensions[k] = v;
  if (!e.path && e.extensions?.http) extensions.http = e.extensions.http; // request errors keep their 4xx
  // The transport's own code for a subgraph it could not reach, in the hub's words.
  if (extensions.code === 'SUBREQUEST_HTTP_ERROR') extensions.code = SERVICE_UNAVAILABLE;
  // Every error carries a stable code. One the executor raised without any (a directive argument that is null, an
  // operation type the graph does not serve) is about the request as sent.
  if (extensions.code === undefined) extensions.code = e.path ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
  // An internal error's message is whatever the failing code said (a path, a query, a value): not for clients.
  // A subgraph's own refusal of a variable repeats the value and names the gateway's internal variable; the gateway
  // refuses what it can first (authorization/variables.ts), in the caller's names and without the value.
  const message =
    extensions.code === GATEWAY_TIMEOUT
      ? TIMEOUT_MESSAGE
      : e.extensions?.code === 'SUBREQUEST_HTTP_ERROR'
        ? UNAVAILABLE_MESSAGE
        : extensions.code === 'INTERNAL_SERVER_ERROR'
          ? 'Internal server error'
          : SUBGRAPH_VARIABLE_REFUSAL.test(e.message)
            ? VARIABLE_MESSAGE
            : withoutValues(e.message);
  if (e instanceof GraphQLError) {
    return new GraphQLError(message, {
      nodes: e.nodes,
      source: e.source,
      positions: e.positions,
      path: e.path,
      extensions,
    });
  }
  return {
    message,
    ...(e.locations ? { locations: e.locations } : {}),
    ...(e.path ? { path: e.path } : {}),
    ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
  };
}

/**
 * Every error of every answer, cleaned just before it is written. A request error (no data at all: a document that
 * does not parse, validate or fit the limits, variables that do not coerce) is answered after the refusal delay.
 */
export function useClientErrors(refusalDelayMs = DEFAULT_REFUSAL_DELAY_MS): GatewayPlugin {
  return {
    async onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !result || typeof result !== 'object' || !('errors' in result) || !result.errors)
        return;
      setResult({ ...result, errors: (result.errors as WireError[]).map(forClient) } as typeof result);
      if (!('data' in result) || result.data === undefined) await pause(refusalDelayMs);
    },
  };
}
