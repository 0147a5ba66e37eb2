import {
  type FieldNode,
  getDirectiveValues,
  getNamedType,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLNamedType,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  isInterfaceType,
  isObjectType,
  Kind,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Caller } from '../caller.js';
import { requiredScopes, satisfies } from '../scopes.js';

const directive = (f: GraphQLField<unknown, unknown>, name: string) =>
  f.astNode?.directives?.find((d) => d.name.value === name);

function fieldsOf(type: GraphQLNamedType | undefined): Record<string, GraphQLField<unknown, unknown>> {
  return type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : {};
}

/** Whether the caller holds the scopes a field's `@requiresScopes` asks for (no directive: yes). */
function scopesAllow(f: GraphQLField<unknown, unknown>, p: Caller | undefined): boolean {
  const anyOf = requiredScopes(f);
  return !anyOf || !p || satisfies(p.scopes, anyOf);
}

/** Whether @skip/@include let a selection run with the request's variables: a skipped field was not shown. */
function runs(sel: SelectionNode, variables: Record<string, unknown>): boolean {
  if (!sel.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, sel, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, sel, variables)?.if !== false;
}

/** The field nodes named `name` in a selection set, through inline fragments and fragment spreads. */
function fieldNodes(info: GraphQLResolveInfo, set: SelectionSetNode | undefined, name: string): FieldNode[] {
  return (set?.selections ?? []).flatMap((sel): FieldNode[] => {
    if (!runs(sel, info.variableValues)) return [];
    if (sel.kind === Kind.FIELD) return sel.name.value === name ? [sel] : [];
    if (sel.kind === Kind.INLINE_FRAGMENT) return fieldNodes(info, sel.selectionSet, name);
    return fieldNodes(info, info.fragments[sel.name.value]?.selectionSet, name);
  });
}

/** Types whose reads are written by their own resolvers, with their own basis: the access log itself. */
const LOGGED_ON_THEIR_OWN = new Set(['AccessLog']);

/**
 * The fields a request was shown under the current field, as dotted paths ("survivor.identity.givenName"): what the
 * access log says was seen. `under` descends first (["nodes"] for a connection's cases); when nothing is selected
 * there, nothing was shown and the result is null. Left out: fields no client can see (@inaccessible, fetched by the
 * gateway's planner for another subgraph's rule) and fields the principal's scopes do not reach (refused, not shown).
 */
export function selectedFields(
  info: GraphQLResolveInfo,
  under: string[] = [],
  principal?: Caller,
  /** For an entity reference: the entity's type, so that fragments on the batch's other types are not counted. */
  onType?: string,
): string[] | null {
  const out = new Set<string>();
  const walk = (
    set: SelectionSetNode | undefined,
    type: GraphQLNamedType | undefined,
    prefix: string,
    depth: number,
  ) => {
    for (const sel of set?.selections ?? []) {
      if (!runs(sel, info.variableValues)) continue; // not run, so not shown
      if (sel.kind === Kind.INLINE_FRAGMENT || sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = sel.kind === Kind.FRAGMENT_SPREAD ? info.fragments[sel.name.value] : sel;
        const on = frag?.typeCondition ? (info.schema.getType(frag.typeCondition.name.value) ?? type) : type;
        // A fragment on another object type than the one at hand selects nothing of it.
        if (on && type && on !== type && isObjectType(on) && isObjectType(type)) continue;
        walk(frag?.selectionSet, on, prefix, depth);
      } else if (!sel.name.value.startsWith('__')) {
        const def = fieldsOf(type)[sel.name.value];
        if (def && (directive(def, 'inaccessible') || !scopesAllow(def, principal))) continue;
        if (def && LOGGED_ON_THEIR_OWN.has(getNamedType(def.type).name)) continue;
        const path = prefix ? `${prefix}.${sel.name.value}` : sel.name.value;
        if (sel.selectionSet && depth < 6)
          walk(sel.selectionSet, def ? getNamedType(def.type) : undefined, path, depth + 1);
        else out.add(path);
      }
    }
  };
  const start = (onType ? info.schema.getType(onType) : undefined) ?? getNamedType(info.returnType);
  let level = info.fieldNodes.map((node) => ({ set: node.selectionSet, type: start as GraphQLNamedType | undefined }));
  for (const name of under) {
    level = level.flatMap(({ set, type }) => {
      const def = fieldsOf(type)[name];
      return fieldNodes(info, set, name).map((x) => ({
        set: x.selectionSet,
        type: def ? getNamedType(def.type) : undefined,
      }));
    });
  }
  if (level.length === 0) return null;
  for (const { set, type } of level) walk(set, type, '', 0);
  return [...out].sort();
}
