import type { UnifiedGraphHandler } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler as rustPlanner } from '@graphql-hive/router-runtime';

// Which query planner turns an operation into subgraph requests. The hub's plugins (limits, authentication, the field
// filter, upstream signing), its transport and its error masking sit around the planner, not in it: both planners
// receive the same filtered document and send every subgraph request through the same signed, never-deduplicated
// transport (transport.ts, upstream-signing.ts).
//
// - rust: Hive Router's query planner (the native addon of @graphql-hive/router-query-planner, shipped for Linux with
//   glibc and macOS, x64 and arm64), its plans executed by @graphql-hive/router-runtime.
// - js: the runtime's own JavaScript planner (@graphql-tools/federation).

export const PLANNERS = ['rust', 'js'] as const;
export type Planner = (typeof PLANNERS)[number];
export const DEFAULT_PLANNER: Planner = 'js';

/** The runtime's `unifiedGraphHandler` for a planner: undefined keeps the runtime's own (the JavaScript planner). */
export function unifiedGraphHandlerFor(planner: Planner): UnifiedGraphHandler | undefined {
  return planner === 'rust' ? rustPlanner : undefined;
}
