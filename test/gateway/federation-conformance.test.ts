import { beforeAll, describe, expect, it } from 'vitest';
import { internalError, unauthorized, validationFailed, withoutLocations } from '../helpers/errors.js';
import { type ConformanceHub, FIXTURES, startConformanceHub } from '../helpers/federation/conformance-hub.js';
import { testPlanner } from '../helpers/stack.js';

// The federation features the hub and its partners' subgraphs rely on, answered through the hub's gateway with all
// its plugins, on the planner GATEWAY_PLANNER names: six small subgraphs (test/helpers/federation/) that know nothing
// of the hub. Each test asserts the whole answer and which subgraph was asked what (`calls`: a request's root fields,
// `_entities(n)` for an entity fetch of n representations), so a plan that asks the wrong subgraph, asks twice, or
// drops an argument fails.

let hub: ConformanceHub;
/** Signed in, without `stats:read`: every field without an auth directive must answer for them. */
let signedIn: string;
/** Signed in with `stats:read`. */
let analyst: string;

beforeAll(async () => {
  hub = await startConformanceHub();
  signedIn = await hub.token('case-manager');
  analyst = await hub.token('analyst');
});

/** Ask as `token`, with the calls counted from nothing; errors without their source locations. */
async function ask(query: string, token: string = signedIn) {
  hub.resetCalls();
  const res = await hub.query(token, query);
  return { status: res.status, body: withoutLocations(res.body), calls: hub.calls() };
}

/** The calls of every subgraph: those given, none for the others. */
const calls = (some: Record<string, string[]>): Record<string, string[]> =>
  Object.fromEntries(FIXTURES.map((f) => [f.name, some[f.name] ?? []]));

describe('@requires', () => {
  it('without arguments: the hidden weight is fetched from the catalog and handed to shipping, one batch', async () => {
    expect(await ask('{ products { upc shippingEstimate } }')).toEqual({
      status: 200,
      body: { data: { products: [{ upc: 'p1', shippingEstimate: 1000 }, null, { upc: 'p2', shippingEstimate: 500 }] } },
      calls: calls({ catalog: ['products'], shipping: ['_entities(2)'] }),
    });
  });

  it('on a field with an argument: price(currency: "RWF") is required while the client asks price in USD', async () => {
    expect(await ask('{ products { price(currency: "USD") dutyRwf } }')).toEqual({
      status: 200,
      body: { data: { products: [{ price: 10, dutyRwf: 2520 }, null, { price: 25, dutyRwf: 6300 }] } },
      calls: calls({ catalog: ['products'], shipping: ['_entities(2)'] }),
    });
  });

  it('on an object whose field takes an argument: dimensions { size(unit: "cm") }', async () => {
    expect(await ask('{ products { packaging } }')).toEqual({
      status: 200,
      body: { data: { products: [{ packaging: 'box of 30 cm' }, null, { packaging: 'box of 20 cm' }] } },
      calls: calls({ catalog: ['products'], shipping: ['_entities(2)'] }),
    });
  });

  it('on an object whose field takes an argument, beside the same field with another argument: refused, unplanned', async () => {
    // The client asks the size in inches where shipping requires it in centimetres. The Rust planner
    // (@graphql-hive/router-runtime 1.4.23, router-query-planner 0.0.38) fetches both from the catalog, its own under
    // an alias of its making, then builds the representation from the client's `dimensions { size }`: shipping was
    // handed inches as centimetres (12 and 8 for 30 and 20) and answered wrongly, without any error. The JavaScript
    // planner answered rightly. The gateway refuses the document before planning, on both planners, and says how to
    // ask instead (gateway/authorization/requires-arguments.ts): no subgraph is asked.
    expect(await ask('{ products { packaging dimensions { size(unit: "in") } } }')).toEqual({
      status: 200,
      body: {
        errors: [
          validationFailed(
            'Dimensions.size is required with other arguments by Product.packaging (unit: "cm"); give this selection an alias of its own',
          ),
        ],
      },
      calls: calls({}),
    });
    // Through a fragment and a variable: the same refusal (a variable is compared as written, so even one that holds
    // "cm" is refused: a refusal too many rather than a wrong answer).
    const viaFragment = await ask(
      'query ($u: String = "cm") { products { packaging dimensions { ...D } } } fragment D on Dimensions { size(unit: $u) }',
    );
    expect(viaFragment.body).toEqual({
      errors: [
        validationFailed(
          'Dimensions.size is required with other arguments by Product.packaging (unit: "cm"); give this selection an alias of its own',
        ),
      ],
    });
    expect(viaFragment.calls).toEqual(calls({}));
  });

  it('the same field with the required arguments, or without the field that requires it, is answered', async () => {
    expect(await ask('{ products { packaging dimensions { size(unit: "cm") } } }')).toEqual({
      status: 200,
      body: {
        data: {
          products: [
            { packaging: 'box of 30 cm', dimensions: { size: 30 } },
            null,
            { packaging: 'box of 20 cm', dimensions: { size: 20 } },
          ],
        },
      },
      calls: calls({ catalog: ['products'], shipping: ['_entities(2)'] }),
    });
    expect(await ask('{ products { dimensions { size(unit: "in") } } }')).toEqual({
      status: 200,
      body: { data: { products: [{ dimensions: { size: 12 } }, null, { dimensions: { size: 8 } }] } },
      calls: calls({ catalog: ['products'] }),
    });
  });

  it('the same, with the client aliasing its own field: right on both planners', async () => {
    expect(await ask('{ products { packaging dimensions { inches: size(unit: "in") } } }')).toEqual({
      status: 200,
      body: {
        data: {
          products: [
            { packaging: 'box of 30 cm', dimensions: { inches: 12 } },
            null,
            { packaging: 'box of 20 cm', dimensions: { inches: 8 } },
          ],
        },
      },
      calls: calls({ catalog: ['products'], shipping: ['_entities(2)'] }),
    });
  });
});

describe('@provides', () => {
  it("a review's product name comes with the review: the catalog is not asked", async () => {
    expect(await ask('{ latestReviews { body product { name } } }')).toEqual({
      status: 200,
      body: {
        data: {
          latestReviews: [
            { body: 'Tightly woven', product: { name: 'Agaseke basket' } },
            { body: 'Bright colours', product: { name: 'Igitenge cloth' } },
            { body: 'Holds its shape', product: { name: 'Agaseke basket' } },
          ],
        },
      },
      calls: calls({ reviews: ['latestReviews'] }),
    });
  });

  it('a field it does not provide is fetched from the catalog, once for all the reviews', async () => {
    expect(await ask('{ latestReviews { product { name price(currency: "USD") } } }')).toEqual({
      status: 200,
      body: {
        data: {
          latestReviews: [
            { product: { name: 'Agaseke basket', price: 10 } },
            { product: { name: 'Igitenge cloth', price: 40 } },
            { product: { name: 'Agaseke basket', price: 10 } },
          ],
        },
      },
      calls: calls({ reviews: ['latestReviews'], catalog: ['_entities(2)'] }),
    });
  });
});

describe('@override(from:)', () => {
  it("the rating is the reviews subgraph's: the catalog's stale one (-1) is never asked for", async () => {
    expect(await ask('{ products { name rating } }')).toEqual({
      status: 200,
      body: {
        data: { products: [{ name: 'Agaseke basket', rating: 4.5 }, null, { name: 'Imigongo panel', rating: 3 }] },
      },
      calls: calls({ catalog: ['products'], reviews: ['_entities(2)'] }),
    });
  });
});

describe('@inaccessible', () => {
  it('a hidden field, root field or type cannot be asked for: a validation error, no subgraph called', async () => {
    for (const [query, message] of [
      ['{ products { sku } }', 'Cannot query field "sku" on type "Product".'],
      ['{ products { weight } }', 'Cannot query field "weight" on type "Product".'],
      ['{ warehouseNote }', 'Cannot query field "warehouseNote" on type "Query".'],
      ['{ products { audit { checkedBy } } }', 'Cannot query field "audit" on type "Product".'],
    ] as const)
      expect(await ask(query)).toEqual({
        // A validation error, answered as GraphQL-over-HTTP says for an application/json client (200).
        status: 200,
        body: { errors: [validationFailed(message)] },
        calls: calls({}),
      });
  });

  it('introspection does not show them', async () => {
    const res = await ask(`{
      product: __type(name: "Product") { fields { name } }
      query: __type(name: "Query") { fields { name } }
      audit: __type(name: "AuditTrail") { name }
    }`);
    type Fields = { fields: { name: string }[] };
    const data = res.body.data as { product: Fields; query: Fields; audit: unknown };
    // The planners list the fields in different orders; the order is not what is tested.
    const names = (t: Fields) => t.fields.map((f) => f.name).toSorted();
    expect({ ...res, body: { product: names(data.product), query: names(data.query), audit: data.audit } }).toEqual({
      status: 200,
      body: {
        product: [
          'dimensions',
          'dutyRwf',
          'name',
          'packaging',
          'price',
          'rating',
          'reviews',
          'salesFigures',
          'shippingEstimate',
          'stock',
          'upc',
        ],
        query: [
          'featured',
          'itemShelf',
          'items',
          'latestReviews',
          'playlist',
          'productGrid',
          'products',
          'screenings',
          'shelf',
          'topItems',
        ],
        audit: null,
      },
      calls: calls({}),
    });
  });

  it('the planner still uses a hidden field as a key: the inventory knows products by their hidden sku', async () => {
    expect(await ask('{ products { name stock } }')).toEqual({
      status: 200,
      body: { data: { products: [{ name: 'Agaseke basket', stock: 12 }, null, { name: 'Imigongo panel', stock: 0 }] } },
      calls: calls({ catalog: ['products'], inventory: ['_entities(2)'] }),
    });
  });
});

describe('interfaces', () => {
  it('an entity interface, its implementations completed by another subgraph, through fragments', async () => {
    expect(
      await ask('{ items { __typename id title ... on Book { author pages } ... on Film { director runtime } } }'),
    ).toEqual({
      status: 200,
      body: {
        data: {
          items: [
            { __typename: 'Book', id: 'i1', title: 'Kinyarwanda grammar', author: 'A. Kagame', pages: 212 },
            { __typename: 'Film', id: 'i2', title: 'Sometimes in April', director: 'R. Peck', runtime: 140 },
            { __typename: 'Book', id: 'i3', title: 'Umurage', author: 'M. Uwase', pages: 96 },
          ],
        },
      },
      // One request to the inventory either way: the JavaScript planner puts one `_entities` per implementation in it.
      calls: calls({
        catalog: ['items'],
        inventory: [testPlanner === 'js' ? '_entities(2) _entities(1)' : '_entities(3)'],
      }),
    });
  });

  it('a fragment on one implementation only: the other subgraph is asked about that kind alone', async () => {
    expect(await ask('{ items { title ... on Film { runtime } } }')).toEqual({
      status: 200,
      body: {
        data: {
          items: [
            { title: 'Kinyarwanda grammar' },
            { title: 'Sometimes in April', runtime: 140 },
            { title: 'Umurage' },
          ],
        },
      },
      calls: calls({ catalog: ['items'], inventory: ['_entities(1)'] }),
    });
  });
});

describe('@interfaceObject', () => {
  // DEVIATION, JavaScript planner (@graphql-tools/federation 4.5.2 in the gateway runtime): a field the reviews
  // subgraph adds to `Item` through @interfaceObject, asked of items that come from the catalog, is never fetched
  // (the reviews subgraph is not called); the non-null `score` is then null, which nulls the whole answer, with an
  // internal error ("Cannot return null for non-nullable field Book.score.", masked by the hub). The other direction,
  // items listed by the reviews subgraph and completed by the catalog (next test), works on both planners. The Rust
  // planner, the hub's default, answers rightly.
  it("the reviews subgraph's score reaches every implementation, asked as the interface and under a fragment", async () => {
    expect(await ask('{ items { id score ... on Film { title score } } }')).toEqual(
      testPlanner === 'js'
        ? {
            status: 200,
            body: { data: null, errors: [internalError(['items', 0, 'score'])] },
            calls: calls({ catalog: ['items'] }),
          }
        : {
            status: 200,
            body: {
              data: {
                items: [
                  { id: 'i1', score: 7 },
                  { id: 'i2', score: 9, title: 'Sometimes in April' },
                  { id: 'i3', score: 4 },
                ],
              },
            },
            // One request; in it the Rust planner asks the film's score again, apart, for the `... on Film` fragment.
            calls: calls({ catalog: ['items'], reviews: ['_entities(1) _entities(3)'] }),
          },
    );
  });

  it('with fields of a third subgraph beside it, through fragments', async () => {
    expect(await ask('{ items { __typename score ... on Book { pages } ... on Film { runtime } } }')).toEqual(
      testPlanner === 'js'
        ? {
            status: 200,
            body: { data: null, errors: [internalError(['items', 0, 'score'])] },
            calls: calls({ catalog: ['items'], inventory: ['_entities(2) _entities(1)'] }),
          }
        : {
            status: 200,
            body: {
              data: {
                items: [
                  { __typename: 'Book', score: 7, pages: 212 },
                  { __typename: 'Film', score: 9, runtime: 140 },
                  { __typename: 'Book', score: 4, pages: 96 },
                ],
              },
            },
            calls: calls({ catalog: ['items'], reviews: ['_entities(3)'], inventory: ['_entities(3)'] }),
          },
    );
  });

  it('items the reviews subgraph knows by id alone: their kind and fields come from the catalog', async () => {
    expect(
      await ask('{ topItems { __typename id score title ... on Film { director } ... on Book { author } } }'),
    ).toEqual({
      status: 200,
      body: {
        data: {
          topItems: [
            { __typename: 'Film', id: 'i2', score: 9, title: 'Sometimes in April', director: 'R. Peck' },
            { __typename: 'Book', id: 'i1', score: 7, title: 'Kinyarwanda grammar', author: 'A. Kagame' },
          ],
        },
      },
      calls: calls({ reviews: ['topItems'], catalog: ['_entities(2)'] }),
    });
  });
});

describe('unions, each subgraph knowing part of one', () => {
  const ALL =
    '__typename ... on Poem { title recitedBy screenedIn } ... on Song { title artist } ... on Movie { title year }';
  const poem = {
    __typename: 'Poem',
    title: 'Rwanda nziza',
    recitedBy: 'the music subgraph',
    screenedIn: 'the cinema subgraph',
  };

  it('a member the answer is not: an empty object', async () => {
    const res = await ask('{ featured { ... on Movie { title } } }');
    expect({ ...res, calls: undefined }).toEqual({ status: 200, body: { data: { featured: {} } }, calls: undefined });
    // Asked of music or of cinema (both resolve it), once.
    expect(Object.values(res.calls).flat()).toEqual(['featured']);
  });

  it("every member asked: the shared member's fields from both subgraphs", async () => {
    // Both planners ask each subgraph its own `featured`, each for the fields it knows, rather than one of them and
    // then the other's `_entities`: as many calls, and right.
    expect(await ask(`{ featured { ${ALL} } }`)).toEqual({
      status: 200,
      body: { data: { featured: poem } },
      calls: calls({ music: ['featured'], cinema: ['featured'] }),
    });
  });

  it('a list from music: a member cinema does not know, a null, and the shared member cinema completes', async () => {
    expect(await ask(`{ playlist { ${ALL} } }`)).toEqual({
      status: 200,
      body: { data: { playlist: [{ __typename: 'Song', title: 'Urukundo', artist: 'Meddy' }, null, poem] } },
      calls: calls({ music: ['playlist'], cinema: ['_entities(1)'] }),
    });
  });

  it('a list from cinema, fragments on members it does not know among them', async () => {
    expect(
      await ask('{ screenings { ... on Song { artist } ... on Movie { title year } ... on Poem { recitedBy } } }'),
    ).toEqual({
      status: 200,
      body: { data: { screenings: [{ title: 'Munyurangabo', year: 2007 }, { recitedBy: 'the music subgraph' }] } },
      calls: calls({ cinema: ['screenings'], music: ['_entities(1)'] }),
    });
  });

  it('inside an object both subgraphs resolve, in fields each knows and in a field of one only', async () => {
    expect(
      await ask(`{ shelf {
        pick { ${ALL} }
        tune { ... on Movie { year } ... on Song { artist } }
        reel { __typename ... on Song { artist } ... on Movie { title } }
      } }`),
    ).toEqual({
      status: 200,
      body: {
        data: {
          shelf: {
            pick: poem,
            tune: { artist: 'Meddy' },
            reel: { __typename: 'Movie', title: 'Munyurangabo' },
          },
        },
      },
      calls: calls({ music: ['shelf'], cinema: ['shelf'] }),
    });
  });
});

describe('entities in lists', () => {
  it('a list inside a list, with nulls at both levels: one batched call per subgraph', async () => {
    // Four products, p1 twice: both planners send p1's representation once.
    const p1 = { name: 'Agaseke basket', stock: 12, rating: 4.5, shippingEstimate: 1000 };
    const p2 = { name: 'Imigongo panel', stock: 0, rating: 3, shippingEstimate: 500 };
    const p3 = { name: 'Igitenge cloth', stock: 7, rating: 5, shippingEstimate: 2500 };
    expect(await ask('{ productGrid { name stock rating shippingEstimate } }')).toEqual({
      status: 200,
      body: { data: { productGrid: [[p1, p2], null, [p3, null, p1]] } },
      calls: calls({
        catalog: ['productGrid'],
        inventory: ['_entities(3)'],
        reviews: ['_entities(3)'],
        shipping: ['_entities(3)'],
      }),
    });
  });

  it('three levels of entities under the lists: one call per subgraph per level', async () => {
    const basket = { body: 'Tightly woven', product: { stock: 12 } };
    const shape = { body: 'Holds its shape', product: { stock: 12 } };
    const p1 = { upc: 'p1', reviews: [basket, shape] };
    expect(await ask('{ productGrid { upc reviews { body product { stock } } } }')).toEqual({
      status: 200,
      body: {
        data: {
          productGrid: [
            [p1, { upc: 'p2', reviews: [] }],
            null,
            [{ upc: 'p3', reviews: [{ body: 'Bright colours', product: { stock: 7 } }] }, null, p1],
          ],
        },
      },
      calls: calls({
        catalog: ['productGrid', '_entities(2)'],
        reviews: ['_entities(3)'],
        inventory: ['_entities(2)'],
      }),
    });
  });
});

describe('the field filter on these shapes', () => {
  it('a scoped field inside a list of lists: removed for a caller without the scope, inventory not asked', async () => {
    expect(await ask('{ productGrid { name salesFigures } }')).toEqual({
      status: 200,
      body: {
        data: {
          productGrid: [
            [
              { name: 'Agaseke basket', salesFigures: null },
              { name: 'Imigongo panel', salesFigures: null },
            ],
            null,
            [{ name: 'Igitenge cloth', salesFigures: null }, null, { name: 'Agaseke basket', salesFigures: null }],
          ],
        },
        errors: [unauthorized(['productGrid', '@', '@', 'salesFigures'])],
      },
      calls: calls({ catalog: ['productGrid'] }),
    });
  });

  it('the same for a caller with the scope: answered, one batch', async () => {
    expect(await ask('{ productGrid { name salesFigures } }', analyst)).toEqual({
      status: 200,
      body: {
        data: {
          productGrid: [
            [
              { name: 'Agaseke basket', salesFigures: 340 },
              { name: 'Imigongo panel', salesFigures: 25 },
            ],
            null,
            [{ name: 'Igitenge cloth', salesFigures: 118 }, null, { name: 'Agaseke basket', salesFigures: 340 }],
          ],
        },
      },
      calls: calls({ catalog: ['productGrid'], inventory: ['_entities(3)'] }),
    });
  });

  it('a scoped field of one implementation, under the interface: removed, the rest answered', async () => {
    // The removed field comes back null on the film only: the books were not asked for a budget (the fragment is on
    // Film). The filter asks each item's type under a key of its own to tell them apart, and takes it off the answer.
    expect(await ask('{ items { title ... on Film { runtime budget } } }')).toEqual({
      status: 200,
      body: {
        data: {
          items: [
            { title: 'Kinyarwanda grammar' },
            { title: 'Sometimes in April', runtime: 140, budget: null },
            { title: 'Umurage' },
          ],
        },
        errors: [unauthorized(['items', '@', 'budget'])],
      },
      calls: calls({ catalog: ['items'], inventory: ['_entities(1)'] }),
    });
    expect(await ask('{ items { title ... on Film { runtime budget } } }', analyst)).toEqual({
      status: 200,
      body: {
        data: {
          items: [
            { title: 'Kinyarwanda grammar' },
            { title: 'Sometimes in April', runtime: 140, budget: 5_000_000 },
            { title: 'Umurage' },
          ],
        },
      },
      calls: calls({ catalog: ['items'], inventory: ['_entities(1)'] }),
    });
  });
  it('a scoped non-null field of one implementation nulls only the items of that type, in a list of nullable items', async () => {
    // GraphQL's null propagation: the film's non-null boxOffice is refused, so the film becomes null, and the list
    // (whose items may be null) stops it there. The books keep their answers; a client that asked no `__typename`
    // gets none.
    expect(await ask('{ itemShelf { title ... on Film { boxOffice } } }')).toEqual({
      status: 200,
      body: {
        data: { itemShelf: [{ title: 'Kinyarwanda grammar' }, null, { title: 'Umurage' }] },
        errors: [unauthorized(['itemShelf', '@', 'boxOffice'])],
      },
      calls: calls({ catalog: ['itemShelf'] }),
    });
    expect(await ask('{ itemShelf { __typename title ... on Film { boxOffice } } }', analyst)).toEqual({
      status: 200,
      body: {
        data: {
          itemShelf: [
            { __typename: 'Book', title: 'Kinyarwanda grammar' },
            { __typename: 'Film', title: 'Sometimes in April', boxOffice: 9_000_000 },
            { __typename: 'Book', title: 'Umurage' },
          ],
        },
      },
      calls: calls({ catalog: ['itemShelf'], inventory: ['_entities(1)'] }),
    });
  });

  it('the same in a list of non-null items: the null reaches the nullable field above, as GraphQL answers', async () => {
    expect(await ask('{ items { title ... on Film { boxOffice } } }')).toEqual({
      status: 200,
      body: { data: null, errors: [unauthorized(['items', '@', 'boxOffice'])] },
      calls: calls({ catalog: ['items'] }),
    });
  });
});

describe('upstream signing', () => {
  it("every subgraph request of this file carried the gateway's signature for its subgraph", () => {
    // Runs last: the file's requests, on every shape above, were all signed (the test subgraphs answer regardless).
    const { verified, problems } = hub.signatures();
    expect({ problems, checked: verified > 0 }).toEqual({ problems: [], checked: true });
  });
});
