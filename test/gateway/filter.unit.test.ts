import { buildASTSchema, NoUnusedVariablesRule, parse, print, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { authDirectiveNames, type Rule } from '../../gateway/authorization/directives.js';
import { filterOperation, selectOperation } from '../../gateway/authorization/filter.js';
import { coerceVariables } from '../../gateway/authorization/variables.js';
import { restoreRemovedFields } from '../../gateway/authorization/response.js';

// The filter on supergraphs other than the hub's own: the gateway must serve any Federation 2 supergraph, including
// ones that rename the auth directives through @link (Apollo Router advisory GHSA-g8jh-vg5j-4h3f).

const supergraph = (links: string, body: string) =>
  parse(`schema ${links} { query: Query }
    directive @link(url: String, as: String, for: String, import: [link__Import]) repeatable on SCHEMA
    scalar link__Import
    ${body}`);

function run(
  doc: ReturnType<typeof parse>,
  query: string,
  allows: (r: Rule) => boolean,
  raw: Record<string, unknown> = {},
) {
  const schema = buildASTSchema(doc, { assumeValid: true, assumeValidSDL: true });
  const document = parse(query);
  const coerced = coerceVariables(schema, selectOperation(document)!, raw);
  if ('errors' in coerced) throw new Error(coerced.errors.map((e) => e.message).join('; '));
  return filterOperation({ schema, document, variables: coerced.values, names: authDirectiveNames(doc), allows });
}
const anonymous = () => false;
const scopes =
  (...granted: string[]) =>
  (r: Rule) =>
    r.kind === 'authenticated' || (r.kind === 'scopes' && r.anyOf.some((all) => all.every((s) => granted.includes(s))));

describe('directive names come from the supergraph links', () => {
  it('a link renamed with `as:` protects under its new name, and the default name means nothing', () => {
    const doc = supergraph(
      '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", as: "scopes", for: SECURITY)',
      `directive @scopes(scopes: [[String!]!]!) on FIELD_DEFINITION
       directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION
       type Query { secret: String @scopes(scopes: [["pii"]]) notProtected: String @requiresScopes(scopes: [["pii"]]) }`,
    );
    const r = run(doc, '{ secret notProtected }', scopes());
    expect(r.removed.filter((x) => x.reported).map((x) => x.errorPath)).toEqual([['secret']]);
  });

  it('an import renamed with { name, as } protects under the alias', () => {
    const doc = supergraph(
      '@link(url: "https://specs.apollo.dev/authenticated/v0.1", import: [{ name: "@authenticated", as: "@signedIn" }], for: SECURITY)',
      `directive @signedIn on FIELD_DEFINITION | OBJECT
       type Query { me: String @signedIn open: String }`,
    );
    expect(
      run(doc, '{ me open }', anonymous)
        .removed.filter((x) => x.reported)
        .map((x) => x.errorPath),
    ).toEqual([['me']]);
    expect(run(doc, '{ me open }', () => true).removed).toEqual([]);
  });
});

describe('rules', () => {
  const doc = supergraph(
    `@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)
     @link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)
     @link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY)`,
    `directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
     directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
     directive @policy(policies: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
     type Query { people: [Person!]! pets: [Pet] audit: String @policy(policies: [["auditor"]]) }
     type Person { name: String @requiresScopes(scopes: [["a", "b"], ["c"]]) file: File }
     type File @authenticated { notes: String }
     union Pet = Dog | Cat
     type Dog { name: String }
     type Cat @requiresScopes(scopes: [["cats"]]) { name: String }`,
  );

  it('scopes: any one of the groups, every scope of the group', () => {
    const q = '{ people { name } }';
    expect(
      run(doc, q, scopes('a'))
        .removed.filter((x) => x.reported)
        .map((x) => x.errorPath),
    ).toEqual([['people', '@', 'name']]);
    expect(run(doc, q, scopes('a', 'b')).removed).toEqual([]);
    expect(run(doc, q, scopes('c')).removed).toEqual([]);
  });

  it('a rule on a type protects every field that returns it', () => {
    expect(
      run(doc, '{ people { file { notes } } }', anonymous)
        .removed.filter((x) => x.reported)
        .map((x) => x.errorPath),
    ).toEqual([['people', '@', 'file']]);
  });

  it('a fragment on a protected type is removed whole, its error on the enclosing field', () => {
    const r = run(doc, '{ pets { ... on Dog { name } ... on Cat { name } } }', scopes());
    expect(r.removed.filter((x) => x.reported).map((x) => x.errorPath)).toEqual([['pets']]);
  });

  it('a policy the gateway does not know is denied', () => {
    const allowsKnownOnly = (rule: Rule) => rule.kind !== 'policy';
    expect(
      run(doc, '{ audit }', allowsKnownOnly)
        .removed.filter((x) => x.reported)
        .map((x) => x.errorPath),
    ).toEqual([['audit']]);
  });
});

describe('putting the nulls back', () => {
  const steps = (...s: [string, boolean, boolean[]][]) =>
    s.map(([key, nonNull, listItemsNonNull]) => ({ key, nonNull, listItemsNonNull }));

  it('nullable field: null in every list element, parents kept', () => {
    const data = { a: [{ b: 1 }, { b: 2 }, null] };
    expect(
      restoreRemovedFields(data, [
        { steps: steps(['a', false, [false]], ['c', false, []]), errorPath: [], reported: true },
      ]),
    ).toEqual({ a: [{ b: 1, c: null }, { b: 2, c: null }, null] });
  });

  it('non-null field in a list of nullable items: only that element becomes null', () => {
    const data = { a: [{ b: 1 }] };
    expect(
      restoreRemovedFields(data, [
        { steps: steps(['a', true, [false]], ['c', true, []]), errorPath: [], reported: true },
      ]),
    ).toEqual({ a: [null] });
  });

  it('non-null all the way up: data itself becomes null', () => {
    const data = { a: { b: 1 } };
    expect(
      restoreRemovedFields(data, [{ steps: steps(['a', true, []], ['c', true, []]), errorPath: [], reported: true }]),
    ).toBeNull();
  });

  it('a null parent stays null: no object is invented', () => {
    const data = { a: null };
    expect(
      restoreRemovedFields(data, [{ steps: steps(['a', false, []], ['c', false, []]), errorPath: [], reported: true }]),
    ).toEqual({ a: null });
  });
});

describe('hostile documents and @skip/@include', () => {
  const doc = supergraph(
    '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)',
    `directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
     type Query { case: Case open: String }
     type Case { number: String secret: String @requiresScopes(scopes: [["s"]]) must: String! @requiresScopes(scopes: [["s"]]) child: Case }`,
  );
  const schema = buildASTSchema(doc, { assumeValid: true, assumeValidSDL: true });
  // What the executor needs of a filtered document: everything but the rule about variables it no longer reads.
  const executable = (d: ReturnType<typeof parse>) =>
    validate(
      schema,
      d,
      specifiedRules.filter((r) => r !== NoUnusedVariablesRule),
    );

  it('fragments that each spread the next one twice are filtered once each: depth 40 in milliseconds, linear output', () => {
    const depth = 40;
    const fragments = Array.from({ length: depth }, (_, i) =>
      i === depth - 1
        ? `fragment F${i} on Case { number secret }`
        : `fragment F${i} on Case { ...F${i + 1} ...F${i + 1} }`,
    );
    const query = `{ case { ...F0 } } ${fragments.join(' ')}`;
    const started = performance.now();
    const r = run(doc, query, scopes());
    const ms = performance.now() - started;
    // Expanded, this document has 2^40 fields; filtered, every fragment keeps its definition and the one refused
    // field is reported once.
    expect(ms).toBeLessThan(1000);
    expect(r.removed.filter((x) => x.reported).map((x) => x.errorPath)).toEqual([['case', 'secret']]);
    expect(print(r.document!).length).toBeLessThan(query.length * 2);
    expect(executable(r.document!)).toEqual([]);
  });

  it('a default of true counts as true: `$v: Boolean = true` with no value sent is filtered and reported', () => {
    const r = run(doc, 'query($v: Boolean = true) { case { number secret @include(if: $v) } }', scopes());
    expect(r.removed.filter((x) => x.reported).map((x) => x.errorPath)).toEqual([['case', 'secret']]);
    expect(print(r.document!)).not.toContain('secret');
  });

  it('an unauthorized field under @skip is removed too, silently: no reading of the directives lets it through', () => {
    const r = run(doc, 'query($v: Boolean = false) { case { number secret @include(if: $v) } }', scopes());
    expect(r.removed).toEqual([]);
    expect(print(r.document!)).not.toContain('secret');
    expect(executable(r.document!)).toEqual([]);
  });

  it('a set left with only skipped selections still runs, as an empty object', () => {
    const r = run(doc, '{ open case { secret @skip(if: true) } }', scopes());
    expect(r.removed).toEqual([]);
    expect(print(r.document!).replace(/\s+/g, ' ')).toBe('{ open case { __typename @skip(if: true) } }');
    expect(executable(r.document!)).toEqual([]);
  });

  it('a removed non-null field nulls its nullable parent, which is not asked for at all', () => {
    const r = run(doc, '{ open case { number child { number must } } }', scopes());
    expect(r.removed.filter((x) => x.reported).map((x) => x.errorPath)).toEqual([['case', 'child', 'must']]);
    expect(print(r.document!).replace(/\s+/g, ' ')).toBe('{ open case { number } }');
    expect(restoreRemovedFields({ open: 'x', case: { number: '1' } }, r.removed)).toEqual({
      open: 'x',
      case: { number: '1', child: null },
    });
  });

  it('variables that do not coerce are refused before filtering', () => {
    const document = parse('query($v: Boolean!) { case { number @include(if: $v) } }');
    const coerced = coerceVariables(schema, selectOperation(document)!, { v: 'yes' });
    expect('errors' in coerced && coerced.errors.map((e) => e.message)).toEqual([
      'Variable "$v" got an invalid value at "v": must be a value of type Boolean',
    ]);
  });
});

describe('fields removed from a fragment on a narrower type', () => {
  const doc = supergraph(
    '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)',
    `directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION
     interface Media { id: ID! }
     type Book implements Media { id: ID! pages: Int }
     type Film implements Media { id: ID! budget: Int @requiresScopes(scopes: [["stats:read"]]) }
     type Query { media: [Media] }`,
  );
  const flat = (d: ReturnType<typeof parse> | null) => (d ? print(d).replace(/\s+/g, ' ') : null);

  it('asks each object its type under a key of its own, puts the null back on films only, and takes the key off', () => {
    const r = run(doc, '{ media { id ... on Film { budget } } }', scopes());
    expect(flat(r.document)).toBe('{ media { id __hubTypename: __typename } }');
    const data = {
      media: [
        { id: '1', __hubTypename: 'Book' },
        { id: '2', __hubTypename: 'Film' },
      ],
    };
    expect(restoreRemovedFields(data, r.removed, r.asksTypenames)).toEqual({
      media: [{ id: '1' }, { id: '2', budget: null }],
    });
  });

  it('a fragment left with nothing does not empty the object for the other types: books come back {}', () => {
    const r = run(doc, '{ media { ... on Film { budget } } }', scopes());
    expect(flat(r.document)).toBe('{ media { __typename @skip(if: true) __hubTypename: __typename } }');
    expect(
      restoreRemovedFields({ media: [{ __hubTypename: 'Book' }, { __hubTypename: 'Film' }] }, r.removed, true),
    ).toEqual({ media: [{}, { budget: null }] });
  });

  it('a skipped fragment or field asks no type: nothing is put back, and nothing of the filter reaches the answer', () => {
    for (const query of [
      '{ media { id ... on Film @skip(if: true) { budget } } }',
      '{ media { id ... on Film { budget @skip(if: true) } } }',
      'query ($v: Boolean = false) { media { id ... on Film @include(if: $v) { budget } } }',
      '{ media { id ...F @skip(if: true) } } fragment F on Film { budget }',
    ]) {
      const r = run(doc, query, scopes());
      expect({ query, removed: r.removed, asks: r.asksTypenames, printed: flat(r.document) }).toEqual({
        query,
        removed: [],
        asks: undefined,
        printed: expect.not.stringContaining('__hubTypename'),
      });
    }
  });
});
