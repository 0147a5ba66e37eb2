import { type DocumentNode, Kind } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

// A field the supergraph hides from clients (@inaccessible) may still be fetched by the planner, because another
// field @requires it: the agencies' events that `Case.timeline` merges. When its subgraph fails, the Rust planner
// reports the failure at the hidden field's own path (`["case", "policeEvents"]`), a path no client can ask for and
// the JavaScript planner does not report at all. The field that required it says what is missing, in its own answer
// (the timeline's `gaps`), so such an error is dropped: both planners then give the same answer, and no client meets
// a field name the schema it sees does not have. An error at a field the client did ask for is never touched: its
// key is in the answer, as GraphQL puts every field asked for there.

/** The names of the fields the supergraph marks @inaccessible. */
export function hiddenFieldNames(supergraph: DocumentNode): Set<string> {
  const names = new Set<string>();
  for (const d of supergraph.definitions) {
    if (d.kind !== Kind.OBJECT_TYPE_DEFINITION && d.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const f of d.fields ?? [])
      if (f.directives?.some((x) => x.name.value === 'inaccessible')) names.add(f.name.value);
  }
  return names;
}

function at(data: unknown, path: readonly (string | number)[]): unknown {
  let v = data;
  for (const step of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = Reflect.get(v, step);
  }
  return v;
}

type PathedError = { path?: readonly (string | number)[] };

export function useHiddenFieldErrors(supergraph: DocumentNode): GatewayPlugin {
  const hidden = hiddenFieldNames(supergraph);
  const onHidden = (data: unknown, e: PathedError): boolean => {
    const last = e.path?.at(-1);
    if (typeof last !== 'string' || !hidden.has(last)) return false;
    const parent = at(data, e.path!.slice(0, -1));
    return typeof parent === 'object' && parent !== null && !Object.hasOwn(parent, last);
  };
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !result || typeof result !== 'object' || !('errors' in result) || !result.errors)
        return;
      const data = 'data' in result ? result.data : undefined;
      const errors = (result.errors as readonly PathedError[]).filter((e) => !onHidden(data, e));
      if (errors.length === result.errors.length) return;
      const { errors: _, ...rest } = result;
      setResult((errors.length > 0 ? { ...rest, errors } : rest) as typeof result);
    },
  };
}
