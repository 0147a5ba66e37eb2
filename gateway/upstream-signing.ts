import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { KeyObject } from 'node:crypto';
import { type Caller, claimsOf } from '../services/shared/caller.js';
import { encodeClaims, signRequest } from '../services/shared/signing.js';
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
  // The audience of each URL fetched, as written: the runtime fetches the same few URLs over and over, and parsing
  // each one again cost more than the lookup. Bounded, in case something else is fetched under many URLs.
  const audiences = new Map<string, string | undefined>();
  const audienceOf = (url: string): string | undefined => {
    if (audiences.has(url)) return audiences.get(url);
    const audience = nameByUrl.get(new URL(url).toString());
    if (audiences.size >= 256) audiences.clear();
    audiences.set(url, audience);
    return audience;
  };
  // Each caller's claims, encoded once: a request's several subgraph calls, and every request with the same token
  // (the verifier hands back the same Caller for it), sign the same encoding. Keyed by the Caller object, which is
  // immutable and stands for exactly one token's rights, so no caller is ever signed with another's claims.
  const encoded = new WeakMap<Caller, string>();
  const claimsFor = (caller: Caller): string => {
    let e = encoded.get(caller);
    if (e === undefined) encoded.set(caller, (e = encodeClaims(claimsOf(caller))));
    return e;
  };
  return {
    onFetch({ url, options, setOptions, context }) {
      const audience = audienceOf(url);
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
            encodedClaims: caller ? claimsFor(caller) : encodeClaims(null),
            requestId: requestIdOf((context as { request?: Request }).request),
          }),
        },
      });
    },
  };
}
