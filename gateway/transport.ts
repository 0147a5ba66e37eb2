import httpTransport from '@graphql-mesh/transport-http';

// The HTTP transport to the subgraphs, with in-flight deduplication forced off.
//
// The transport's executor (`@graphql-tools/executor-http`) shares one subgraph call between identical in-flight
// queries by default, keyed by URL, method and body. The caller's signed claims are added later, per fetch
// (upstream-signing.ts), so they are not in that key: two callers of the same role sending the same query at the same
// moment would both receive the answer computed for the first one. The hub computes every subgraph answer for exactly
// its own caller, so the option is overridden here for every subgraph, whatever a supergraph's `@transport`
// directives or a deployment's transport entries say.

type Payload = Parameters<typeof httpTransport.getSubgraphExecutor>[0];

export const hubHttpTransport: typeof httpTransport = {
  getSubgraphExecutor(payload: Payload) {
    return httpTransport.getSubgraphExecutor({
      ...payload,
      transportEntry: {
        ...payload.transportEntry,
        options: { ...payload.transportEntry.options, deduplicateInflightRequests: false },
      },
    });
  },
};
