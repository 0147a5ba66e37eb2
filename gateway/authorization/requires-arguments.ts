import {
  type ArgumentNode,
  type DocumentNode,
  getNamedType,
  GraphQLError,
  type GraphQLSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  print,
  type SelectionSetNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';

// A field a subgraph @requires inside another object, with arguments, e.g. `packaging @requires(fields: "dimensions {
// size(unit: \"cm\") }")`, asked by a client in the same operation with other arguments and no alias of its own
// (`dimensions { size(unit: "in") }`). The Rust planner (router-runtime 1.4.23, router-query-planner 0.0.38) fetches
// both, its own under an alias, and then builds the representation from the client's value: the subgraph is handed
// inches as centimetres and answers wrongly, without an error (test/gateway/federation-conformance.test.ts). No answer
// is better than a wrong one: such a document is refused before planning, on both planners so that the hub's answers
// do not depend on the planner, and the error says how to ask instead (an alias). A required field at the top level
// of its entity (`price(currency: "RWF")`) is planned rightly and is not affected.

/**
 * "Type.field" of each field a @requires selects below its entity with arguments: those arguments, printed, and the
 * fields ("Type.field") whose @requires select it.
 */
export type NestedRequiredArguments = Map<string, { args: Set<string>; requiredBy: Set<string> }>;

const printArguments = (args: readonly ArgumentNode[] | undefined): string =>
  [...(args ?? [])]
    .sort((a, b) => a.name.value.localeCompare(b.name.value))
    .map((a) => `${a.name.value}: ${print(a.value)}`)
    .join(', ');

/** Read from the supergraph schema (hidden fields included): every `@join__field(requires:)` of every field. */
export function nestedRequiredArguments(schema: GraphQLSchema): NestedRequiredArguments {
  const found: NestedRequiredArguments = new Map();
  const walk = (set: SelectionSetNode, parentName: string, depth: number, requiredBy: string) => {
    const parent = schema.getType(parentName);
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, sel.typeCondition?.name.value ?? parentName, depth, requiredBy);
        continue;
      }
      if (sel.kind !== Kind.FIELD || !(isObjectType(parent) || isInterfaceType(parent))) continue;
      const field = parent.getFields()[sel.name.value];
      if (!field) continue;
      if (depth > 1 && sel.arguments?.length) {
        const coordinate = `${parent.name}.${field.name}`;
        const entry = found.get(coordinate) ?? { args: new Set<string>(), requiredBy: new Set<string>() };
        entry.args.add(printArguments(sel.arguments));
        entry.requiredBy.add(requiredBy);
        found.set(coordinate, entry);
      }
      if (sel.selectionSet) walk(sel.selectionSet, getNamedType(field.type).name, depth + 1, requiredBy);
    }
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      for (const directive of field.astNode?.directives ?? []) {
        if (directive.name.value !== 'join__field') continue;
        const requires = directive.arguments?.find((a) => a.name.value === 'requires')?.value;
        if (requires?.kind !== Kind.STRING) continue;
        const operation = parse(`{ ${requires.value} }`).definitions[0];
        if (operation?.kind === Kind.OPERATION_DEFINITION)
          walk(operation.selectionSet, type.name, 1, `${type.name}.${field.name}`);
      }
    }
  }
  return found;
}

/**
 * The client's unaliased selections of such a field with other arguments than a @requires of it, in a document that
 * also asks for a field with that @requires, as errors.
 */
export function requiredArgumentClashes(
  schema: GraphQLSchema,
  document: DocumentNode,
  required: NestedRequiredArguments,
): GraphQLError[] {
  if (required.size === 0) return [];
  const selected = new Set<string>();
  const clashes: { error: GraphQLError; requiredBy: Set<string> }[] = [];
  const info = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(info, {
      Field(node) {
        const parent = info.getParentType();
        if (!parent) return;
        const coordinate = `${parent.name}.${node.name.value}`;
        selected.add(coordinate);
        if (node.alias && node.alias.value !== node.name.value) return;
        const wanted = required.get(coordinate);
        if (!wanted || wanted.args.has(printArguments(node.arguments))) return;
        const error = new GraphQLError(
          `${coordinate} is required by ${[...wanted.requiredBy].join(', ')} with other arguments ` +
            `(${[...wanted.args].join(' or ')}); give this selection an alias of its own`,
          { nodes: [node], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
        );
        clashes.push({ error, requiredBy: wanted.requiredBy });
      },
    }),
  );
  // Only where the requiring field is asked too (on its type or an interface of it: compared by field name, a
  // refusal too many rather than a wrong answer).
  const fieldNames = new Set([...selected].map((c) => c.slice(c.indexOf('.') + 1)));
  return clashes
    .filter((c) => [...c.requiredBy].some((r) => selected.has(r) || fieldNames.has(r.slice(r.indexOf('.') + 1))))
    .map((c) => c.error);
}
