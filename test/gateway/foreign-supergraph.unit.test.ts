import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { composeServices } from '@theguild/federation-composition';
import { generateKeyPairSync } from 'node:crypto';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVerifier } from '../../gateway/jwt.js';
import { createHubGateway } from '../../gateway/runtime.js';
import { type RunningGateway, serveGateway } from '../../gateway/server.js';
import { loadSupergraph, SupergraphError } from '../../gateway/supergraph.js';
import { internalError, unauthorized } from '../helpers/errors.js';
import { testPlanner as planner } from '../helpers/stack.js';

// The gateway serves any valid Federation 2 supergraph file, not only the hub's: here, two small subgraphs that
// know nothing of the hub, composed on the spot.

const typeDefs = {
  library: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@authenticated"])
    type Query { books: [Book!]! shelf: String }
    type Book @key(fields: "isbn") { isbn: ID! title: String! }`,
  loans: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@authenticated"])
    type Book @key(fields: "isbn") { isbn: ID! borrowedBy: String @authenticated }`,
};
const resolvers = {
  library: {
    Query: {
      books: () => [
        { isbn: '1', title: 'Umurage' },
        { isbn: '2', title: 'Inzira' },
      ],
      shelf: () => {
        throw new Error('cannot open /srv/library/shelves.db for reader Aline Uwase');
      },
    },
  },
  loans: { Book: { __resolveReference: (b: { isbn: string }) => ({ isbn: b.isbn, borrowedBy: `reader-${b.isbn}` }) } },
};

let gateway: RunningGateway;
const servers: ApolloServer[] = [];

beforeAll(async () => {
  const urls: Record<string, string> = {};
  for (const name of ['library', 'loans'] as const) {
    const server = new ApolloServer({
      schema: buildSubgraphSchema([{ typeDefs: parse(typeDefs[name]), resolvers: resolvers[name] as never }]),
    });
    servers.push(server);
    urls[name] = (await startStandaloneServer(server, { listen: { port: 0 } })).url;
  }
  const composed = composeServices(
    Object.entries(typeDefs).map(([name, sdl]) => ({ name, typeDefs: parse(sdl), url: urls[name] })),
  );
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  const supergraph = loadSupergraph(composed.supergraphSdl, {});
  const key = generateKeyPairSync('ed25519').privateKey;
  gateway = await serveGateway({
    gateway: createHubGateway({ supergraph, signingKey: key, verifier: new TokenVerifier([]), planner }),
    subgraphs: supergraph.subgraphs,
    signingKey: key,
    port: 0,
    verifier: new TokenVerifier([]),
  });
});

afterAll(async () => {
  await gateway.close();
  for (const s of servers) await s.stop();
});

describe('any Federation 2 supergraph', () => {
  it('plans across its subgraphs, and enforces its auth directives', async () => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ books { title borrowedBy } }' }),
    });
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 200,
      body: {
        data: {
          books: [
            { title: 'Umurage', borrowedBy: null },
            { title: 'Inzira', borrowedBy: null },
          ],
        },
        errors: [unauthorized(['books', '@', 'borrowedBy'])],
      },
    });
  });

  it("a subgraph's internal error reaches the client without its stack trace, message or service name", async () => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ shelf books { title } }' }),
    });
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 200,
      body: {
        data: { shelf: null, books: [{ title: 'Umurage' }, { title: 'Inzira' }] },
        errors: [internalError(['shelf'])],
      },
    });
  });

  it('/readyz probes its subgraphs, whatever they are', async () => {
    const res = await fetch(gateway.url.replace('/graphql', '/readyz'));
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 200,
      body: { status: 'ready', subgraphs: { library: 'ok', loans: 'ok' } },
    });
  });
});

describe('loading a supergraph', () => {
  const sdl = 'enum join__Graph { A @join__graph(name: "a", url: "http://localhost:1/graphql") } type Query { x: Int }';

  it('points a subgraph elsewhere with SUBGRAPH_URL_<NAME>', () => {
    expect(loadSupergraph(sdl, { SUBGRAPH_URL_A: 'http://a.internal:4001/graphql' }).subgraphs).toEqual([
      { name: 'a', url: 'http://a.internal:4001/graphql' },
    ]);
  });

  it('refuses, with every problem listed: an override for no subgraph, a bad URL', () => {
    expect(() => loadSupergraph(sdl, { SUBGRAPH_URL_A: 'not a url', SUBGRAPH_URL_B: 'http://b/graphql' })).toThrow(
      new SupergraphError(
        'SUBGRAPH_URL_A="not a url": must be an absolute URL; SUBGRAPH_URL_B: the supergraph has no such subgraph',
      ),
    );
  });

  it('refuses a file that is not a supergraph', () => {
    expect(() => loadSupergraph('type Query { x: Int }', {})).toThrow(/declares no subgraphs/);
    expect(() => loadSupergraph('type Query {', {})).toThrow(/not valid GraphQL/);
  });
});

describe('readiness when a subgraph is down', () => {
  it('/healthz still 200 (the process is alive), /readyz 503 naming the subgraph that does not answer', async () => {
    const sdl =
      'enum join__Graph { A @join__graph(name: "a", url: "http://127.0.0.1:9/graphql") } type Query { x: Int }';
    const supergraph = loadSupergraph(sdl, {});
    const key = generateKeyPairSync('ed25519').privateKey;
    const down = await serveGateway({
      gateway: createHubGateway({ supergraph, signingKey: key, verifier: new TokenVerifier([]), planner }),
      subgraphs: supergraph.subgraphs,
      signingKey: key,
      port: 0,
      verifier: new TokenVerifier([]),
    });
    try {
      const health = await fetch(down.url.replace('/graphql', '/healthz'));
      const ready = await fetch(down.url.replace('/graphql', '/readyz'));
      expect([health.status, await health.json(), ready.status, await ready.json()]).toEqual([
        200,
        { status: 'ok' },
        503,
        { status: 'not ready', subgraphs: { a: 'unreachable' } },
      ]);
    } finally {
      await down.close();
    }
  });
});
