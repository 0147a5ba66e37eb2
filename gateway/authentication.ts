import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { HubClaims } from '../services/shared/principal.js';
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

export function useHubAuthentication(verifier: TokenVerifier, refusalDelayMs = DEFAULT_REFUSAL_DELAY_MS): GatewayPlugin<HubGatewayContext> {
  const claimsOf = new WeakMap<Request, HubClaims | null>();
  return {
    async onRequest({ request, endResponse, fetchAPI }) {
      const header = request.headers.get('authorization');
      if (!header) {
        claimsOf.set(request, null);
        return;
      }
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      try {
        if (!match) throw new TokenError('authorization header must be "Bearer <token>"');
        claimsOf.set(request, await verifier.verify(match[1]!));
        signedIn.add(request);
      } catch (err) {
        if (!(err instanceof TokenError)) throw err;
        await pause(refusalDelayMs);
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({ errors: [{ message: `Invalid token: ${err.message}`, extensions: { code: 'UNAUTHENTICATED' } }] }),
            { status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' } },
          ),
        );
      }
    },
    onContextBuilding({ context, extendContext }) {
      extendContext({ hubClaims: claimsOf.get(context.request) ?? null });
    },
  };
}
