import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { Caller } from '../services/shared/caller.js';
import { TokenError, type TokenVerifier } from './jwt.js';
import { DEFAULT_REFUSAL_DELAY_MS, pause } from './refusal-delay.js';
import type { HubGatewayContext } from './upstream-signing.js';

/**
 * Verify the bearer token of every request. No token: anonymous, who may read only the public part of the graph. A
 * token that fails verification: 401 before any GraphQL work, never a silent downgrade to anonymous.
 */
/** Requests whose bearer token was verified; the introspection rule reads it before the context exists. */
const signedIn = new WeakSet<Request>();
export const isSignedIn = (request: Request | undefined): boolean => (request ? signedIn.has(request) : false);

/** The bearer token of an Authorization header; TokenError when the header is there but holds none. */
export function bearerToken(header: string): string {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (!token) throw new TokenError('authorization header must be "Bearer <token>"');
  return token;
}

export const INVALID_TOKEN_CHALLENGE = { 'www-authenticate': 'Bearer error="invalid_token"' };

export function useHubAuthentication(
  verifier: TokenVerifier,
  refusalDelayMs = DEFAULT_REFUSAL_DELAY_MS,
): GatewayPlugin<HubGatewayContext> {
  const callers = new WeakMap<Request, Caller | null>();
  return {
    async onRequest({ request, endResponse, fetchAPI }) {
      const header = request.headers.get('authorization');
      // No header at all: anonymous. An empty one is a malformed header, refused like any other.
      if (header === null) {
        callers.set(request, null);
        return;
      }
      try {
        callers.set(request, await verifier.verify(bearerToken(header)));
        signedIn.add(request);
      } catch (err) {
        if (!(err instanceof TokenError)) throw err;
        await pause(refusalDelayMs);
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({
              errors: [{ message: `Invalid token: ${err.message}`, extensions: { code: 'UNAUTHENTICATED' } }],
            }),
            { status: 401, headers: { 'content-type': 'application/json', ...INVALID_TOKEN_CHALLENGE } },
          ),
        );
      }
    },
    onContextBuilding({ context, extendContext }) {
      extendContext({ caller: callers.get(context.request) ?? null });
    },
  };
}
