import type { SubgraphFixture } from './subgraph-server.js';

// The reviews subgraph: reviews of products, which carry the product's name with them (@provides, so the gateway
// need not ask the catalog for it); the products' ratings, taken over from the catalog (@override(from:)); and a
// score for every item of the catalog's entity interface, without knowing which kind of item it is
// (@interfaceObject).

export interface Review {
  id: string;
  body: string;
  product: { upc: string; name: string };
}

export const REVIEWS: Review[] = [
  { id: 'r1', body: 'Tightly woven', product: { upc: 'p1', name: 'Agaseke basket' } },
  { id: 'r2', body: 'Bright colours', product: { upc: 'p3', name: 'Igitenge cloth' } },
  { id: 'r3', body: 'Holds its shape', product: { upc: 'p1', name: 'Agaseke basket' } },
];

export const RATINGS: Record<string, number> = { p1: 4.5, p2: 3, p3: 5 };
export const SCORES: Record<string, number> = { i1: 7, i2: 9, i3: 4 };

export const reviews: SubgraphFixture = {
  name: 'reviews',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.6",
      import: ["@key", "@external", "@provides", "@override", "@interfaceObject"])

    type Query {
      latestReviews: [Review!]!
      topItems: [Item!]!
    }

    type Review {
      id: ID!
      body: String!
      product: Product! @provides(fields: "name")
    }

    type Product @key(fields: "upc") {
      upc: ID!
      name: String! @external
      reviews: [Review!]!
      rating: Float @override(from: "catalog")
    }

    type Item @key(fields: "id") @interfaceObject {
      id: ID!
      score: Int!
    }
  `,
  resolvers: {
    Query: {
      latestReviews: () => REVIEWS,
      // Known here by id alone: the gateway asks the catalog what kind of item each is.
      topItems: () => [{ id: 'i2' }, { id: 'i1' }],
    },
    Product: {
      __resolveReference: (ref: { upc: string }) => ref,
      reviews: (p: { upc: string }) => REVIEWS.filter((r) => r.product.upc === p.upc),
      rating: (p: { upc: string }) => RATINGS[p.upc] ?? null,
    },
    Item: {
      __resolveReference: (ref: { id: string }) => ref,
      score: (i: { id: string }) => SCORES[i.id],
    },
  },
};
