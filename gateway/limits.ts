import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import {
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type ParseOptions,
  type SelectionSetNode,
  type Source,
  validate,
  type ValidationRule,
  type ValueNode,
  visit,
} from 'graphql';

// Limits on what one request may ask, so that no request, however it is shaped, can starve or stop the gateway. They
// apply in order, each before any work that grows with what it bounds: the body size before the body is read
// (server.ts), the tokens while parsing (parsing stops at the first token over), then depth, aliases, directives,
// fields after fragment expansion and cost, on the parsed document, before GraphQL's own validation and before the
// authorization filter. Each limit rule is linear in the document: fragments are measured once and remembered.
// Over a limit: HTTP 400, `extensions.code` LIMIT_EXCEEDED and `extensions.limit` naming which one.

export interface OperationLimits {
  /** Lexical tokens in the document. */
  tokens: number;
  /** Nesting of selections, fragments included. */
  depth: number;
  aliases: number;
  directives: number;
  /** Field selections once every fragment is expanded where it is spread. */
  fields: number;
  /** GraphQL Armor's cost: fields weighted by depth, lists by their `first` argument. */
  cost: number;
  /** Characters in one string, in the document or in its variables. */
  strings: number;
  /**
   * Statistics questions (`…Statistics` fields) in one operation, through fragments and aliases: each may hold its
   * subgraph for up to a few tenths of a second deciding what to suppress, so a document of many aliased questions
   * would hold it for seconds.
   */
  statistics: number;
}

/** Room for the largest legitimate request (a page of 500 whole case files costs about 200,000), not much more. */
export const DEFAULT_LIMITS: OperationLimits = {
  tokens: 2000,
  depth: 10,
  aliases: 30,
  directives: 50,
  fields: 500,
  cost: 250_000,
  // The longest text field (a narrative, findings, a plan) takes 20,000 characters; a little over is left to the
  // field's own rule, which names the field.
  strings: 25_000,
  // One per statistic the hub answers: a dashboard's whole page in one request, no more.
  statistics: 6,
};

/** Bodies larger than this are refused before they are read: an operation with its variables, a narrative included. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

export const LIMIT_EXCEEDED = 'LIMIT_EXCEEDED';

export function limitError(limit: string, max: number): GraphQLError {
  return new GraphQLError(`The operation exceeds the ${limit} limit of ${max}`, {
    // `spec: false`: 400 whatever the client accepts; the GraphQL-over-HTTP leniency for application/json (200 on
    // request errors) is for GraphQL's own errors, not for refusing a request that is too large to look at.
    extensions: { code: LIMIT_EXCEEDED, limit, max, http: { status: 400, spec: false } },
  });
}

/** graphql-js's parser, stopping at the first token over the limit instead of reading the rest. */
export function parseWithTokenLimit(source: string | Source, max: number, options?: ParseOptions): DocumentNode {
  const parser = new MaxTokensParserWLexer(source, {
    ...options,
    n: max,
    propagateOnRejection: false,
    onReject: [
      () => {
        throw limitError('tokens', max);
      },
    ],
  });
  return parser.parseDocument();
}

/**
 * Fields once fragments are expanded where they are spread. Fragments that each spread the next one twice expand to
 * 2^depth fields from a document of a kilobyte; counting remembers each fragment's count, so the count itself is
 * linear, and it stops growing once over the limit.
 */
function expandedFields(
  document: DocumentNode,
  cap: number,
  counts: (field: FieldNode) => boolean = () => true,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const counted = new Map<string, number>();
  const count = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    let n = 0;
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) n += (counts(sel) ? 1 : 0) + count(sel.selectionSet, seen);
      else if (sel.kind === Kind.INLINE_FRAGMENT) n += count(sel.selectionSet, seen);
      else {
        const name = sel.name.value;
        let c = counted.get(name);
        if (c === undefined) {
          const frag = fragments.get(name);
          // A cycle is GraphQL's own validation error; it adds nothing here.
          if (!frag || seen.has(name)) continue;
          c = count(frag.selectionSet, new Set(seen).add(name));
          counted.set(name, c);
        }
        n += c;
      }
      if (n > cap) return cap + 1;
    }
    return n;
  };
  let total = 0;
  for (const d of document.definitions) {
    if (d.kind === Kind.OPERATION_DEFINITION) total = Math.max(total, count(d.selectionSet, new Set()));
  }
  return total;
}

/** Whether any string in the variables, a key included, is longer than `max` characters. Walked without recursion. */
export function stringOver(variables: unknown, max: number): boolean {
  const pending: unknown[] = [variables];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'string') {
      if (v.length > max) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) pending.push(x);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k.length > max) return true;
        pending.push(x);
      }
    }
  }
  return false;
}

function maxStringRule(max: number, reject: () => never): ValidationRule {
  return (): ASTVisitor => ({
    StringValue: {
      enter: (node) => {
        if (node.value.length > max) reject();
      },
    },
  });
}

function maxFieldsRule(max: number, reject: () => never, counts?: (field: FieldNode) => boolean): ValidationRule {
  return (): ASTVisitor => ({
    Document: {
      enter: (doc) => {
        if (expandedFields(doc, max, counts) > max) reject();
      },
    },
  });
}

/** A statistics question: every root field of the graph named `…Statistics` (intakeStatistics, clockStatistics, …). */
export const isStatistics = (field: FieldNode) => field.name.value.endsWith('Statistics');

/** The limit rules in the order they are checked; the first one over throws its LIMIT_EXCEEDED error. */
function limitRules(l: OperationLimits): ValidationRule[] {
  const reject = (limit: string, max: number) => [
    (): never => {
      throw limitError(limit, max);
    },
  ];
  return [
    maxDepthRule({
      n: l.depth,
      flattenFragments: true,
      onReject: reject('depth', l.depth),
      propagateOnRejection: false,
    }),
    maxAliasesRule({ n: l.aliases, onReject: reject('aliases', l.aliases), propagateOnRejection: false }),
    maxDirectivesRule({ n: l.directives, onReject: reject('directives', l.directives), propagateOnRejection: false }),
    maxStringRule(l.strings, () => reject('strings', l.strings)[0]!()),
    maxFieldsRule(l.fields, () => reject('fields', l.fields)[0]!()),
    maxFieldsRule(l.statistics, () => reject('statistics', l.statistics)[0]!(), isStatistics),
    costLimitRule({
      maxCost: l.cost,
      flattenFragments: true,
      onReject: reject('cost', l.cost),
      propagateOnRejection: false,
    }),
  ] as ValidationRule[];
}

/**
 * Fields whose work does not follow their own `first`, weighed by the cost rule as lists of this many whatever size
 * they ask for (a `first` larger than the weight still counts as given):
 * - `timeline`: each agency hands the center every event of the case it may show (up to 1000 each) before the page is
 *   cut, so `timeline(first: 1)` costs nearly what `timeline(first: 200)` does; aliased on every case of a page it
 *   would otherwise weigh next to nothing.
 * - `importCases`: answers one case per intake, up to 100, and takes no `first`.
 * Matched by field name: each name is one field of the graph (Case.timeline, Mutation.importCases).
 */
export const FIXED_WORK: Readonly<Record<string, number>> = { timeline: 200, importCases: 100 };

/** The document as the cost rule should weigh it: each FIXED_WORK field sized by its weight (see there). */
export function withFixedWork(document: DocumentNode): DocumentNode {
  return visit(document, {
    Field(node) {
      const weight = FIXED_WORK[node.name.value];
      if (weight === undefined) return undefined;
      const given = node.arguments?.find((a) => LIST_SIZES.has(a.name.value));
      const size = given?.value.kind === Kind.INT ? Math.max(weight, Number(given.value.value)) : weight;
      const first = {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: 'first' },
        value: { kind: Kind.INT, value: String(size) },
      } as const;
      return { ...node, arguments: [...(node.arguments ?? []).filter((a) => !LIST_SIZES.has(a.name.value)), first] };
    },
  });
}

/** The limits over this document, or none. */
export function checkLimits(schema: GraphQLSchema, document: DocumentNode, limits: OperationLimits): GraphQLError[] {
  try {
    const rules = limitRules(limits);
    const cost = rules.pop();
    const errors = [...validate(schema, document, rules)];
    if (errors.length > 0 || !cost) return errors;
    return [...validate(schema, withFixedWork(document), [cost])];
  } catch (err) {
    if (err instanceof GraphQLError && err.extensions.code === LIMIT_EXCEEDED) return [err];
    throw err;
  }
}

const LIST_SIZES = new Set(['first', 'last']);

/** Whether any list size in the document (`first`, `last`) is given by a variable. */
function sizedByVariables(document: DocumentNode): boolean {
  let sized = false;
  visit(document, {
    Argument(node) {
      if (LIST_SIZES.has(node.name.value) && node.value.kind === Kind.VARIABLE) sized = true;
    },
  });
  return sized;
}

/**
 * The operation a request runs, with its fragments, each list size given by a variable (`first: $n`) written in as the
 * value the request gives it (or that operation's default for it), so that the cost rule, which reads only literal
 * sizes, weighs `first: $n` with n = 500 as it weighs `first: 500`. Only the operation run is weighed: another
 * operation of the document neither lends it a default nor adds to its cost. Undefined when the document names no
 * operation it holds. A value that is not an integer is left as it is: variable coercion refuses it later. For
 * documents that size a list by a variable (sizedByVariables).
 */
function withListSizes(
  document: DocumentNode,
  variables: unknown,
  operationName?: string | null,
): DocumentNode | undefined {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation || (!operationName && operations.length > 1)) return undefined;
  const defaults = new Map<string, ValueNode>();
  for (const v of operation.variableDefinitions ?? [])
    if (v.defaultValue) defaults.set(v.variable.name.value, v.defaultValue);
  const given = typeof variables === 'object' && variables !== null ? (variables as Record<string, unknown>) : {};
  const run: DocumentNode = {
    ...document,
    definitions: document.definitions.filter((d) => d === operation || d.kind === Kind.FRAGMENT_DEFINITION),
  };
  return visit(run, {
    Argument(node) {
      if (!LIST_SIZES.has(node.name.value) || node.value.kind !== Kind.VARIABLE) return undefined;
      const name = node.value.name.value;
      const value = Object.hasOwn(given, name) ? given[name] : undefined;
      if (Number.isSafeInteger(value)) return { ...node, value: { kind: Kind.INT, value: String(value) } };
      const fallback = value === undefined ? defaults.get(name) : undefined;
      return fallback ? { ...node, value: fallback } : undefined;
    },
  });
}

/** The parse and validation limits as a gateway plugin; the body size is the HTTP server's (server.ts). */
export function useOperationLimits(limits: OperationLimits): GatewayPlugin {
  // The documents found within the limits, per schema. Whether a document is within them, its list sizes as written,
  // depends on the document, the schema and these limits alone, never on the caller, and the runtime hands back the
  // same parsed document for the same query text, so each document is measured once (the measuring cost about 3% of
  // the gateway's CPU on the case-file page). A document whose list sizes come from variables is weighed again on
  // every request with that request's sizes (withListSizes, onExecute). A document over a limit is measured again
  // each time: refusals stay as they were, and a hostile client gains nothing from the memory.
  const within = new WeakMap<GraphQLSchema, WeakSet<DocumentNode>>();
  const hasVariableListSizes = new WeakMap<DocumentNode, boolean>();
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => parseWithTokenLimit(source, limits.tokens, options));
    },
    onParams({ params, setResult }) {
      // Variables are checked before the document is parsed: they are not part of it.
      if (stringOver(params.variables, limits.strings)) setResult({ errors: [limitError('strings', limits.strings)] });
    },
    onValidate({ params, setResult }) {
      let known = within.get(params.schema);
      if (known?.has(params.documentAST)) return;
      // Before GraphQL's own rules, some of which grow faster than the document (overlapping fields).
      const errors = checkLimits(params.schema, params.documentAST, limits);
      if (errors.length > 0) {
        setResult(errors);
        return;
      }
      if (!known) within.set(params.schema, (known = new WeakSet()));
      known.add(params.documentAST);
    },
    onExecute({ args, setResultAndStopExecution }) {
      // What validation decides is remembered for the document (`within` above), so it cannot depend on one request's
      // variables: the sizes a request gives them are weighed here, on every request that has any, before the
      // authorization filter and before any subgraph is asked.
      let sized = hasVariableListSizes.get(args.document);
      if (sized === undefined) hasVariableListSizes.set(args.document, (sized = sizedByVariables(args.document)));
      if (!sized) return;
      const run = withListSizes(args.document, args.variableValues, args.operationName);
      const errors = run ? checkLimits(args.schema, run, limits) : [];
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
    onResultProcess({ result }) {
      // The runtime marks parse errors as GraphQL-over-HTTP request errors (200 for application/json) after the parse
      // function threw; a limit is a refusal, 400 for every client.
      if (Array.isArray(result) || !('errors' in result)) return;
      for (const e of (result.errors ?? []) as GraphQLError[]) {
        const http = e.extensions?.http as { spec?: boolean } | undefined;
        if (e.extensions?.code === LIMIT_EXCEEDED && http) http.spec = false;
      }
    },
  };
}
