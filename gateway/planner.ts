import type { GatewayPlugin, UnifiedGraphHandler } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler as rustPlanner } from '@graphql-hive/router-runtime';
import {
  type ExecutionRequest,
  type ExecutionResult,
  type Executor,
  isAsyncIterable,
  relocatedError,
} from '@graphql-tools/utils';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getDirectiveValues,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  GraphQLIncludeDirective,
  type GraphQLSchema,
  GraphQLSkipDirective,
  isAbstractType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { HubGatewayContext } from './upstream-signing.js';

// Which query planner turns an operation into subgraph requests. The hub's plugins (limits, authentication, the field
// filter, upstream signing), its transport and its error masking sit around the planner, not in it: both planners
// receive the same filtered document and send every subgraph request through the same signed, never-deduplicated
// transport (transport.ts, upstream-signing.ts).
//
// - rust: Hive Router's query planner (the native addon of @graphql-hive/router-query-planner, shipped for Linux with
//   glibc and macOS, x64 and arm64), its plans executed by @graphql-hive/router-runtime.
// - js: the runtime's own JavaScript planner (@graphql-tools/federation).

export const PLANNERS = ['rust', 'js'] as const;
export type Planner = (typeof PLANNERS)[number];
export const DEFAULT_PLANNER: Planner = 'rust';

/** The runtime's `unifiedGraphHandler` for a planner: undefined keeps the runtime's own (the JavaScript planner). */
export function unifiedGraphHandlerFor(planner: Planner): UnifiedGraphHandler | undefined {
  return planner === 'rust' ? rustPlanner : undefined;
}

/** The plugins a planner needs for its answers to be the hub's: none for the JavaScript one. */
export function plannerPlugins(planner: Planner): GatewayPlugin<HubGatewayContext>[] {
  return planner === 'rust' ? [useRustPlanAnswers()] : [];
}

// ---- the Rust planner's executor, answering as GraphQL execution does ------------------------------------------------
//
// router-runtime executes a plan and assembles the answer itself, not through graphql-js. Where it answers otherwise
// than GraphQL execution (and the JavaScript planner) does, the hub's contract is restored here:
//
// 1. An operation whose root selection is empty once @skip/@include are applied, or holds only `__typename`, needs no
//    subgraph: the Rust planner makes a plan without a root node and the runtime throws ("Query plan has no root
//    node.", an INTERNAL_SERVER_ERROR with no data to the client), or answers without `data`. It is answered here, as
//    GraphQL does, without any subgraph.
// 2. An answer without `data` (no subgraph answered any: a non-null root field refused by its subgraph, every fetch
//    failed) gets the `data` GraphQL execution gives: null where a non-null root field is null, else each root field
//    null. Without it, a refused mutation would read like a refused request (no data, answered after the refusal
//    delay).
// 3. A subgraph request that fails whole (unreachable, timed out, refused by the subgraph without a field error) is an
//    error on every field that request was for, at that field's path, e.g. ["case", "investigation"] when the police
//    subgraph is down, as the JavaScript planner answers. The runtime would put it on the parent (["case"]) or, for a
//    timeout, nowhere (which also turned the whole answer into an HTTP 504).
// 4. A subscription, where the supergraph has no Subscription type, is refused with GraphQL's own words instead of an
//    internal error from the planner.
// 5. A query that asks for `__schema` or `__type` beside other fields: the runtime would answer all of it from the
//    schema alone (every other field failing) or hand `__schema` to the planner, which cannot plan it. The two parts
//    are executed apart, each where it belongs, and answered together.

const NO_SUBSCRIPTIONS = 'Schema is not configured to execute subscription operation.';

function useRustPlanAnswers(): GatewayPlugin<HubGatewayContext> {
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      if (args.schema.getSubscriptionType()) return;
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'subscription') return;
      setResultAndStopExecution({ errors: [new GraphQLError(NO_SUBSCRIPTIONS, { nodes: operation })] });
    },
    // Placed before the authorization plugin: its execute function wraps this one, so the document seen here is the
    // one left after filtering, the one the planner plans.
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args) => {
        const operation = getOperationAST(args.document, args.operationName);
        const root = operation && args.schema.getRootType(operation.operation);
        if (!operation || !root) return executeFn(args);
        const coerced = getVariableValues(
          args.schema,
          operation.variableDefinitions ?? [],
          (args.variableValues ?? {}) as Record<string, unknown>,
        );
        if (coerced.errors) return executeFn(args);
        const fields = rootFields(args.document, operation, coerced.coerced, args.schema);
        if (fields.every((f) => f.name === '__typename'))
          return { data: Object.fromEntries(fields.map((f) => [f.key, root.name])) };
        const execute = async (selected: RootField[]): Promise<ExecutionResult | AsyncIterable<ExecutionResult>> => {
          const document = selected === fields ? args.document : withRootFields(args.document, operation, selected);
          const result = (await executeFn({ ...args, document })) as ExecutionResult | AsyncIterable<ExecutionResult>;
          if (isAsyncIterable(result) || result.data !== undefined) return result;
          const nonNull = selected.some((f) => isNonNullType(root.getFields()[f.name]?.type));
          const data = nonNull
            ? null
            : Object.fromEntries(selected.map((f) => [f.key, f.name === '__typename' ? root.name : null]));
          return { ...result, data };
        };
        const onSchema = fields.filter((f) => f.name.startsWith('__'));
        if (onSchema.every((f) => f.name === '__typename') || onSchema.length === fields.length) return execute(fields);
        // Queries only (the schema's fields are the query type's), so neither part is a stream.
        const [fromSchema, fromGraph] = (await Promise.all([
          execute(onSchema),
          execute(fields.filter((f) => !onSchema.includes(f))),
        ])) as [ExecutionResult, ExecutionResult];
        return joined(fields, onSchema, fromSchema, fromGraph);
      });
    },
    onSubgraphExecute(payload) {
      const { executor } = payload;
      // The subgraph's schema is read only to place errors under an abstract type condition.
      const subgraph = () => payload.subgraph;
      const failing: Executor = async (request) => {
        let result: ExecutionResult | AsyncIterable<ExecutionResult>;
        try {
          result = (await executor(request)) as ExecutionResult | AsyncIterable<ExecutionResult>;
        } catch (err) {
          const error =
            err instanceof GraphQLError
              ? err
              : new GraphQLError(errorText(err), { originalError: err instanceof Error ? err : undefined });
          return { errors: onEveryField(request, [error], subgraph) };
        }
        if (isAsyncIterable(result) || result.data != null || !result.errors?.some((e) => !e.path)) return result;
        return { ...result, errors: onEveryField(request, result.errors, subgraph) };
      };
      payload.setExecutor(failing);
    },
  };
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

interface RootField {
  key: string;
  name: string;
  /** Every selection of this response key, in document order (GraphQL merges them). */
  nodes: FieldNode[];
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
}

const included = (node: FieldNode | { directives?: FieldNode['directives'] }, vars: Record<string, unknown>) =>
  getDirectiveValues(GraphQLSkipDirective, node, vars)?.if !== true &&
  getDirectiveValues(GraphQLIncludeDirective, node, vars)?.if !== false;

/**
 * The fields a selection set selects on an object of type `typename`, through fragments, as GraphQL collects them:
 * @skip/@include applied, one entry per response key.
 */
function collect(
  selectionSet: SelectionSetNode,
  typename: string | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  vars: Record<string, unknown>,
  schema: () => GraphQLSchema,
  out: Map<string, FieldNode[]> = new Map(),
  visited: Set<string> = new Set(),
): Map<string, FieldNode[]> {
  const applies = (condition: string | undefined): boolean => {
    if (!condition || !typename || condition === typename) return true;
    const type = schema().getType(condition);
    const object = schema().getType(typename);
    return isAbstractType(type) && isObjectType(object) && schema().isSubType(type, object);
  };
  for (const s of selectionSet.selections) {
    if (!included(s, vars)) continue;
    if (s.kind === Kind.FIELD) {
      const key = s.alias?.value ?? s.name.value;
      out.set(key, [...(out.get(key) ?? []), s]);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      if (applies(s.typeCondition?.name.value))
        collect(s.selectionSet, typename, fragments, vars, schema, out, visited);
    } else {
      const f = fragments.get(s.name.value);
      if (!f || visited.has(f.name.value) || !applies(f.typeCondition.name.value)) continue;
      visited.add(f.name.value);
      collect(f.selectionSet, typename, fragments, vars, schema, out, visited);
    }
  }
  return out;
}

function rootFields(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  vars: Record<string, unknown>,
  schema: GraphQLSchema,
): RootField[] {
  const root = schema.getRootType(operation.operation)?.name;
  return [...collect(operation.selectionSet, root, fragmentsOf(document), vars, () => schema)].map(([key, nodes]) => ({
    key,
    name: nodes[0]!.name.value,
    nodes,
  }));
}

/** One answer from the answers of the schema's fields and of the graph's, in the order the fields were asked. */
function joined(
  fields: RootField[],
  onSchema: RootField[],
  fromSchema: ExecutionResult,
  fromGraph: ExecutionResult,
): ExecutionResult {
  const errors = [...(fromSchema.errors ?? []), ...(fromGraph.errors ?? [])];
  const data =
    fromSchema.data == null || fromGraph.data == null
      ? null
      : Object.fromEntries(
          fields.map((f) => [f.key, (onSchema.includes(f) ? fromSchema.data : fromGraph.data)?.[f.key] ?? null]),
        );
  return errors.length > 0 ? { data, errors } : { data };
}

/** The document with its operation asking for these root fields only (fragments stay, for the fields' own use). */
function withRootFields(document: DocumentNode, operation: OperationDefinitionNode, fields: RootField[]): DocumentNode {
  const selectionSet: SelectionSetNode = { kind: Kind.SELECTION_SET, selections: fields.flatMap((f) => f.nodes) };
  return {
    ...document,
    definitions: document.definitions.map((d) => (d === operation ? { ...operation, selectionSet } : d)),
  };
}

/**
 * A subgraph request's errors that are on no field, put on every field the request asked for: each root field, or
 * each field asked of each entity (`_entities`, aliased or not), at its path in the subgraph's answer. The runtime then
 * moves entity paths to where those entities sit in the client's answer.
 */
function onEveryField(
  request: ExecutionRequest,
  errors: readonly GraphQLError[],
  schema: () => GraphQLSchema,
): GraphQLError[] {
  const operation = getOperationAST(request.document, request.operationName);
  if (!operation) return [...errors];
  const vars = (request.variables ?? {}) as Record<string, unknown>;
  const fragments = fragmentsOf(request.document);
  const paths: (string | number)[][] = [];
  // The planner's requests select root fields directly (a fragment on the root type, if any, always applies).
  for (const [key, [field]] of collect(operation.selectionSet, undefined, fragments, vars, schema) as Map<
    string,
    [FieldNode]
  >) {
    if (field.name.value === '__typename') continue;
    if (field.name.value !== '_entities' || !field.selectionSet) {
      paths.push([key]);
      continue;
    }
    const argument = field.arguments?.find((a) => a.name.value === 'representations')?.value;
    const representations = argument?.kind === Kind.VARIABLE ? vars[argument.name.value] : undefined;
    if (!Array.isArray(representations)) continue;
    representations.forEach((r: { __typename?: unknown } | null, i) => {
      const typename = typeof r?.__typename === 'string' ? r.__typename : undefined;
      for (const [entityKey, [f]] of collect(field.selectionSet!, typename, fragments, vars, schema) as Map<
        string,
        [FieldNode]
      >)
        if (f.name.value !== '__typename') paths.push([key, i, entityKey]);
    });
  }
  if (paths.length === 0) return [...errors];
  return errors.flatMap((e) => (e.path ? [e] : paths.map((p) => relocatedError(e, p))));
}
