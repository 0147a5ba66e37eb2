import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { Principal } from './principal.js';

/** What every resolver receives: who asks, a request-scoped EntityManager, and request-scoped loaders. */
export interface HubContext {
  readonly principal: Principal;
  /** A fork per request: identity maps never leak between callers. */
  readonly em: EntityManager;
  readonly requestId: string;
  readonly loaders: Map<string, DataLoader<unknown, unknown>>;
}

/**
 * A DataLoader that lives for one request. `@apollo/subgraph` resolves entity references one representation at a
 * time; routing those lookups through a loader turns N lookups into one `IN (...)` query.
 */
export function loader<K, V>(ctx: HubContext, name: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
  let l = ctx.loaders.get(name) as DataLoader<K, V> | undefined;
  if (!l) {
    l = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
    ctx.loaders.set(name, l as DataLoader<unknown, unknown>);
  }
  return l;
}

/** Group rows by a key, keeping the order of `keys`: the shape DataLoader needs for one-to-many loads. */
export function groupBy<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}

/** Pick one row per key, `null` where none: the shape DataLoader needs for one-to-one loads. */
export function indexBy<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const byKey = new Map<K, V>(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => byKey.get(k) ?? null);
}
