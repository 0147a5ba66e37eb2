import {
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  getNamedType,
  GraphQLError,
  type GraphQLSchema,
  isAbstractType,
  isCompositeType,
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
 * Each field with arguments a @requires selects below its entity, by field name: the type it is selected on, the
 * requiring field ("Type.field") and the arguments it requires, printed ("" for none: the field's defaults).
 */
export type NestedRequiredArguments = Map<string, { type: string; requiredBy: string; args: string }[]>;

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
      // A field that takes arguments is required with the ones written, none meaning its defaults: a client's other
      // arguments clash either way.
      if (depth > 1 && field.args.length > 0) {
        const entries = found.get(field.name) ?? [];
        entries.push({ type: parent.name, requiredBy, args: printArguments(sel.arguments) });
        found.set(field.name, entries);
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
 * also asks for the field with that @requires, as errors.
 */
export function requiredArgumentClashes(
  schema: GraphQLSchema,
  document: DocumentNode,
  required: NestedRequiredArguments,
): GraphQLError[] {
  if (required.size === 0) return [];
  const selected = new Set<string>();
  const candidates: { node: FieldNode; parent: GraphQLCompositeType; args: string }[] = [];
  const info = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(info, {
      Field(node) {
        const parent = info.getParentType();
        if (!parent) return;
        selected.add(`${parent.name}.${node.name.value}`);
        if (node.alias && node.alias.value !== node.name.value) return;
        if (required.has(node.name.value)) candidates.push({ node, parent, args: printArguments(node.arguments) });
      },
    }),
  );
  // The requiring field is asked on its type, or on an interface of it: compared by field name there, a refusal too
  // many rather than a wrong answer.
  const fieldNames = new Set([...selected].map((c) => c.slice(c.indexOf('.') + 1)));
  const asked = (r: string) => selected.has(r) || fieldNames.has(r.slice(r.indexOf('.') + 1));
  // The same field asked on the type it is required on, or on an interface or union that type belongs to, or on an
  // object type of the interface it is required on.
  const related = (parent: GraphQLCompositeType, typeName: string): boolean => {
    if (parent.name === typeName) return true;
    const type = schema.getType(typeName);
    if (!type || !isCompositeType(type)) return false;
    if (isAbstractType(parent) && isObjectType(type)) return schema.isSubType(parent, type);
    if (isAbstractType(type) && isObjectType(parent)) return schema.isSubType(type, parent);
    return false;
  };
  return candidates.flatMap(({ node, parent, args }) => {
    const clashing = (required.get(node.name.value) ?? []).filter(
      (e) => related(parent, e.type) && asked(e.requiredBy) && e.args !== args,
    );
    if (clashing.length === 0) return [];
    const coordinate = `${parent.name}.${node.name.value}`;
    const needs = clashing.map((e) => `${e.requiredBy} (${e.args || 'its defaults'})`).join(', ');
    return [
      new GraphQLError(
        `${coordinate} is required with other arguments by ${needs}; give this selection an alias of its own`,
        { nodes: [node], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      ),
    ];
  });
}
