import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLResolveInfo, type GraphQLSchema, parse, print } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import { callerOf, type HubContext } from './context.js';
import type { SubgraphDescriptor } from './descriptor.js';
import { DenialReason, forbidden } from './errors.js';
import { authChecker } from './guards.js';
import { satisfies } from './scopes.js';
import { validateInput } from './validation.js';

// Federation 2.6: `@authenticated` and `@requiresScopes` arrived in 2.5, `@policy` in 2.6.
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: [
  "@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible",
  "@authenticated", "@requiresScopes", "@policy"
])`;

export interface FederatedSchema {
  schema: GraphQLSchema;
  /** The subgraph SDL as composition sees it; committed under schema/. */
  sdl: string;
}

/**
 * type-graphql builds the types from the decorated classes; the printed SDL (directives included) is then handed to
 * `@apollo/subgraph`, which adds `_service` and `_entities`, with type-graphql's resolvers plus the descriptor's
 * `__resolveReference` functions.
 */
export async function buildFederatedSchema(d: SubgraphDescriptor): Promise<FederatedSchema> {
  const local = await buildSchema({
    resolvers: d.resolvers,
    orphanedTypes: d.orphanedTypes ?? [],
    skipCheck: true,
    authChecker,
    validateFn: validateInput,
  });
  const typeDefs = parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(local)}`);
  const resolvers = createResolversMap(local) as Record<string, Record<string, unknown>>;
  for (const [typeName, ref] of Object.entries(d.references)) {
    // Async, so that a refusal fails this one entity, not the whole `_entities` batch.
    const __resolveReference = async (
      representation: Record<string, unknown>,
      ctx: HubContext,
      info: GraphQLResolveInfo,
    ) => {
      if (ref.scopes.length > 0) {
        if (!satisfies(callerOf(ctx).scopes, [ref.scopes])) throw forbidden(DenialReason.MISSING_SCOPE);
      }
      return ref.resolve(representation, ctx, info);
    };
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference };
  }
  // The array form: the object form fails at run time in @apollo/subgraph 2.15 ("doc.definitions is not iterable").
  const schema = buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]);
  return { schema, sdl: print(typeDefs) };
}
