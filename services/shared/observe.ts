import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from './context.js';
import type { SubgraphDescriptor } from './descriptor.js';
import { errorName, type Logger } from './log.js';

/** How often one caller is passed to a subgraph's `observe`, at most, per process. */
const EVERY_MS = 5 * 60_000;

/**
 * Pass each signed-in caller to the subgraph's `observe` before their request runs (the center notes its case
 * managers), at most every few minutes per caller, so that it costs one write per caller now and then, not per request.
 */
export function observePlugin(
  observe: NonNullable<SubgraphDescriptor['observe']>,
  log: Logger,
): ApolloServerPlugin<HubContext> {
  const seen = new Map<string, number>();
  return {
    async requestDidStart({ contextValue }) {
      const p = contextValue.caller;
      if (p === null) return;
      const now = Date.now();
      // Keyed by what the token says of the caller, not the subject alone: new roles or centers are noted at once.
      const key = JSON.stringify([p.subject, p.roles, p.place]);
      if ((seen.get(key) ?? 0) > now - EVERY_MS) return;
      try {
        await observe(contextValue.em, p);
        if (seen.size > 10_000) seen.clear();
        seen.set(key, now);
      } catch (err) {
        log.warn('could not note the caller', { error: errorName(err) });
      }
    },
  };
}
