import { buildSchema, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { requiredScopes, satisfies } from '../../../services/shared/scopes.js';

// The one answer to "does the caller satisfy @requiresScopes?", which the gateway, the subgraphs' guards and the
// access log all use.

describe('satisfies', () => {
  const held = new Set(['case:read', 'medical:read']);
  it.each<[string, string[][], boolean]>([
    ['every scope of the one alternative', [['case:read', 'medical:read']], true],
    ['one scope of an alternative missing', [['case:read', 'police:read']], false],
    ['the second alternative held', [['audit:read'], ['medical:read']], true],
    ['no alternative at all: nobody', [], false],
  ])('%s', (_what, anyOf, expected) => {
    expect(satisfies(held, anyOf)).toBe(expected);
  });

  it('a caller holding nothing satisfies no scope rule', () => {
    expect(satisfies(new Set(), [['case:read']])).toBe(false);
  });
});

describe('requiredScopes reads the directive as GraphQL coerces its argument', () => {
  const schema = buildSchema(`
    directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION
    type Query {
      open: String
      lists: String @requiresScopes(scopes: [["a", "b"], ["c"]])
      single: String @requiresScopes(scopes: "a")
      flat: String @requiresScopes(scopes: ["a", "b"])
    }
  `);
  const query = schema.getQueryType();
  const field = (name: string) => (isObjectType(query) ? query.getFields()[name] : undefined);

  it.each<[string, string[][] | null]>([
    ['open', null],
    ['lists', [['a', 'b'], ['c']]],
    ['single', [['a']]],
    ['flat', [['a'], ['b']]],
  ])('%s', (name, expected) => {
    const f = field(name);
    expect(f && requiredScopes(f)).toEqual(expected);
  });

  it('an alternative that is not a list of names can be satisfied by nobody', () => {
    const odd = buildSchema(`
      directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION
      type Query { odd: String @requiresScopes(scopes: [[1]]) }
    `);
    const q = odd.getQueryType();
    const f = isObjectType(q) ? q.getFields().odd : undefined;
    const anyOf = f ? requiredScopes(f) : null;
    expect(anyOf).not.toBeNull();
    expect(satisfies(new Set(['a', 'b', '1']), anyOf ?? [])).toBe(false);
  });
});
