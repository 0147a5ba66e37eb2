import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { KeyObject } from 'node:crypto';
import { type Caller, claimsOf } from '../services/shared/caller.js';
import { signRequest } from '../services/shared/signing.js';
import { requestIdOf } from './request-id.js';
import type { SubgraphEndpoint } from './supergraph.js';

/** What the authentication plugin leaves on the context for every operation. */
export interface HubGatewayContext {
  /** The caller the token names, parsed once by the authentication plugin; null when anonymous. */
  caller?: Caller | null;
}

/**
 * Sign every subgraph request after token verification: the exact body, the caller's verified claims, the target
 * subgraph (so a request cannot be replayed against another subgraph), a timestamp and a nonce.
 */
export function useUpstreamSigning(
  key: KeyObject,
  subgraphs: readonly SubgraphEndpoint[],
): GatewayPlugin<HubGatewayContext> {
  const nameByUrl = new Map(subgraphs.map((s) => [new URL(s.url).toString(), s.name]));
  return {
    onFetch({ url, options, setOptions, context }) {
      const audience = nameByUrl.get(new URL(url).toString());
      if (!audience) return; // not a subgraph call (the runtime fetching something else): nothing to sign
      const body = options.body;
      if (typeof body !== 'string') throw new Error(`cannot sign a ${typeof body} request body for ${audience}`);
      const caller = (context as HubGatewayContext).caller ?? null;
      setOptions({
        ...options,
        headers: {
          ...(options.headers as Record<string, string>),
          ...signRequest({
            key,
            audience,
            body,
            claims: caller && claimsOf(caller),
            requestId: requestIdOf((context as { request?: Request }).request),
          }),
        },
      });
    },
  };
}
