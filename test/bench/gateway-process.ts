import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { readFile } from 'node:fs/promises';
import { TokenVerifier } from '../../gateway/jwt.js';
import { createHubGateway } from '../../gateway/runtime.js';
import { serveGateway } from '../../gateway/server.js';
import { loadSupergraph, overrideVariable } from '../../gateway/supergraph.js';
import type { HubGatewayContext } from '../../gateway/upstream-signing.js';
import { callerFromClaims } from '../../services/shared/caller.js';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../services/shared/dev-key-files.js';
import { createLogger } from '../../services/shared/log.js';
import { readPrivateKey } from '../../services/shared/signing.js';

// A hub gateway in a process of its own for the whole-hub table (hub-table.ts), in front of the subgraph processes of
// a running hub: with authorization on (token verification and the field filter, as the gateway process runs them)
// or off (fixed claims for every request, no filter: `withoutAuthorization`, which the gateway process never sets).
// Both are built here alike, with the gateway's defaults, so that the two rows differ by authorization alone. Forked
// by hub-table.ts with `--import tsx`: it sends `{ url }` once listening and exits when its parent goes.

export interface GatewayProcessConfig {
  authorization: 'on' | 'off';
  /** Subgraph URLs by name, the running hub's. */
  subgraphs: Record<string, string>;
  /** The hub's gateway signing key (PEM file) and its development issuer's public keys (JWKS file). */
  signingKeyFile: string;
  issuerJwksFile: string;
  /** The claims every request is given when authorization is off. */
  fixedClaims: Record<string, unknown>;
}

const config = JSON.parse(process.argv[2] ?? '{}') as GatewayProcessConfig;
const env = Object.fromEntries(Object.entries(config.subgraphs).map(([n, url]) => [overrideVariable(n), url]));
const supergraph = loadSupergraph(
  await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'),
  env,
);
const signingKey = readPrivateKey(config.signingKeyFile);
const jwks = JSON.parse(await readFile(config.issuerJwksFile, 'utf8')) as JSONWebKeySet;
const verifier = new TokenVerifier([{ issuer: DEV_ISSUER, audience: DEV_AUDIENCE, keys: createLocalJWKSet(jwks) }]);
const fixed: GatewayPlugin<HubGatewayContext> = {
  onContextBuilding({ extendContext }) {
    extendContext({ caller: callerFromClaims(config.fixedClaims) });
  },
};
const gateway = createHubGateway({
  supergraph,
  signingKey,
  verifier,
  log: createLogger('gateway', 'error'),
  ...(config.authorization === 'off' ? { withoutAuthorization: { claimsPlugin: fixed } } : {}),
});
await gateway.getSchema();
// The HTTP server checks the token before reading a body in both: with authorization off, only the runtime's work
// (verification, the field filter) is left out.
const running = await serveGateway({
  gateway,
  subgraphs: supergraph.subgraphs,
  signingKey,
  verifier,
  port: 0,
});
// The parent's end is this process's end: no orphan keeps the port.
process.on('disconnect', () => void running.close().finally(() => process.exit(0)));
process.send?.({ url: running.url });
