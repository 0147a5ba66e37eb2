import 'reflect-metadata';
import { subgraphNamed } from '../registry.js';
import { runProcess } from '../shared/lifecycle.js';
import { createLogger } from '../shared/log.js';
import { openOrm } from '../shared/orm.js';
import { startSubgraphServer } from '../shared/server.js';
import { readPublicKey } from '../shared/signing.js';
import { exitOnSettingsError, readSettings } from '../shared/settings.js';
import { subgraphSettings } from './settings.js';

// One subgraph process: `node --import tsx services/hub/subgraph.ts <name>`. The launcher, docker-compose and the
// end-to-end test all start subgraphs this way.

const name = process.argv[2] ?? '';
const d = subgraphNamed(name);
const log = createLogger(d.name);
let settings: ReturnType<typeof readSettings<ReturnType<typeof subgraphSettings>>>;
try {
  settings = readSettings(subgraphSettings(d.port));
} catch (err) {
  exitOnSettingsError(err);
}

await runProcess(d.name, log, async () => {
  const orm = await openOrm(d, {
    clientUrl: settings.databaseUrl, poolMax: settings.poolMax,
    statementTimeoutMs: settings.statementTimeoutMs, idleInTransactionTimeoutMs: settings.idleInTransactionTimeoutMs,
  });
  const server = await startSubgraphServer(d, {
    orm,
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
      await orm.close();
    },
  };
});
