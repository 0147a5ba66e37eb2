import { type ExecutionResult, GraphQLError } from 'graphql';
import { type PathStep, type Removal, TYPENAME_KEY } from './filter.js';

export const UNAUTHORIZED_MESSAGE = 'Unauthorized field or type';
export const UNAUTHORIZED_CODE = 'UNAUTHORIZED_FIELD_OR_TYPE';

/** Real GraphQLErrors, so that the runtime's error masking lets them through as they are. */
export function unauthorizedErrors(removed: Removal[]): GraphQLError[] {
  return removed
    .filter((r) => r.reported)
    .map((r) => new GraphQLError(UNAUTHORIZED_MESSAGE, { path: r.errorPath, extensions: { code: UNAUTHORIZED_CODE } }));
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Put back a null where each removed field was asked for, following GraphQL's null propagation: a removed non-null
 * field nulls its parent object, and so on up to the nearest nullable position. A parent that is already null stays
 * null: no object is invented to hold the removed field.
 */
export function restoreRemovedFields(
  data: Json | null | undefined,
  removed: Removal[],
  asksTypenames = false,
): Json | null {
  if (!isObject(data)) return data ?? null;
  let result: Json | null = data;
  for (const r of removed) {
    if (r.steps.length === 0) continue; // a removed fragment: its fields are simply absent
    if (visitObject(data, r.steps, 0) === 'null') {
      result = null;
      break;
    }
  }
  // The types the filter asked for itself (filter.ts, TYPENAME_KEY) are not the client's: taken off everywhere (a
  // client alias cannot be the key: aliases.ts refuses "__" names).
  if (asksTypenames) withoutTypenames(data);
  return result;
}

function withoutTypenames(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) withoutTypenames(v);
  } else if (isObject(value)) {
    delete value[TYPENAME_KEY];
    for (const v of Object.values(value)) withoutTypenames(v);
  }
}

type Outcome = 'ok' | 'null';

function visitObject(obj: Json, steps: PathStep[], i: number): Outcome {
  const step = steps[i]!;
  // Asked in a fragment on another type than this object's: nothing of it belongs here.
  if (step.onlyOn && !step.onlyOn.includes(String(obj[TYPENAME_KEY]))) return 'ok';
  if (i === steps.length - 1) {
    if (step.nonNull) return 'null';
    obj[step.key] = null;
    return 'ok';
  }
  const value = obj[step.key];
  if (value === null || value === undefined) return 'ok';
  if (visitValue(value, step.listItemsNonNull, 0, steps, i) === 'null') {
    if (step.nonNull) return 'null';
    obj[step.key] = null;
  }
  return 'ok';
}

function visitValue(value: unknown, lists: boolean[], depth: number, steps: PathStep[], i: number): Outcome {
  if (depth < lists.length) {
    if (!Array.isArray(value)) return 'ok';
    for (let k = 0; k < value.length; k++) {
      if (value[k] === null || value[k] === undefined) continue;
      if (visitValue(value[k], lists, depth + 1, steps, i) === 'null') {
        if (lists[depth]) return 'null';
        value[k] = null;
      }
    }
    return 'ok';
  }
  return isObject(value) ? visitObject(value, steps, i + 1) : 'ok';
}

export function withRemovals(result: ExecutionResult, removed: Removal[], asksTypenames = false): ExecutionResult {
  const data = restoreRemovedFields(result.data as Json | null | undefined, removed, asksTypenames);
  return {
    ...result,
    data,
    // After the subgraphs' own errors, as Apollo Router orders them.
    errors: [...(result.errors ?? []), ...unauthorizedErrors(removed)],
  };
}
