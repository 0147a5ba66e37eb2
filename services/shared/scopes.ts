import { type ConstDirectiveNode, type GraphQLField, Kind, type ValueNode } from 'graphql';

// "Does the caller satisfy `@requiresScopes`?", answered once for the hub. The gateway's filter, the subgraphs'
// guards and entity references, and the access log's account of what a caller was shown all ask here, so that the
// four can never disagree on what a rule means.

/** The federation rule: the caller holds every scope of at least one alternative. No alternative: nobody. */
export function satisfies(held: ReadonlySet<string>, anyOf: readonly (readonly string[])[]): boolean {
  return anyOf.some((all) => all.every((s) => held.has(s)));
}

/** Nothing anybody holds: what an alternative written wrongly reads as, so that it refuses rather than allows. */
const UNSATISFIABLE = ['\u0000unsatisfiable'];

function alternative(value: ValueNode): string[] {
  if (value.kind === Kind.STRING) return [value.value]; // a lone string is a list of one, as GraphQL coerces it
  if (value.kind !== Kind.LIST) return UNSATISFIABLE;
  return value.values.every((v) => v.kind === Kind.STRING)
    ? value.values.map((v) => (v.kind === Kind.STRING ? v.value : ''))
    : UNSATISFIABLE;
}

/** A list of lists of strings, as a directive argument writes it, with GraphQL's coercion of single values. */
function listOfLists(value: ValueNode | undefined): string[][] {
  if (!value) return [];
  if (value.kind !== Kind.LIST) return [alternative(value)];
  return value.values.map(alternative);
}

/** The alternatives a rule directive lists in argument `arg` (`scopes` for @requiresScopes, `policies` for @policy). */
export function alternatives(d: ConstDirectiveNode, arg: string): string[][] {
  return listOfLists(d.arguments?.find((a) => a.name.value === arg)?.value);
}

/** The scope alternatives a field definition's `@requiresScopes` asks for; null when it has none. */
export function requiredScopes(field: GraphQLField<unknown, unknown>, name = 'requiresScopes'): string[][] | null {
  const d = field.astNode?.directives?.find((x) => x.name.value === name);
  return d ? alternatives(d, 'scopes') : null;
}
