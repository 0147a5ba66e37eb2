import { fileURLToPath } from 'node:url';
import {
  flag, oneOf, optionalText, optionalUrl, port, readSettings, SettingsError, text,
} from '../services/shared/settings.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export const gatewaySettings = {
  port: port('GATEWAY_PORT', 'port the gateway listens on (0 = any free port)', 4000),
  host: text('GATEWAY_HOST', 'interface the gateway listens on', '127.0.0.1'),
  supergraphPath: text('SUPERGRAPH_PATH', 'the Federation 2 supergraph file to serve', `${projectRoot}schema/supergraph.graphql`),
  signingKeyFile: text('GATEWAY_SIGNING_KEY_FILE', 'PEM file with the Ed25519 private key the gateway signs subgraph requests with'),
  jwtIssuer: optionalText('JWT_ISSUER', "the national identity provider's issuer (`iss`); required unless DEV_ISSUER is on"),
  jwtAudience: text('JWT_AUDIENCE', 'the audience (`aud`) tokens must name', 'isange-hub'),
  jwksUrl: optionalUrl('JWKS_URL', "URL of the identity provider's JWKS (ES256 or EdDSA keys)"),
  jwksPath: optionalText('JWKS_PATH', "file with the identity provider's JWKS, instead of JWKS_URL"),
  devIssuer: flag('DEV_ISSUER', 'also trust the development issuer and its demo users (never in production)', false),
  devKeysDir: text('DEV_KEYS_DIR', 'folder of the development keys', `${projectRoot}.data/keys`),
  graphiql: flag('GRAPHIQL', 'serve GraphiQL at /graphql in a browser', false),
  unauthorizedMode: oneOf(
    'UNAUTHORIZED_MODE',
    'filter: answer without the fields the caller may not see (null + error each); reject: refuse the whole operation',
    ['filter', 'reject'] as const,
    'filter',
  ),
};

export type GatewaySettings = ReturnType<typeof readSettings<typeof gatewaySettings>>;

export function readGatewaySettings(env: NodeJS.ProcessEnv = process.env): GatewaySettings {
  const s = readSettings(gatewaySettings, env);
  const problems: string[] = [];
  if (!s.jwtIssuer && !s.devIssuer) problems.push('JWT_ISSUER is required unless DEV_ISSUER=true: the gateway must trust some issuer');
  if (s.jwtIssuer && !s.jwksUrl && !s.jwksPath) problems.push('JWKS_URL or JWKS_PATH is required with JWT_ISSUER');
  if (s.jwksUrl && s.jwksPath) problems.push('give JWKS_URL or JWKS_PATH, not both');
  if (problems.length > 0) throw new SettingsError(problems);
  return s;
}
