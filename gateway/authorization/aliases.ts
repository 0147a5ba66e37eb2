import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  isInterfaceType,
  isObjectType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';

// A client's alias that is the name of another field of the same type. The planner fetches entity keys and the
// sharing facts an agency's slice @requires under their own names, in the same selection as the client's fields: a
// client field aliased `id` or `sharing` lands on that name, and the agency then receives a case number as the key,
// or a center as the sharing facts, and refuses the slice it should have shown (and counts a refusal against an
// honest caller). So an alias may not be the name of another field of the type it is on, hidden fields included;
// `id: id` and any alias that names no field stay allowed. The check reads the supergraph (hidden fields included),
// once per document, before planning.

/** The aliases of `document` that name another field of their parent type, as errors; none when there are none. */
export function aliasCollisions(schema: GraphQLSchema, document: DocumentNode): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const info = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(info, {
      Field(node) {
        const alias = node.alias?.value;
        if (!alias || alias === node.name.value) return;
        if (alias.startsWith('__')) {
          // `__typename` is what the planner reads to route an entity: no client value may stand in for it.
          errors.push(
            new GraphQLError(`The alias "${alias}" begins with "__", which GraphQL keeps for itself`, {
              nodes: [node],
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            }),
          );
          return;
        }
        const parent = info.getParentType();
        if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return;
        if (!Object.hasOwn(parent.getFields(), alias)) return;
        errors.push(
          new GraphQLError(
            `The alias "${alias}" is the name of another field of ${parent.name}; choose an alias that names no field of it`,
            { nodes: [node], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
          ),
        );
      },
    }),
  );
  return errors;
}
