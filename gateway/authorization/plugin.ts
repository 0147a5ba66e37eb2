import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import {
  buildASTSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLSchema,
  Kind,
  visit,
} from 'graphql';
import type { Caller } from '../../services/shared/caller.js';
import { satisfies } from '../../services/shared/scopes.js';
import type { HubGatewayContext } from '../upstream-signing.js';
import { aliasCollisions } from './aliases.js';
import { nestedRequiredArguments, requiredArgumentClashes } from './requires-arguments.js';
import { type AuthDirectiveNames, authDirectiveNames, type Rule } from './directives.js';
import { type FilterResult, filterOperation, selectOperation } from './filter.js';
import { coerceVariables } from './variables.js';
import { policies as hubPolicies, type Policy } from './policies.js';
import { restoreRemovedFields, unauthorizedErrors, withRemovals } from './response.js';

export type UnauthorizedMode = 'filter' | 'reject';

/** The custom scalars of the hub's subgraphs (type-graphql's), by name. */
const HUB_SCALARS = new Map([[GraphQLDateTimeISO.name, GraphQLDateTimeISO]]);

/** The variables an operation's @skip and @include read: the only ones filtering depends on. */
function conditionVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Directive(d) {
      if (d.name.value !== 'skip' && d.name.value !== 'include') return;
      for (const a of d.arguments ?? []) if (a.value.kind === Kind.VARIABLE) names.add(a.value.name.value);
    },
  });
  return [...names].sort();
}

/** Everything an authorization decision depends on: being signed in, the scopes, and each policy's verdict. */
function decisionKey(caller: Caller | null, policyVerdicts: boolean[]): string {
  if (!caller) return 'anonymous';
  return `${[...caller.scopes].sort().join(' ')}|${policyVerdicts.map(Number).join('')}`;
}

/**
 * Enforce `@authenticated`, `@requiresScopes` and `@policy` before planning. In "filter" mode the unauthorized fields
 * are removed and answered with null plus an UNAUTHORIZED_FIELD_OR_TYPE error each, HTTP 200, the rest of the query
 * answered; in "reject" mode any unauthorized field rejects the whole operation, and no subgraph is called.
 */
export function useFieldAuthorization(o: {
  supergraph: DocumentNode;
  mode: UnauthorizedMode;
  policies?: Record<string, Policy>;
}): GatewayPlugin<HubGatewayContext> {
  // A schema of our own from the supergraph document: the directives are read from the SDL as written, whatever the
  // runtime keeps on its executable schema.
  // The hub's own scalars are read as the subgraphs read them, so that a value they would refuse is refused here,
  // in the caller's own variable names, before any subgraph is asked.
  const schema: GraphQLSchema = mapSchema(buildASTSchema(o.supergraph, { assumeValid: true, assumeValidSDL: true }), {
    [MapperKind.SCALAR_TYPE]: (t) => HUB_SCALARS.get(t.name) ?? t,
  });
  const names: AuthDirectiveNames = authDirectiveNames(o.supergraph);
  const nestedRequired = nestedRequiredArguments(schema);
  const policies = o.policies ?? hubPolicies;
  const policyNames = Object.keys(policies).sort();
  // Filtering is pure given the document, the variables that @skip/@include read, and the decision key.
  const cache = new WeakMap<
    DocumentNode,
    { conditions: string[]; refused: GraphQLError[]; results: Map<string, FilterResult> }
  >();

  return {
    onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      const caller = (args.contextValue as HubGatewayContext).caller ?? null;
      const verdicts = policyNames.map((p) => (caller ? policies[p]!(caller) : false));
      const granted = new Set(policyNames.filter((_, i) => verdicts[i] === true));
      const allows = (rule: Rule): boolean => {
        if (!caller) return false;
        if (rule.kind === 'authenticated') return true;
        // Policies combine as scopes do (OR of ANDs): the policies whose verdict is true are held like scopes.
        return satisfies(rule.kind === 'scopes' ? caller.scopes : granted, rule.anyOf);
      };
      const operation = selectOperation(args.document, args.operationName);
      if (!operation) return; // the executor answers a missing operation itself
      // Variables are read as the executor will read them, defaults applied: `$v: Boolean = true` sent as nothing is
      // true. Values that do not coerce end the request here, before any subgraph is asked.
      const coerced = coerceVariables(schema, operation, args.variableValues as Record<string, unknown> | undefined);
      if ('errors' in coerced) {
        setResultAndStopExecution({ errors: [...coerced.errors] });
        return;
      }
      let perDoc = cache.get(args.document);
      if (!perDoc) {
        perDoc = {
          conditions: conditionVariables(args.document),
          // What the planners would answer wrongly: refused before planning (aliases.ts, requires-arguments.ts).
          refused: [
            ...aliasCollisions(schema, args.document),
            ...requiredArgumentClashes(schema, args.document, nestedRequired),
          ],
          results: new Map(),
        };
        cache.set(args.document, perDoc);
      }
      if (perDoc.refused.length > 0) {
        setResultAndStopExecution({ errors: perDoc.refused });
        return;
      }
      const conditions = perDoc.conditions.map((v) => coerced.values[v] === true);
      const key = `${decisionKey(caller, verdicts)}|${args.operationName ?? ''}|${conditions.map(Number).join('')}`;
      let result = perDoc.results.get(key);
      if (!result) {
        result = filterOperation({
          schema,
          document: args.document,
          operationName: args.operationName,
          variables: coerced.values,
          names,
          allows,
        });
        if (perDoc.results.size > 256) perDoc.results.clear();
        perDoc.results.set(key, result);
      }
      const { removed, document } = result;
      if (removed.length === 0) return;
      if (o.mode === 'reject' || !document) {
        // Nothing left to ask, or rejection asked for: no subgraph is called. Apollo Router answers both with data null;
        // root fields the filter nulled (a non-null field below them was refused) come back as nulls.
        const data = o.mode === 'filter' && result.nulledRoot ? restoreRemovedFields({}, removed) : null;
        setResultAndStopExecution({ data, errors: unauthorizedErrors(removed) });
        return;
      }
      setExecuteFn((a) => executeFn({ ...a, document }));
      return {
        onExecuteDone({ result: r, setResult }) {
          if (Symbol.asyncIterator in (r as object)) return;
          setResult(withRemovals(r as ExecutionResult, removed, result.asksTypenames));
        },
      };
    },
  };
}
