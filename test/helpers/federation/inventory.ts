import type { SubgraphFixture } from './subgraph-server.js';

// The inventory knows products only by their hidden `sku` key, so every product field of its own is reached through
// a key clients cannot ask for. It also adds fields to the implementations of the catalog's `Item` interface, one of
// them scoped (@requiresScopes), so that the gateway's field filter meets it under an interface and inside lists.

export const STOCK: Record<string, number> = { 'SKU-1': 12, 'SKU-2': 0, 'SKU-3': 7 };
export const SALES: Record<string, number> = { 'SKU-1': 340, 'SKU-2': 25, 'SKU-3': 118 };
export const PAGES: Record<string, number> = { i1: 212, i3: 96 };
export const RUNTIME: Record<string, number> = { i2: 140 };
export const BUDGET: Record<string, number> = { i2: 5_000_000 };
export const BOX_OFFICE: Record<string, number> = { i2: 9_000_000 };

export const inventory: SubgraphFixture = {
  name: 'inventory',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@requiresScopes"])

    type Product @key(fields: "sku") {
      sku: String!
      stock: Int!
      salesFigures: Int @requiresScopes(scopes: [["stats:read"]])
    }

    type Book @key(fields: "id") {
      id: ID!
      pages: Int!
    }

    type Film @key(fields: "id") {
      id: ID!
      runtime: Int!
      budget: Int @requiresScopes(scopes: [["stats:read"]])
      boxOffice: Int! @requiresScopes(scopes: [["stats:read"]])
    }
  `,
  resolvers: {
    Product: {
      __resolveReference: (ref: { sku: string }) => ref,
      stock: (p: { sku: string }) => STOCK[p.sku],
      salesFigures: (p: { sku: string }) => SALES[p.sku],
    },
    Book: { __resolveReference: (ref: { id: string }) => ref, pages: (b: { id: string }) => PAGES[b.id] },
    Film: {
      __resolveReference: (ref: { id: string }) => ref,
      runtime: (f: { id: string }) => RUNTIME[f.id],
      budget: (f: { id: string }) => BUDGET[f.id],
      boxOffice: (f: { id: string }) => BOX_OFFICE[f.id],
    },
  },
};
