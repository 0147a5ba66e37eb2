import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { AccessRecorder } from './access-log/recorder.js';
import type { Outbox } from './delivery/outbox.js';
import type { Caller } from './caller.js';
import { unauthenticated } from './errors.js';
import { normalizeId } from './ids.js';

/** What every resolver receives: who asks, a request-scoped EntityManager, and request-scoped loaders. */
export interface HubContext {
  /** Built once per request from the gateway's signed claims; null for an anonymous request. */
  readonly caller: Caller | null;
  /** A fork per request: identity maps never leak between callers. */
  readonly em: EntityManager;
  readonly requestId: string;
  readonly loaders: Map<string, DataLoader<unknown, unknown>>;
  /** What this request read, per case; written to the access log before the response leaves. */
  readonly access: AccessRecorder;
  /** The subgraph's outbox, for a subgraph that sends messages to others (the center). */
  readonly outbox?: Outbox;
}

export function newContext(caller: Caller | null, em: EntityManager, requestId: string, outbox?: Outbox): HubContext {
  return { caller, em, requestId, loaders: new Map(), access: new AccessRecorder(), ...(outbox ? { outbox } : {}) };
}

/**
 * The signed-in caller. The guards refuse anonymous requests before any guarded resolver runs; this is the second wall,
 * and it is what gives every resolver a caller whose subject and place are known.
 */
export function callerOf(ctx: HubContext): Caller {
  if (ctx.caller === null) throw unauthenticated();
  return ctx.caller;
}

/**
 * A DataLoader that lives for one request. `@apollo/subgraph` resolves entity references one representation at a
 * time; routing those lookups through a loader turns N lookups into one `IN (...)` query.
 */
export function loader<K, V>(
  ctx: HubContext,
  name: string,
  batch: (keys: readonly K[]) => Promise<V[]>,
): DataLoader<K, V> {
  let l = ctx.loaders.get(name) as DataLoader<K, V> | undefined;
  if (!l) {
    l = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
    ctx.loaders.set(name, l as DataLoader<unknown, unknown>);
  }
  return l;
}

/**
 * Ids arrive from clients and from other subgraphs' representations. PostgreSQL compares UUIDs regardless of case but
 * hands them back in lower case, and refuses the whole batch if one of them is malformed; so keys are normalised, and
 * a malformed one simply finds nothing instead of failing its neighbours.
 */
async function fetchByIds<V>(keys: readonly string[], fetch: (ids: string[]) => Promise<V[]>): Promise<V[]> {
  const ids = [...new Set(keys.map(normalizeId).filter((k): k is string => k !== null))];
  return ids.length > 0 ? fetch(ids) : [];
}

/** A request-scoped loader of at most one row per id. */
export function oneById<V>(
  ctx: HubContext,
  name: string,
  fetch: (ids: string[]) => Promise<V[]>,
  keyOf: (row: V) => string,
) {
  return loader<string, V | null>(ctx, name, async (keys) => {
    const byKey = new Map((await fetchByIds(keys, fetch)).map((r) => [keyOf(r).toLowerCase(), r]));
    return keys.map((k) => byKey.get(normalizeId(k) ?? '') ?? null);
  });
}

/** A request-scoped loader of every row per id (one-to-many), in the order the query returns them. */
export function manyById<V>(
  ctx: HubContext,
  name: string,
  fetch: (ids: string[]) => Promise<V[]>,
  keyOf: (row: V) => string,
) {
  return loader<string, V[]>(ctx, name, async (keys) => {
    const byKey = new Map<string, V[]>();
    for (const r of await fetchByIds(keys, fetch)) {
      const k = keyOf(r).toLowerCase();
      byKey.set(k, [...(byKey.get(k) ?? []), r]);
    }
    return keys.map((k) => byKey.get(normalizeId(k) ?? '') ?? []);
  });
}

/** The outbox of a subgraph that sends messages; running without one would lose them, so that is a fault. */
export function outboxOf(ctx: HubContext): Outbox {
  if (!ctx.outbox) throw new Error('this subgraph sends messages but runs without its outbox');
  return ctx.outbox;
}
