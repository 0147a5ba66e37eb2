import 'reflect-metadata';
import { subgraphNamed } from '../registry.js';
import { runProcess } from '../shared/lifecycle.js';
import { createLogger } from '../shared/log.js';
import { openOrm } from '../shared/orm.js';
import { startSubgraphServer } from '../shared/server.js';
import { Outbox } from '../shared/delivery/outbox.js';
import { readPrivateKey, readPublicKey } from '../shared/signing.js';
import { exitOnSettingsError } from '../shared/settings.js';
import { readSubgraphSettings, statisticsLimitsOf } from './settings.js';
import { configureThreshold } from '../shared/statistics/threshold.js';
import { configureStatisticsLimits } from '../shared/statistics/limits.js';

// One subgraph process: `node dist/services/hub/subgraph.js <name>` once built (`npm start`, docker-compose, the
// end-to-end test), `node --import tsx services/hub/subgraph.ts <name>` in development (`npm run dev`).

const name = process.argv[2] ?? '';
const d = subgraphNamed(name);
const log = createLogger(d.name);
let settings: ReturnType<typeof readSubgraphSettings>;
try {
  settings = readSubgraphSettings(d);
} catch (err) {
  exitOnSettingsError(err);
}

configureThreshold(settings.statisticsThreshold);
configureStatisticsLimits(statisticsLimitsOf(settings));

await runProcess(d.name, log, async () => {
  const orm = await openOrm(d, {
    clientUrl: settings.databaseUrl,
    poolMax: settings.poolMax,
    statementTimeoutMs: settings.statementTimeoutMs,
    idleInTransactionTimeoutMs: settings.idleInTransactionTimeoutMs,
    log,
  });
  // A sending subgraph (the center) delivers through its outbox, which a worker in this process empties.
  const outbox = d.sendsTo
    ? new Outbox({
        databaseUrl: settings.databaseUrl,
        dbSchema: d.dbSchema,
        receivers: d.sendsTo,
        targets: settings.receivers,
        signingKey: readPrivateKey(settings.centerSigningKeyFile!),
        log,
      })
    : undefined;
  await outbox?.start();
  const server = await startSubgraphServer(d, {
    orm,
    outbox,
    senderKey: settings.centerPublicKeyFile ? readPublicKey(settings.centerPublicKeyFile) : undefined,
    gatewayKey: readPublicKey(settings.gatewayKeyFile),
    signatureMaxAgeMs: settings.signatureMaxAgeMs,
    port: settings.port,
    host: settings.host,
    log,
  });
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await outbox?.stop();
      await orm.close();
    },
  };
});
