import type { EntityManager } from '@mikro-orm/postgresql';
import type { CaseRows } from './statistics/rollup.js';
import type { MigrationObject } from '@mikro-orm/core';
import type { NonEmptyArray } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { type SubgraphName, subgraphOf } from './agencies.js';
import type { Scope } from './catalogue.js';
import type { HubContext } from './context.js';
import type { Caller } from './caller.js';
import type { DemoPlan } from './demo-plan.js';
import type { DeliveryMessage } from './delivery/message.js';
import type { GeneratedBatch } from './seed/plan.js';
import type pg from 'pg';

/**
 * `__resolveReference` for one entity type: receives the representation the gateway sends. `scopes` are checked
 * before it runs, as `@requiresScopes` is on fields: an entity lookup is no back door around a field's rule.
 */
export interface ReferenceResolver {
  scopes: Scope[];
  resolve: (representation: Record<string, unknown>, ctx: HubContext, info: GraphQLResolveInfo) => unknown;
}

// Each subgraph exports one of these and nothing else. The launcher, the composition script, the migrator, the seeder
// and the tests iterate the one list in services/registry.ts, so adding an agency is adding a descriptor.
export interface SubgraphDescriptor {
  readonly name: SubgraphName;
  /** Default port when PORT is not set (4001-4004 in development); from the agency table. */
  readonly port: number;
  /** The PostgreSQL schema this subgraph owns; no other subgraph reads it. From the agency table. */
  readonly dbSchema: string;
  // MikroORM and type-graphql both take classes; their constructors are never called with arguments here.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly resolvers: NonEmptyArray<Function>;
  /** Types no query returns but the graph needs, such as the `Case` stub an agency extends. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly orphanedTypes?: Function[];
  /** Entity types the gateway may ask this subgraph to resolve by key. */
  readonly references: Record<string, ReferenceResolver>;
  readonly migrations: MigrationObject[];
  /** Subgraphs this one sends messages to, through its outbox (the center tells each agency of its referrals). */
  readonly sendsTo?: readonly SubgraphName[];
  /**
   * Messages to send again once migrations `applied` have run, for receivers whose own migrations replaced what they
   * had been told (the center's referrals, when the agencies' known cases became known referrals).
   */
  readonly redeliver?: (em: EntityManager, applied: readonly string[]) => Promise<Outgoing[]>;
  /** Messages this subgraph accepts in its inbox, from whom, and what it does with each (idempotently). */
  readonly receives?: { from: SubgraphName; receive: (em: EntityManager, message: DeliveryMessage) => Promise<void> };
  /**
   * Called with each signed-in caller, at most every few minutes per caller and process, before their request runs:
   * the center keeps its directory of case managers from it.
   */
  readonly observe?: (em: EntityManager, principal: Caller) => Promise<void>;
  /** Housekeeping, run every minute by the running subgraph: forget what has outlived its use (the center's old intake keys). */
  readonly sweep?: (em: EntityManager, now: Date) => Promise<void>;
  /** The statistics that keep a rollup (statistics/rollup.ts): refreshed every minute with the sweep. */
  readonly rollups?: readonly CaseRows[];
  /** Writes this subgraph's share of the demo data; must be idempotent. */
  readonly seed: (em: EntityManager, plan: DemoPlan) => Promise<void>;
  /**
   * Writes this agency's rows for a batch of generated cases (`npm run seed`), in the batch's one transaction on
   * `client`. The center writes its own share first (the cases and their numbers); see services/hub/seed-run.ts.
   */
  readonly seedGenerated?: (client: pg.ClientBase, batch: GeneratedBatch) => Promise<void>;
}

/** A subgraph's descriptor; its port and database schema come from the agency table (agencies.ts). */
/** A message and the subgraph it is for. */
export interface Outgoing {
  receiver: SubgraphName;
  message: DeliveryMessage;
}

export function defineSubgraph(d: Omit<SubgraphDescriptor, 'port' | 'dbSchema'>): SubgraphDescriptor {
  const { port, dbSchema } = subgraphOf(d.name);
  return { ...d, port, dbSchema };
}
