import {
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLField,
  type GraphQLOutputType, type GraphQLSchema, type InlineFragmentNode, isCompositeType, isListType, isNonNullType,
  Kind, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode, getNamedType, getOperationRootType,
} from 'graphql';
import { type AuthDirectiveNames, fieldRules, type Rule, typeRules } from './directives.js';

// The static layer of authorization, before planning: fields the caller may not see are removed from the operation,
// so no subgraph is ever asked for them, and each removal is remembered so that the response can carry a null and an
// error at that path, as Apollo Router answers.

/** One step of a response path: the response key, whether the field is non-null, and its list levels. */
export interface PathStep {
  key: string;
  nonNull: boolean;
  /** One entry per list level, outermost first: whether that level's items are non-null. */
  listItemsNonNull: boolean[];
}

export interface Removal {
  /** From the root field down to the removed field itself. */
  steps: PathStep[];
  /** The error path: response keys, with "@" for each list level crossed above the removed field. */
  errorPath: string[];
  /** False for a field removed only because nothing was left under it: it comes back null without an error. */
  reported: boolean;
}

export interface FilterResult {
  /** The operation without the removed fields; null when nothing is left to execute. */
  document: DocumentNode | null;
  removed: Removal[];
}

export type RuleCheck = (rule: Rule) => boolean;

/** @skip and @include, evaluated against the operation's variables. */
function included(sel: SelectionNode, variables: Record<string, unknown>): boolean {
  for (const d of sel.directives ?? []) {
    if (d.name.value !== 'skip' && d.name.value !== 'include') continue;
    const arg = d.arguments?.find((a) => a.name.value === 'if')?.value;
    const value = arg?.kind === Kind.BOOLEAN ? arg.value : arg?.kind === Kind.VARIABLE ? variables[arg.name.value] === true : false;
    if (d.name.value === 'skip' && value) return false;
    if (d.name.value === 'include' && !value) return false;
  }
  return true;
}

function stepOf(key: string, type: GraphQLOutputType): PathStep {
  const listItemsNonNull: boolean[] = [];
  const nonNull = isNonNullType(type);
  let t: GraphQLOutputType = nonNull ? type.ofType : type;
  while (isListType(t)) {
    const item = t.ofType as GraphQLOutputType;
    listItemsNonNull.push(isNonNullType(item));
    t = isNonNullType(item) ? item.ofType : item;
  }
  return { key, nonNull, listItemsNonNull };
}

function errorPathOf(steps: PathStep[]): string[] {
  return steps.flatMap((s, i) => (i === steps.length - 1 ? [s.key] : [s.key, ...s.listItemsNonNull.map(() => '@')]));
}

/** Replace fragment spreads by inline fragments, so every selection has exactly one path. */
function inlineFragments(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): SelectionSetNode {
  return {
    ...set,
    selections: set.selections.map((sel): SelectionNode => {
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(sel.name.value);
        if (!frag) return sel;
        return {
          kind: Kind.INLINE_FRAGMENT,
          typeCondition: frag.typeCondition,
          directives: sel.directives,
          selectionSet: inlineFragments(frag.selectionSet, fragments),
        } satisfies InlineFragmentNode;
      }
      if (sel.selectionSet) return { ...sel, selectionSet: inlineFragments(sel.selectionSet, fragments) };
      return sel;
    }),
  };
}

export function filterOperation(o: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  names: AuthDirectiveNames;
  allows: RuleCheck;
}): FilterResult {
  const operations = o.document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = o.operationName ? operations.find((op) => op.name?.value === o.operationName) : operations[0];
  if (!operation) return { document: o.document, removed: [] };
  const fragments = new Map(
    o.document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const removed: Removal[] = [];
  const variables = o.variables ?? {};
  const allowed = (rules: Rule[]) => rules.every(o.allows);

  const filterSet = (set: SelectionSetNode, parent: GraphQLCompositeType, path: PathStep[]): SelectionSetNode | null => {
    const kept: SelectionNode[] = [];
    for (const sel of set.selections) {
      // A skipped selection is never executed, so it is neither checked nor reported.
      if (!included(sel, variables)) {
        kept.push(sel);
        continue;
      }
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? o.schema.getType(sel.typeCondition.name.value) : parent;
        if (!on || !isCompositeType(on)) {
          kept.push(sel);
          continue;
        }
        // A fragment on a protected type goes whole; its error names the field the fragment sits in.
        if (!allowed(typeRules(on, o.names))) {
          removed.push({ steps: [], errorPath: errorPathOf(path), reported: true });
          continue;
        }
        const inner = filterSet(sel.selectionSet, on, path);
        if (inner) kept.push({ ...sel, selectionSet: inner });
        continue;
      }
      if (sel.kind !== Kind.FIELD) continue;
      if (sel.name.value.startsWith('__')) {
        kept.push(sel);
        continue;
      }
      const fields = 'getFields' in parent ? parent.getFields() : {};
      const def = fields[sel.name.value] as GraphQLField<unknown, unknown> | undefined;
      if (!def) {
        kept.push(sel);
        continue;
      }
      const step = stepOf(sel.alias?.value ?? sel.name.value, def.type);
      const steps = [...path, step];
      const returns = getNamedType(def.type);
      if (!allowed([...fieldRules(def, o.names), ...typeRules(returns, o.names)])) {
        removed.push({ steps, errorPath: errorPathOf(steps), reported: true });
        continue;
      }
      if (!sel.selectionSet || !isCompositeType(returns)) {
        kept.push(sel);
        continue;
      }
      const inner = filterSet(sel.selectionSet, returns, steps);
      // Every sub-selection was removed: the field itself goes too, and comes back null (with GraphQL's null
      // propagation if it is non-null) without an error of its own, as Apollo Router does.
      if (inner) kept.push({ ...sel, selectionSet: inner } satisfies FieldNode);
      else removed.push({ steps, errorPath: errorPathOf(steps), reported: false });
    }
    return kept.length > 0 ? { ...set, selections: kept } : null;
  };

  const root = getOperationRootType(o.schema, operation);
  const selectionSet = filterSet(inlineFragments(operation.selectionSet, fragments), root, []);
  if (removed.length === 0) return { document: o.document, removed };
  return {
    document: selectionSet
      ? { kind: Kind.DOCUMENT, definitions: [{ ...operation, selectionSet }] }
      : null,
    removed,
  };
}
