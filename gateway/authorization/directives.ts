import { type ConstDirectiveNode, type DocumentNode, type GraphQLField, type GraphQLNamedType, Kind } from 'graphql';
import { alternatives } from '../../services/shared/scopes.js';

// Which directives carry authorization in a given supergraph. The federation specs are linked with @link and may be
// renamed with `as:` (an Apollo Router advisory, GHSA-g8jh-vg5j-4h3f, was about exactly this): a gateway that looked
// only for the default names would let a renamed `@requiresScopes` protect nothing. Names are read from the links.

export interface AuthDirectiveNames {
  authenticated: string;
  requiresScopes: string;
  policy: string;
}

const SPECS = [
  ['authenticated', 'https://specs.apollo.dev/authenticated/'],
  ['requiresScopes', 'https://specs.apollo.dev/requiresScopes/'],
  ['policy', 'https://specs.apollo.dev/policy/'],
] as const;

export function authDirectiveNames(supergraph: DocumentNode): AuthDirectiveNames {
  const names: AuthDirectiveNames = {
    authenticated: 'authenticated',
    requiresScopes: 'requiresScopes',
    policy: 'policy',
  };
  for (const def of supergraph.definitions) {
    if (def.kind !== Kind.SCHEMA_DEFINITION && def.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const dir of def.directives ?? []) {
      if (dir.name.value !== 'link') continue;
      const arg = (n: string) => dir.arguments?.find((a) => a.name.value === n)?.value;
      const url = arg('url');
      if (url?.kind !== Kind.STRING) continue;
      for (const [key, prefix] of SPECS) {
        if (!url.value.startsWith(prefix)) continue;
        // The spec's directive carries the spec's name: renamed by `as:` on the link, or by an import `{ name, as }`.
        const as = arg('as');
        if (as?.kind === Kind.STRING) names[key] = as.value.replace(/^@/, '');
        const imports = arg('import');
        if (imports?.kind === Kind.LIST) {
          for (const item of imports.values) {
            if (item.kind !== Kind.OBJECT) continue;
            const field = (n: string) => item.fields.find((f) => f.name.value === n)?.value;
            const name = field('name');
            const alias = field('as');
            if (name?.kind === Kind.STRING && alias?.kind === Kind.STRING && name.value === `@${key}`) {
              names[key] = alias.value.replace(/^@/, '');
            }
          }
        }
      }
    }
  }
  return names;
}

/** One rule a caller must satisfy. Scope and policy rules are OR over AND groups, as in the federation spec. */
export type Rule =
  { kind: 'authenticated' } | { kind: 'scopes'; anyOf: string[][] } | { kind: 'policy'; anyOf: string[][] };

function rulesOf(directives: readonly ConstDirectiveNode[] | undefined, names: AuthDirectiveNames): Rule[] {
  const rules: Rule[] = [];
  for (const d of directives ?? []) {
    if (d.name.value === names.authenticated) rules.push({ kind: 'authenticated' });
    else if (d.name.value === names.requiresScopes) rules.push({ kind: 'scopes', anyOf: alternatives(d, 'scopes') });
    else if (d.name.value === names.policy) rules.push({ kind: 'policy', anyOf: alternatives(d, 'policies') });
  }
  return rules;
}

function astDirectives(node: {
  astNode?: { directives?: readonly ConstDirectiveNode[] } | null;
  extensionASTNodes?: readonly { directives?: readonly ConstDirectiveNode[] }[];
}): ConstDirectiveNode[] {
  return [...(node.astNode?.directives ?? []), ...(node.extensionASTNodes ?? []).flatMap((e) => e.directives ?? [])];
}

/** Rules on a type (object, interface, scalar, enum): they protect every field that returns it. */
export function typeRules(type: GraphQLNamedType, names: AuthDirectiveNames): Rule[] {
  return rulesOf(astDirectives({ astNode: type.astNode, extensionASTNodes: type.extensionASTNodes }), names);
}

/** Rules on a field definition itself. */
export function fieldRules(field: GraphQLField<unknown, unknown>, names: AuthDirectiveNames): Rule[] {
  return rulesOf(field.astNode?.directives, names);
}
