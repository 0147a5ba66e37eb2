import { MAX_THRESHOLD, MIN_THRESHOLD } from '../shared/statistics/threshold.js';
import {
  DEFAULT_STATISTICS_LIMITS,
  STATISTICS_LIMIT_RANGES,
  STATISTICS_LIMIT_SETTINGS,
  type StatisticsLimits,
  statisticsLimitProblems,
} from '../shared/statistics/limits.js';
import { DB_TIMEOUTS } from '../shared/db-timeouts.js';
import type { SubgraphDescriptor } from '../shared/descriptor.js';
import { projectRoot } from '../shared/project.js';
import {
  databaseUrl,
  flag,
  integer,
  optionalText,
  port,
  readSettings,
  SettingsError,
  subgraphUrlVariable,
  text,
  url,
} from '../shared/settings.js';

/** Local state of the hub's commands (launcher, token, migrate): embedded PostgreSQL data and development keys. */
export const pathSettings = {
  dataDir: text('DATA_DIR', 'folder for the embedded PostgreSQL and the development keys', `${projectRoot}.data/`),
};

/** Settings of one subgraph process (services/hub/subgraph.ts). */
export const subgraphSettings = (defaultPort: number) => ({
  databaseUrl: databaseUrl('PostgreSQL URL; each subgraph uses its own schema in this database'),
  port: port(
    'PORT',
    "port the subgraph listens on (0 = any free port); defaults to the subgraph's own, 4001-4004",
    defaultPort,
  ),
  host: text('HOST', 'interface the subgraph listens on', '127.0.0.1'),
  gatewayKeyFile: text(
    'GATEWAY_PUBLIC_KEY_FILE',
    "PEM file with the gateway's Ed25519 public key: the only signer a subgraph trusts",
  ),
  signatureMaxAgeMs: integer(
    'SIGNATURE_MAX_AGE_MS',
    'oldest gateway signature a subgraph accepts, in ms (the replay window)',
    30_000,
    {
      min: 1000,
      max: 300_000,
    },
  ),
  statisticsThreshold: integer(
    'STATISTICS_THRESHOLD',
    'smallest count a statistic publishes; counts from 1 to one less are suppressed',
    5,
    { min: MIN_THRESHOLD, max: MAX_THRESHOLD },
  ),
  ...statisticsLimitSettings(),
  poolMax: integer('DB_POOL_MAX', 'database connections per subgraph process', 10, { min: 1, max: 100 }),
  statementTimeoutMs: integer(
    'DB_STATEMENT_TIMEOUT_MS',
    'longest a database statement may run before the server cancels it',
    DB_TIMEOUTS.statementMs,
    { min: 100, max: 3_600_000 },
  ),
  idleInTransactionTimeoutMs: integer(
    'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
    'longest a transaction may sit idle holding its locks',
    DB_TIMEOUTS.idleInTransactionMs,
    { min: 100, max: 3_600_000 },
  ),
  centerSigningKeyFile: optionalText(
    'CENTER_SIGNING_KEY_FILE',
    'center only: PEM file with the Ed25519 private key the center signs its deliveries to the agencies with',
  ),
  centerPublicKeyFile: optionalText(
    'CENTER_PUBLIC_KEY_FILE',
    "agencies only: PEM file with the center's Ed25519 public key: the only sender an agency's inbox trusts",
  ),
});

const STATISTICS_LIMIT_MEANINGS: Record<keyof StatisticsLimits, string> = {
  concurrency:
    'statistics questions answered at once by one subgraph: its worker threads, and the most database connections they hold',
  perCaller: "one caller's statistics questions answered at once by one subgraph",
  queue: 'statistics questions waiting for a turn in one subgraph, all callers together; more are refused',
  queuePerCaller: "one caller's statistics questions waiting for a turn in one subgraph; more are refused",
  waitMs: 'longest a statistics question waits for its turn before it is refused (STATISTICS_BUSY)',
  timeoutMs: 'longest one SQL statement of a statistics question, and deciding its lattice, may take',
};

/** The statistics limits (services/shared/statistics/limits.ts), one setting each. */
function statisticsLimitSettings() {
  const setting = (k: keyof StatisticsLimits) =>
    integer(
      STATISTICS_LIMIT_SETTINGS[k],
      STATISTICS_LIMIT_MEANINGS[k],
      DEFAULT_STATISTICS_LIMITS[k],
      STATISTICS_LIMIT_RANGES[k],
    );
  return {
    statisticsConcurrency: setting('concurrency'),
    statisticsPerCaller: setting('perCaller'),
    statisticsQueue: setting('queue'),
    statisticsQueuePerCaller: setting('queuePerCaller'),
    statisticsWaitMs: setting('waitMs'),
    statisticsTimeoutMs: setting('timeoutMs'),
  };
}

/** The statistics limits a subgraph's settings give. */
export function statisticsLimitsOf(s: {
  statisticsConcurrency: number;
  statisticsPerCaller: number;
  statisticsQueue: number;
  statisticsQueuePerCaller: number;
  statisticsWaitMs: number;
  statisticsTimeoutMs: number;
}): StatisticsLimits {
  return {
    concurrency: s.statisticsConcurrency,
    perCaller: s.statisticsPerCaller,
    queue: s.statisticsQueue,
    queuePerCaller: s.statisticsQueuePerCaller,
    waitMs: s.statisticsWaitMs,
    timeoutMs: s.statisticsTimeoutMs,
  };
}

/** A subgraph's settings, with what its role requires: a sender's key and receivers' URLs, a receiver's trust. */
export function readSubgraphSettings(d: SubgraphDescriptor, env: NodeJS.ProcessEnv = process.env) {
  const problems: string[] = [];
  const collect = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (err) {
      if (!(err instanceof SettingsError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const base = collect(() => readSettings(subgraphSettings(d.port), env));
  const receivers = collect(() =>
    readSettings(
      Object.fromEntries(
        (d.sendsTo ?? []).map((r) => [
          r,
          url(subgraphUrlVariable(r), `where subgraph ${r} is; the center delivers to it`),
        ]),
      ),
      env,
    ),
  );
  if (base && d.sendsTo && !base.centerSigningKeyFile)
    problems.push(`CENTER_SIGNING_KEY_FILE is required: ${d.name} signs its deliveries`);
  if (base && d.receives && !base.centerPublicKeyFile)
    problems.push(`CENTER_PUBLIC_KEY_FILE is required: ${d.name} accepts deliveries from the center only`);
  // The statistics limits together, and with the database's: each alone was checked against its range above.
  if (base)
    problems.push(
      ...statisticsLimitProblems(statisticsLimitsOf(base), {
        poolMax: base.poolMax,
        statementTimeoutMs: base.statementTimeoutMs,
      }),
    );
  if (problems.length > 0 || !base || !receivers) throw new SettingsError(problems);
  return { ...base, receivers: Object.entries(receivers).map(([name, at]) => ({ name, url: at as string })) };
}

/** Settings of the launcher (`npm start`), besides those it passes on to the processes it starts. */
export const launcherSettings = {
  gatewayPort: port('GATEWAY_PORT', 'port the gateway listens on (0 = any free port)', 4000),
  subgraphBasePort: port(
    'SUBGRAPH_BASE_PORT',
    'first subgraph port; the four take consecutive ports (0 = any free ports)',
    4001,
  ),
  seed: flag('SEED', 'seed the demo data on start (idempotent)', true),
  demoCases: integer('DEMO_CASES', 'how many synthetic cases the demo seed writes', 300, { min: 1, max: 100_000 }),
};
