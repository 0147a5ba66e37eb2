import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

// What the gateway does for browsers. The hub's callers are ministry systems and staff apps with bearer tokens, not
// cookies, but a staff app runs in a browser: only origins the deployment names may call the gateway from a page
// (CORS, no credentials), a page on another site cannot send a mutation (POST must be JSON: server.ts), and no answer
// is kept in a browser's or a proxy's cache, where the next person at a shared computer could find it.

/** CORS for the origins given (none: no CORS headers at all, so no page on any other origin can read an answer). */
export function corsFor(origins: readonly string[]) {
  if (origins.length === 0) return false as const;
  return {
    origin: [...origins],
    credentials: false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
    maxAge: 600,
  };
}

/** Every answer says `Cache-Control: no-store`: a survivor's data must not outlive the request that asked for it. */
export function useNoStore(): GatewayPlugin {
  return {
    onResponse({ response }) {
      response.headers.set('cache-control', 'no-store');
    },
  };
}
