import type { ApolloServer } from '@apollo/server';
import { generateKeyPairSync } from 'node:crypto';
import { Outbox } from '../../services/shared/delivery/outbox.js';
import { whenFileDone } from './cleanup.js';
import { type HubContext, newContext } from '../../services/shared/context.js';
import type { SubgraphDescriptor } from '../../services/shared/descriptor.js';
import { createLogger } from '../../services/shared/log.js';
import { type HubOrm, openOrm } from '../../services/shared/orm.js';
import type { Caller } from '../../services/shared/caller.js';
import { createApolloServer } from '../../services/shared/server.js';

export interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface SubgraphHarness {
  orm: HubOrm;
  /** Execute an operation against the subgraph's schema directly, as `principal`, with the subgraph's error format. */
  run(caller: Caller | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
}

/** A subgraph executed in-process (no HTTP, no signature) against the test database. */
export async function subgraphHarness(d: SubgraphDescriptor, databaseUrl: string): Promise<SubgraphHarness> {
  const orm = await openOrm(d, { clientUrl: databaseUrl, poolMax: 4 });
  const apollo: ApolloServer<HubContext> = await createApolloServer(d, createLogger(d.name, 'error'));
  // A sender's messages are written to its outbox as in production; no worker delivers them here.
  const outbox = d.sendsTo
    ? new Outbox({
        databaseUrl,
        dbSchema: d.dbSchema,
        receivers: d.sendsTo,
        signingKey: generateKeyPairSync('ed25519').privateKey,
        log: createLogger(d.name, 'error'),
      })
    : undefined;
  whenFileDone(async () => {
    await apollo.stop();
    await orm.close();
  });
  return {
    orm,
    async run(caller, query, variables) {
      const res = await apollo.executeOperation(
        { query, variables },
        { contextValue: newContext(caller, orm.em.fork(), 'test', outbox) },
      );
      if (res.body.kind !== 'single') throw new Error('incremental delivery is not used by the hub');
      return JSON.parse(JSON.stringify(res.body.singleResult)) as GraphQLResponse;
    },
  };
}
