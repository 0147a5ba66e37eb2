import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet } from 'jose';
import { readFile } from 'node:fs/promises';
import { DEV_AUDIENCE, DEV_ISSUER, devKeyFiles } from '../services/shared/dev-key-files.js';
import { runProcess } from '../services/shared/lifecycle.js';
import { createLogger } from '../services/shared/log.js';
import { exitOnSettingsError } from '../services/shared/settings.js';
import { readPrivateKey } from '../services/shared/signing.js';
import { TokenVerifier, type TrustedIssuer } from './jwt.js';
import { createHubGateway } from './runtime.js';
import { serveGateway } from './server.js';
import { type GatewaySettings, readGatewaySettings } from './settings.js';
import { loadSupergraph } from './supergraph.js';

// The gateway process: `node dist/gateway/index.js` once built, `node --import tsx gateway/index.ts` in development.

const log = createLogger('gateway');
let settings: GatewaySettings;
try {
  settings = readGatewaySettings();
} catch (err) {
  exitOnSettingsError(err);
}

async function readJwks(path: string): Promise<JSONWebKeySet> {
  return JSON.parse(await readFile(path, 'utf8')) as JSONWebKeySet;
}

await runProcess('gateway', log, async () => {
  const issuers: TrustedIssuer[] = [];
  if (settings.jwtIssuer) {
    issuers.push({
      issuer: settings.jwtIssuer,
      audience: settings.jwtAudience,
      keys: settings.jwksUrl
        ? createRemoteJWKSet(new URL(settings.jwksUrl))
        : createLocalJWKSet(await readJwks(settings.jwksPath ?? '')),
    });
  }
  if (settings.devIssuer) {
    log.warn('DEV_ISSUER is on: tokens from the development issuer are trusted. Never in production.');
    issuers.push({
      issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE,
      keys: createLocalJWKSet(await readJwks(devKeyFiles(settings.devKeysDir).issuerJwks)),
    });
  }
  const supergraph = loadSupergraph(await readFile(settings.supergraphPath, 'utf8'));
  const signingKey = readPrivateKey(settings.signingKeyFile);
  const verifier = new TokenVerifier(issuers);
  const gateway = createHubGateway({
    supergraph,
    signingKey,
    verifier,
    graphiql: settings.graphiql,
    planner: settings.planner,
    unauthorizedMode: settings.unauthorizedMode,
    log,
    upstreamTimeoutMs: settings.upstreamTimeoutMs,
    refusalDelayMs: settings.refusalDelayMs,
    statisticsShare: { inFlight: settings.statisticsInFlightPerCaller, waiting: settings.statisticsWaitingPerCaller },
    corsOrigins: settings.corsOrigins,
    anonymousIntrospection: settings.anonymousIntrospection,
    limits: {
      tokens: settings.maxTokens,
      depth: settings.maxDepth,
      aliases: settings.maxAliases,
      directives: settings.maxDirectives,
      fields: settings.maxFields,
      cost: settings.maxCost,
      statistics: settings.maxStatistics,
      strings: settings.maxStringLength,
    },
  });
  // The supergraph is handed to the planner now, not at the first request: a planner that cannot load (the Rust one's
  // native addon on a platform it is not built for) or a supergraph it cannot plan stops the gateway here.
  await gateway.getSchema();
  log.info(`planning with the ${settings.planner} query planner`);
  return serveGateway({
    gateway,
    subgraphs: supergraph.subgraphs,
    signingKey,
    port: settings.port,
    host: settings.host,
    maxBodyBytes: settings.maxBodyBytes,
    refusalDelayMs: settings.refusalDelayMs,
    anonymous: {
      perMinute: settings.anonymousPerMinute,
      burst: settings.anonymousBurst,
      maxBodyBytes: settings.anonymousMaxBodyBytes,
    },
    verifier,
    connections: { total: settings.maxConnections, perAddress: settings.maxConnectionsPerAddress },
    fairShare: { inFlight: settings.maxInFlightPerCaller, waiting: settings.maxWaitingPerCaller },
    graphiql: settings.graphiql,
  });
});
