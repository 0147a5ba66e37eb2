/**
 * Longest the gateway waits for one subgraph request. Past it, that subgraph's fields are null with GATEWAY_TIMEOUT and
 * the rest of the answer is sent: a frozen subgraph costs a client this long at most, not the whole request.
 */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 15_000;
