import type { SubgraphFixture } from './subgraph-server.js';

// The shipping subgraph computes from fields it does not own, which the gateway must fetch from the catalog first
// and hand over in each representation (@requires): the weight, which clients cannot see (@inaccessible), a field
// with an argument (`price(currency: "RWF")`), and a field with an argument inside a required object
// (`dimensions { size(unit: "cm") }`). Each answer shows the value it was handed, so a wrong argument shows.

interface Representation {
  upc: string;
  weight?: number;
  price?: number;
  dimensions?: { size?: number };
}

export const shipping: SubgraphFixture = {
  name: 'shipping',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.6",
      import: ["@key", "@external", "@requires", "@shareable"])

    type Product @key(fields: "upc") {
      upc: ID!
      weight: Int! @external
      price(currency: String!): Int! @external
      dimensions: Dimensions! @external
      shippingEstimate: Int! @requires(fields: "weight")
      dutyRwf: Int! @requires(fields: "price(currency: \\"RWF\\")")
      packaging: String! @requires(fields: "dimensions { size(unit: \\"cm\\") }")
    }

    type Dimensions @shareable {
      size(unit: String!): Int!
    }
  `,
  resolvers: {
    Product: {
      __resolveReference: (ref: Representation) => ref,
      // 500 francs a kilogram.
      shippingEstimate: (p: Representation) => (p.weight ?? NaN) * 500,
      // 18% of the price in francs.
      dutyRwf: (p: Representation) => Math.round((p.price ?? NaN) * 0.18),
      packaging: (p: Representation) => `box of ${p.dimensions?.size ?? '?'} cm`,
    },
  },
};
