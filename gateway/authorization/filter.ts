import {
  type DefinitionNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getDirectiveValues,
  getNamedType,
  getOperationRootType,
  type GraphQLCompositeType,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLOutputType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  type InlineFragmentNode,
  isAbstractType,
  isCompositeType,
  isListType,
  isNonNullType,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
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
  /**
   * The object types the field was asked on, when a fragment narrowed it (`... on Film { budget }` under an interface):
   * only objects of these types get it back. Such objects carry their type under TYPENAME_KEY (see below).
   */
  onlyOn?: string[];
}

/**
 * The response key under which the filter asks `__typename` beside a fragment that narrowed a removed field, so that
 * the null is put back on the objects of that type only; taken off the answer afterwards (response.ts). No client
 * alias can stand on it: aliases beginning with "__" are refused before planning (aliases.ts).
 */
export const TYPENAME_KEY = '__hubTypename';

const TYPENAME_SELECTION: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: TYPENAME_KEY },
  name: { kind: Kind.NAME, value: '__typename' },
};

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
  /**
   * With nothing left to execute: whether the answer is an object of nulls (root fields the filter nulled rather than
   * refused) instead of `data: null` (every root field refused, as Apollo Router answers).
   */
  nulledRoot?: boolean;
  /** The filter asked objects' types under TYPENAME_KEY: the answer must be rid of them (response.ts). */
  asksTypenames?: boolean;
}

export type RuleCheck = (rule: Rule) => boolean;

/** The operation a request names (or its only one); null when there is none. */
export function selectOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | null {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return (operationName ? operations.find((op) => op.name?.value === operationName) : operations[0]) ?? null;
}

/** Whether @skip/@include let a selection run, with graphql-js's own reading of the directives. */
function runs(sel: SelectionNode, variables: Record<string, unknown>): boolean {
  if (!sel.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, sel, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, sel, variables)?.if !== false;
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

/** A removal relative to the selection set it was found in. */
interface Relative {
  steps: PathStep[];
  /** A fragment on a protected type: reported at the enclosing field, nothing to put back. */
  fragment: boolean;
  /** Reported with an error (false: removed only because nothing was left under it, or because it was nulled). */
  reported: boolean;
  /** Runs when the set runs (not skipped by @skip/@include on the way down). */
  runs: boolean;
  /** Nulled by a removed non-null field below it, rather than refused or emptied. */
  nulled?: boolean;
}

interface Filtered {
  /** What is kept; null when authorization emptied the set, so the field holding it goes too. */
  selections: readonly SelectionNode[] | null;
  removals: Relative[];
  /** A non-null field that runs was removed here: the object this set belongs to will be null. */
  nullsObject: boolean;
  changed: boolean;
}

const relKey = (r: Relative) => JSON.stringify(r);

function dedupe(rs: Relative[]): Relative[] {
  const seen = new Map<string, Relative>();
  for (const r of rs) {
    const k = relKey(r);
    if (!seen.has(k)) seen.set(k, r);
  }
  return [...seen.values()];
}

/** A removal found in a fragment on a narrower type: its first step applies to objects of `types` only. */
const narrowedTo =
  (types: string[]) =>
  (r: Relative): Relative => {
    const [first, ...rest] = r.steps;
    if (!first) return r;
    const onlyOn = first.onlyOn ? first.onlyOn.filter((t) => types.includes(t)) : types;
    return { ...r, steps: [{ ...first, onlyOn }, ...rest] };
  };

/** A removal seen from one level up: under `step`, running only if `runs`. */
const under =
  (step: PathStep | null, runs: boolean) =>
  (r: Relative): Relative => ({ ...r, steps: step ? [step, ...r.steps] : r.steps, runs: r.runs && runs });

/** Placeholder for a set whose every remaining selection is skipped: it still runs, as `{}`. */
const EMPTY_BUT_RUNS: SelectionNode = {
  kind: Kind.FIELD,
  name: { kind: Kind.NAME, value: '__typename' },
  directives: [
    {
      kind: Kind.DIRECTIVE,
      name: { kind: Kind.NAME, value: 'skip' },
      arguments: [
        { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'if' }, value: { kind: Kind.BOOLEAN, value: true } },
      ],
    },
  ],
};

/**
 * Remove what the caller may not see from an operation, before planning. The work is linear in the document:
 * fragments keep their definitions and each is filtered once (its result does not depend on where it is spread),
 * and removals found under a fragment are shared by all its spreads, duplicates merged. What is unauthorized is removed
 * whether or not @skip/@include will run it, so no reading of those directives can let a field through; they decide
 * only whether a removal is reported. A removed non-null field nulls its nearest nullable parent, and that parent is
 * removed too, so that no subgraph is asked (nor logs a read) for an object the answer will show as null.
 *
 * `variables` are the coerced values (see coerceVariables).
 */
export function filterOperation(o: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  names: AuthDirectiveNames;
  allows: RuleCheck;
}): FilterResult {
  const operation = selectOperation(o.document, o.operationName);
  if (!operation) return { document: o.document, removed: [] };
  const fragments = new Map(
    o.document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const variables = o.variables ?? {};
  const allowed = (rules: Rule[]) => rules.every(o.allows);
  const filteredFragments = new Map<string, Filtered>();
  const inProgress = new Set<string>();
  let asksTypenames = false;

  const fragmentOn = (name: string | undefined, fallback: GraphQLCompositeType): GraphQLCompositeType | null => {
    if (!name) return fallback;
    const t = o.schema.getType(name);
    return t && isCompositeType(t) ? t : null;
  };

  const filterFragment = (frag: FragmentDefinitionNode, on: GraphQLCompositeType): Filtered => {
    const name = frag.name.value;
    const done = filteredFragments.get(name);
    if (done) return done;
    // Validation refuses fragment cycles before execution; this guard keeps a missed one from recursing forever.
    if (inProgress.has(name)) throw new Error(`fragment ${name} spreads itself`);
    inProgress.add(name);
    const result = filterSet(frag.selectionSet, on);
    inProgress.delete(name);
    filteredFragments.set(name, result);
    return result;
  };

  const filterSet = (set: SelectionSetNode, parent: GraphQLCompositeType): Filtered => {
    const kept: SelectionNode[] = [];
    const removals: Relative[] = [];
    let nullsObject = false;
    let changed = false;
    let removedRunning = false;
    let needsTypename = false;
    const drop = (...rs: Relative[]) => {
      changed = true;
      for (const r of rs) {
        removals.push(r);
        // A field removed from a fragment on a narrower type empties nothing for the objects of the other types.
        if (r.runs && r.steps.length <= 1 && !r.steps[0]?.onlyOn) removedRunning = true;
      }
    };

    for (const sel of set.selections) {
      const selRuns = runs(sel, variables);
      if (sel.kind === Kind.INLINE_FRAGMENT || sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = sel.kind === Kind.FRAGMENT_SPREAD ? fragments.get(sel.name.value) : undefined;
        if (sel.kind === Kind.FRAGMENT_SPREAD && !frag) {
          kept.push(sel);
          continue;
        }
        const on = fragmentOn((frag ?? (sel as InlineFragmentNode)).typeCondition?.name.value, parent);
        if (!on) {
          kept.push(sel);
          continue;
        }
        // A fragment on a protected type goes whole; its error names the field the fragment sits in.
        if (!allowed(typeRules(on, o.names))) {
          drop({ steps: [], fragment: true, reported: true, runs: selRuns });
          continue;
        }
        const inner = frag ? filterFragment(frag, on) : filterSet((sel as InlineFragmentNode).selectionSet, on);
        // The fragment's fields belong to the same object: its removals stay at this level. On a type narrower than
        // the parent's, they apply to objects of that type only: the answer says which each object is, and a removed
        // non-null field nulls only those objects, when the answer is put together (response.ts).
        const narrowed = narrowerTypes(o.schema, parent, on);
        const lifted = inner.removals.map(under(null, selRuns)).map(narrowed ? narrowedTo(narrowed) : (r) => r);
        if (lifted.length > 0) drop(...lifted);
        // Only for a removal that runs: one the request skips puts nothing back, so there is no type to tell.
        if (narrowed && lifted.some((r) => r.runs && r.steps.length > 0)) needsTypename = true;
        if (selRuns && inner.nullsObject && !narrowed) nullsObject = true;
        if (inner.selections === null) continue;
        if (sel.kind === Kind.INLINE_FRAGMENT && inner.changed) {
          kept.push({ ...sel, selectionSet: { ...sel.selectionSet, selections: inner.selections } });
        } else {
          kept.push(sel);
        }
        continue;
      }
      if (sel.name.value.startsWith('__') || !('getFields' in parent)) {
        kept.push(sel);
        continue;
      }
      const def = parent.getFields()[sel.name.value] as GraphQLField<unknown, unknown> | undefined;
      if (!def) {
        kept.push(sel);
        continue;
      }
      const step = stepOf(sel.alias?.value ?? sel.name.value, def.type);
      const returns = getNamedType(def.type);
      if (!allowed([...fieldRules(def, o.names), ...typeRules(returns, o.names)])) {
        drop({ steps: [step], fragment: false, reported: true, runs: selRuns });
        if (selRuns && step.nonNull) nullsObject = true;
        continue;
      }
      if (!sel.selectionSet || !isCompositeType(returns)) {
        kept.push(sel);
        continue;
      }
      const inner = filterSet(sel.selectionSet, returns);
      const below = inner.removals.map(under(step, selRuns));
      // The field's own value becomes null when authorization emptied it, or when a removed non-null field below
      // nulls its object and no nullable list item stops that on the way up. Then it is not asked for at all.
      const nulled = inner.nullsObject && step.listItemsNonNull.every(Boolean);
      if (nulled || inner.selections === null) {
        drop(...below, {
          steps: [step],
          fragment: false,
          reported: false,
          runs: selRuns,
          ...(nulled ? { nulled } : {}),
        });
        if (selRuns && step.nonNull) nullsObject = true;
        continue;
      }
      if (below.length > 0) drop(...below);
      kept.push(
        inner.changed
          ? ({ ...sel, selectionSet: { ...sel.selectionSet, selections: inner.selections! } } satisfies FieldNode)
          : sel,
      );
    }
    if (!changed) return { selections: set.selections, removals: [], nullsObject: false, changed: false };
    let selections: readonly SelectionNode[] | null = kept;
    // Emptied by authorization: the field holding the set goes. Emptied only of selections that would not have run
    // anyway, or only for objects of some types: the set still runs (as an empty object for the others).
    if (kept.length === 0) selections = removedRunning ? null : [EMPTY_BUT_RUNS];
    if (needsTypename && selections) {
      selections = [...selections, TYPENAME_SELECTION];
      asksTypenames = true;
    }
    return { selections, removals: dedupe(removals), nullsObject, changed: true };
  };

  const root = filterSet(operation.selectionSet, getOperationRootType(o.schema, operation));
  if (!root.changed) return { document: o.document, removed: [] };
  const removed: Removal[] = [];
  for (const r of root.removals) {
    if (!r.runs) continue; // never asked for by this request: nothing to report, nothing to put back
    removed.push(
      r.fragment
        ? { steps: [], errorPath: errorPathOf(r.steps), reported: true }
        : { steps: r.steps, errorPath: errorPathOf(r.steps), reported: r.reported },
    );
  }
  if (root.nullsObject) return { document: null, removed };
  if (root.selections === null) {
    return {
      document: null,
      removed,
      nulledRoot: root.removals.some((r) => r.runs && r.nulled && r.steps.length === 1),
    };
  }
  const document = assemble(operation, root.selections, fragments, filteredFragments);
  return asksTypenames ? { document, removed, asksTypenames } : { document, removed };
}

/**
 * The object types of `on` that `parent` can be, when a fragment on `on` does not apply to every object `parent` can
 * be; undefined when it does (the same type, or a wider one).
 */
function narrowerTypes(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType,
  on: GraphQLCompositeType,
): string[] | undefined {
  if (on === parent) return undefined;
  const possible = (t: GraphQLCompositeType) =>
    (isAbstractType(t) ? schema.getPossibleTypes(t) : [t]).map((x) => x.name);
  const ofParent = possible(parent);
  const ofOn = new Set(possible(on));
  if (ofParent.every((t) => ofOn.has(t))) return undefined;
  return ofParent.filter((t) => ofOn.has(t));
}

/** The filtered operation and the filtered definitions of the fragments it still spreads, each once. */
function assemble(
  operation: OperationDefinitionNode,
  selections: readonly SelectionNode[],
  original: Map<string, FragmentDefinitionNode>,
  filtered: Map<string, Filtered>,
): DocumentNode {
  const definitions: DefinitionNode[] = [{ ...operation, selectionSet: { ...operation.selectionSet, selections } }];
  const emitted = new Set<string>();
  const pending: (readonly SelectionNode[])[] = [selections];
  while (pending.length > 0) {
    for (const sel of pending.pop()!) {
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const name = sel.name.value;
        const def = original.get(name);
        if (!def || emitted.has(name)) continue;
        emitted.add(name);
        const f = filtered.get(name);
        const fragSelections = f?.selections ?? def.selectionSet.selections;
        definitions.push(
          f?.changed ? { ...def, selectionSet: { ...def.selectionSet, selections: fragSelections } } : def,
        );
        pending.push(fragSelections);
      } else if (sel.selectionSet) {
        pending.push(sel.selectionSet.selections);
      }
    }
  }
  return { kind: Kind.DOCUMENT, definitions };
}
