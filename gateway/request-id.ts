import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { randomUUID } from 'node:crypto';

// The id every subgraph writes into its access log for a request: made here, so that a client cannot choose what the
// tamper-evident log says. A client's own x-request-id is kept beside it for their correlation, but only its first 64
// characters of a plain alphabet: it can neither bloat the log nor smuggle text into it.

export const REQUEST_ID_HEADER = 'x-request-id';
const CLIENT_ID = /[^A-Za-z0-9._:-]/g;

/** The gateway's id for a request, with the client's own, cleaned and bounded, if it sent one. */
export function requestIdFor(clientId: string | null): string {
  const id = randomUUID();
  const client = clientId?.replace(CLIENT_ID, '').slice(0, 64);
  return client ? `${id} client:${client}` : id;
}

const ids = new WeakMap<Request, string>();

/** The id of the request being handled (for the subgraph signature, which covers it). */
export const requestIdOf = (request: Request | undefined): string | undefined =>
  request ? ids.get(request) : undefined;

/** Give every request its id, hand it to each subgraph call (signed with it, upstream-signing.ts) and to the client. */
export function useRequestIds(): GatewayPlugin {
  return {
    onRequest({ request }) {
      ids.set(request, requestIdFor(request.headers.get(REQUEST_ID_HEADER)));
    },
    onResponse({ request, response }) {
      const id = ids.get(request);
      if (id) response.headers.set(REQUEST_ID_HEADER, id);
    },
  };
}
