import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { execute, getOperationAST, Kind, parse, validate } from 'graphql';
import type { KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryReplayGuard, verifyRequest } from '../../../services/shared/signing.js';

// A small Federation 2 subgraph over HTTP, for the gateway's conformance tests: buildSubgraphSchema executed by
// graphql-js behind node:http, nothing of the hub inside. It answers whether or not a request carries the gateway's
// signature (a partner's subgraph need not check it), but checks it and counts the outcome, and writes down each
// request it is sent, so that a test can say which subgraph was asked what, how often, and that the gateway signed.

export type Resolvers = GraphQLResolverMap<unknown>;

export interface SubgraphFixture {
  /** The subgraph's name as composed. */
  name: string;
  typeDefs: string;
  resolvers: Resolvers;
}

export interface RunningFixture {
  name: string;
  url: string;
  /**
   * One entry per request, in arrival order: its root fields, and for `_entities` how many representations it
   * carried, e.g. `products` or `_entities(3)`; several root fields of one request are joined by a space.
   */
  calls: string[];
  /** Requests that carried the gateway's valid signature for this subgraph, and why the others did not; never reset. */
  signatures: { verified: number; problems: string[] };
  close(): Promise<void>;
}

interface Body {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** What one request asked, as `calls` writes it. */
function callOf(query: string, variables: Record<string, unknown>): string {
  const operation = getOperationAST(parse(query));
  return (operation?.selectionSet.selections ?? [])
    .map((s) => {
      if (s.kind !== Kind.FIELD) return `...`;
      if (s.name.value !== '_entities') return s.name.value;
      const argument = s.arguments?.find((a) => a.name.value === 'representations')?.value;
      const representations = argument?.kind === Kind.VARIABLE ? variables[argument.name.value] : undefined;
      return `_entities(${Array.isArray(representations) ? representations.length : '?'})`;
    })
    .join(' ');
}

export async function serveFixture(f: SubgraphFixture, gatewayKey: KeyObject): Promise<RunningFixture> {
  const schema = buildSubgraphSchema([{ typeDefs: parse(f.typeDefs), resolvers: f.resolvers }]);
  const calls: string[] = [];
  const signatures = { verified: 0, problems: [] as string[] };
  const replay = new MemoryReplayGuard(60_000);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks);
        const signed = await verifyRequest({
          publicKey: gatewayKey,
          audience: f.name,
          body: raw,
          headers: req.headers,
          maxAgeMs: 30_000,
          replay,
        });
        if (signed.ok) signatures.verified += 1;
        else signatures.problems.push(signed.problem);
        const body = JSON.parse(raw.toString('utf8')) as Body;
        const query = typeof body.query === 'string' ? body.query : '';
        const variables = (body.variables ?? {}) as Record<string, unknown>;
        const document = parse(query);
        // The gateway's readiness probe (`{ __typename }`) is not a call the planner made.
        if (query !== '{ __typename }') calls.push(callOf(query, variables));
        const errors = validate(schema, document);
        const result =
          errors.length > 0
            ? { errors }
            : await execute({
                schema,
                document,
                variableValues: variables,
                operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
              });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name: f.name,
    url: `http://127.0.0.1:${port}/graphql`,
    calls,
    signatures,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // The gateway keeps its connections alive: closing waits for none of them.
        server.closeAllConnections();
      }),
  };
}
