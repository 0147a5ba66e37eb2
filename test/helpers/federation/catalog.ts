import type { SubgraphFixture } from './subgraph-server.js';

// The catalog owns products and the items of an entity interface. Products have two keys: `upc`, which every
// subgraph may use, and `sku`, hidden from clients (@inaccessible) but the only key the inventory knows them by. A
// product's weight is hidden too, yet the shipping subgraph @requires it. `rating` is overridden by the reviews
// subgraph: the catalog's own answer (-1, stale) must never reach a client.

export interface Product {
  upc: string;
  sku: string;
  name: string;
  /** In US dollars; `price(currency: "RWF")` converts. */
  usd: number;
  weight: number;
  /** Centimetres. */
  size: number;
}

export const PRODUCTS: Product[] = [
  { upc: 'p1', sku: 'SKU-1', name: 'Agaseke basket', usd: 10, weight: 2, size: 30 },
  { upc: 'p2', sku: 'SKU-2', name: 'Imigongo panel', usd: 25, weight: 1, size: 20 },
  { upc: 'p3', sku: 'SKU-3', name: 'Igitenge cloth', usd: 40, weight: 5, size: 50 },
];
export const RWF_PER_USD = 1400;

const [p1, p2, p3] = PRODUCTS as [Product, Product, Product];

export interface Item {
  __typename: 'Book' | 'Film';
  id: string;
  title: string;
  author?: string;
  director?: string;
}

export const ITEMS: Item[] = [
  { __typename: 'Book', id: 'i1', title: 'Kinyarwanda grammar', author: 'A. Kagame' },
  { __typename: 'Film', id: 'i2', title: 'Sometimes in April', director: 'R. Peck' },
  { __typename: 'Book', id: 'i3', title: 'Umurage', author: 'M. Uwase' },
];

const byUpc = (upc: unknown) => PRODUCTS.find((p) => p.upc === upc) ?? null;
const bySku = (sku: unknown) => PRODUCTS.find((p) => p.sku === sku) ?? null;
const item = (ref: { id?: unknown }) => ITEMS.find((i) => i.id === ref.id) ?? null;

export const catalog: SubgraphFixture = {
  name: 'catalog',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.6",
      import: ["@key", "@shareable", "@inaccessible"])

    type Query {
      products: [Product]
      productGrid: [[Product]]
      items: [Item!]!
      "The same items where a null item is allowed: a field nulled under a fragment nulls only its item."
      itemShelf: [Item]
      warehouseNote: String @inaccessible
    }

    type Product @key(fields: "upc") @key(fields: "sku") {
      upc: ID!
      sku: String! @inaccessible
      name: String! @shareable
      price(currency: String!): Int!
      weight: Int! @inaccessible
      dimensions: Dimensions!
      rating: Float
      audit: AuditTrail @inaccessible
    }

    type Dimensions @shareable {
      size(unit: String!): Int!
    }

    type AuditTrail @inaccessible {
      checkedBy: String!
    }

    interface Item @key(fields: "id") {
      id: ID!
      title: String!
    }

    type Book implements Item @key(fields: "id") {
      id: ID!
      title: String!
      author: String!
    }

    type Film implements Item @key(fields: "id") {
      id: ID!
      title: String!
      director: String!
    }
  `,
  resolvers: {
    Query: {
      products: () => [p1, null, p2],
      productGrid: () => [[p1, p2], null, [p3, null, p1]],
      items: () => ITEMS,
      itemShelf: () => ITEMS,
      warehouseNote: () => 'aisle 4',
    },
    Product: {
      __resolveReference: (ref: { upc?: unknown; sku?: unknown }) => (ref.upc ? byUpc(ref.upc) : bySku(ref.sku)),
      price: (p: Product, args: { currency: string }) => {
        if (args.currency === 'USD') return p.usd;
        if (args.currency === 'RWF') return p.usd * RWF_PER_USD;
        throw new Error(`no rate for ${args.currency}`);
      },
      dimensions: (p: Product) => ({ cm: p.size }),
      rating: () => -1,
      audit: () => ({ checkedBy: 'catalog clerk' }),
    },
    Dimensions: {
      size: (d: { cm: number }, args: { unit: string }) => (args.unit === 'cm' ? d.cm : Math.round(d.cm / 2.54)),
    },
    Item: {
      __resolveReference: (ref: { id?: unknown }) => item(ref),
      __resolveType: (i: Item) => i.__typename,
    },
    Book: { __resolveReference: (ref: { id?: unknown }) => item(ref) },
    Film: { __resolveReference: (ref: { id?: unknown }) => item(ref) },
  },
};
