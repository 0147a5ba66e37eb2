import { readFileSync } from 'node:fs';
import { buildASTSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { nestedRequiredArguments, requiredArgumentClashes } from '../../gateway/authorization/requires-arguments.js';

// What the gateway reads from a supergraph's @requires to refuse documents a planner would answer wrongly; the
// answers themselves are tested through the gateway in federation-conformance.test.ts.

const schemaOf = (sdl: string) => buildASTSchema(parse(sdl), { assumeValid: true, assumeValidSDL: true });

const SDL = `
  directive @join__field(graph: String, requires: String) repeatable on FIELD_DEFINITION
  type Query { products: [Product] }
  interface Measured { size(unit: String): Int }
  type Dimensions implements Measured { size(unit: String): Int depth(unit: String): Int }
  type Product {
    price(currency: String): Int
    dimensions: Dimensions
    duty: Int @join__field(graph: "shipping", requires: "price(currency: \\"RWF\\")")
    packaging: String @join__field(graph: "shipping", requires: "dimensions { size(unit: \\"cm\\") ... on Dimensions { depth(unit: \\"cm\\") } }")
    crate: String @join__field(graph: "shipping", requires: "dimensions { depth }")
  }
`;

describe('nested @requires with arguments', () => {
  it('the hub’s own supergraph has none: the check costs its documents nothing', () => {
    const sdl = readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
    expect(nestedRequiredArguments(schemaOf(sdl))).toEqual(new Map());
  });

  it('reads nested fields with arguments, through inline fragments, and leaves top-level ones out', () => {
    expect(nestedRequiredArguments(schemaOf(SDL))).toEqual(
      new Map([
        ['size', [{ type: 'Dimensions', requiredBy: 'Product.packaging', args: 'unit: "cm"' }]],
        [
          'depth',
          [
            { type: 'Dimensions', requiredBy: 'Product.packaging', args: 'unit: "cm"' },
            { type: 'Dimensions', requiredBy: 'Product.crate', args: '' },
          ],
        ],
      ]),
    );
  });

  it('refuses only an unaliased selection with other arguments, beside the field that requires it', () => {
    const schema = schemaOf(SDL);
    const required = nestedRequiredArguments(schema);
    const clashes = (q: string) => requiredArgumentClashes(schema, parse(q), required).map((e) => e.message);
    const message =
      'Dimensions.size is required with other arguments by Product.packaging (unit: "cm"); give this selection an alias of its own';
    expect(clashes('{ products { packaging dimensions { size(unit: "in") } } }')).toEqual([message]);
    expect(clashes('{ products { packaging dimensions { size } } }')).toEqual([message]);
    expect(clashes('{ products { packaging dimensions { size: size(unit: "in") } } }')).toEqual([message]);
    expect(clashes('{ products { packaging dimensions { inches: size(unit: "in") } } }')).toEqual([]);
    expect(clashes('{ products { packaging dimensions { size(unit: "cm") } } }')).toEqual([]);
    expect(clashes('{ products { dimensions { size(unit: "in") } } }')).toEqual([]);
    // Asked through an interface the type implements: the same field, the same clash.
    expect(clashes('{ products { packaging dimensions { ... on Measured { size(unit: "in") } } } }')).toEqual([
      'Measured.size is required with other arguments by Product.packaging (unit: "cm"); give this selection an alias of its own',
    ]);
    expect(clashes('{ products { duty price(currency: "USD") } }')).toEqual([]);
    // Required without arguments (its defaults): a client's explicit other arguments clash; none, or the same, do not.
    expect(clashes('{ products { crate dimensions { depth(unit: "in") } } }')).toEqual([
      'Dimensions.depth is required with other arguments by Product.crate (its defaults); give this selection an alias of its own',
    ]);
    expect(clashes('{ products { crate dimensions { depth } } }')).toEqual([]);
    // Two requiring fields asked together, each with its own arguments: whatever the client gives clashes with one.
    expect(clashes('{ products { crate packaging dimensions { depth } } }')).toEqual([
      'Dimensions.depth is required with other arguments by Product.packaging (unit: "cm"); give this selection an alias of its own',
    ]);
  });
});
