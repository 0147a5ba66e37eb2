import { ROLLUP_TABLES } from './statistics/rollup.migration.js';
import { DataloaderType, type IMigrator, MikroORM, ReflectMetadataProvider } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { ACCESS_LOG_TABLE } from './access-log/store.js';
import { HubEntity } from './base.entity.js';
import { SeenNonce } from './seen-nonce.entity.js';
import { AccessDenialRow } from './access-log/access-denial.entity.js';
import { DB_TIMEOUTS } from './db-timeouts.js';
import type { SubgraphDescriptor } from './descriptor.js';
import type { Logger } from './log.js';
import { projectRoot } from './project.js';

export type HubOrm = MikroORM<PostgreSqlDriver>;

export interface OrmOptions {
  clientUrl: string;
  poolMax?: number;
  /** Called once per SQL statement; tests count statements with it. */
  onQuery?: (sql: string) => void;
  /** Longest a statement may run (server-side), and a little more on the client for a server that does not answer. */
  statementTimeoutMs?: number;
  /** Longest a transaction may sit idle holding its locks, before the server ends the session. */
  idleInTransactionTimeoutMs?: number;
  /** Where the database driver's own warnings go (default: nowhere). */
  log?: Logger;
}

/**
 * The query builder's own log (knex prints to the console by default), reduced to the kind of event: its messages can
 * quote a statement or a connection error in full, and logs leave the hub's access controls.
 */
function driverLog(log: Logger | undefined) {
  const kind = (message: unknown) => (String(message).split(':')[0] ?? '').slice(0, 60);
  return {
    warn: (m: unknown) => log?.warn('database driver warning', { kind: kind(m) }),
    error: (m: unknown) => log?.error('database driver error', { kind: kind(m) }),
    deprecate: () => undefined,
    debug: () => undefined,
  };
}

export function migrationsPath(d: SubgraphDescriptor): string {
  return `${projectRoot}services/${d.name}/migrations`;
}

/**
 * One ORM per subgraph, confined to the subgraph's own PostgreSQL schema. The schema is only ever changed by the
 * committed migrations (never by sync at run time). References and collections are batched by MikroORM's dataloader
 * so that a page of 500 cases costs the same number of statements as a page of one.
 */
export async function openOrm(d: SubgraphDescriptor, options: OrmOptions): Promise<HubOrm> {
  const orm = await MikroORM.init<PostgreSqlDriver>({
    driver: PostgreSqlDriver,
    clientUrl: options.clientUrl,
    schema: d.dbSchema,
    entities: [HubEntity, SeenNonce, AccessDenialRow, ...d.entities],
    discovery: { requireEntitiesArray: true, disableDynamicFileAccess: true },
    metadataProvider: ReflectMetadataProvider,
    migrations: {
      migrationsList: d.migrations,
      path: migrationsPath(d),
      pathTs: migrationsPath(d),
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    // The access log and the statistics' rollup are created by hand-written SQL (triggers, sequence); schema diffs
    // must neither see nor drop them.
    schemaGenerator: { skipTables: [ACCESS_LOG_TABLE, ...ROLLUP_TABLES] },
    ensureDatabase: false,
    forceUtcTimezone: true,
    allowGlobalContext: false,
    dataloader: DataloaderType.ALL,
    pool: { min: 0, max: options.poolMax ?? 10 },
    // A stopped or frozen database fails requests within seconds instead of holding them (and the pool) forever:
    // the server ends long statements and idle transactions, the client gives up on a server that does not answer.
    driverOptions: {
      log: driverLog(options.log),
      acquireConnectionTimeout: DB_TIMEOUTS.acquireMs,
      connection: {
        statement_timeout: options.statementTimeoutMs ?? DB_TIMEOUTS.statementMs,
        query_timeout: (options.statementTimeoutMs ?? DB_TIMEOUTS.statementMs) + 2_000,
        idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? DB_TIMEOUTS.idleInTransactionMs,
        connectionTimeoutMillis: DB_TIMEOUTS.connectMs,
      },
    },
    debug: options.onQuery ? ['query'] : false,
    logger: options.onQuery ? (message: string) => options.onQuery?.(message) : () => undefined,
    colors: false,
  });
  return orm;
}

/**
 * The ORM's migrator, loaded on first use. Only the programs that change schemas need it (`npm run migrate`, which
 * `npm start` runs, `npm run migration:create`, the tests' setup); a subgraph process never does, and would otherwise
 * carry umzug and the command-line libraries it brings, a few MiB in each.
 */
export async function migratorOf(orm: HubOrm): Promise<IMigrator> {
  const { Migrator } = await import('@mikro-orm/migrations');
  Migrator.register(orm);
  return orm.getMigrator();
}

/** Apply this subgraph's committed migrations; returns the names applied now. */
export async function migrate(orm: HubOrm): Promise<string[]> {
  const applied = await (await migratorOf(orm)).up();
  return applied.map((m) => m.name);
}
