import { DEFAULT_ANONYMOUS_LIMITS } from './anonymous.js';
import { DEFAULT_FAIR_SHARE } from './fair-share.js';
import { DEFAULT_STATISTICS_SHARE } from './statistics-share.js';
import { DEFAULT_LIMITS, DEFAULT_MAX_BODY_BYTES } from './limits.js';
import { DEFAULT_REFUSAL_DELAY_MS } from './refusal-delay.js';
import { DEFAULT_CONNECTION_LIMITS } from './connections.js';
import { DEFAULT_UPSTREAM_TIMEOUT_MS } from './upstream-timeout.js';
import { DEFAULT_PLANNER, PLANNERS } from './planner.js';
import {
  flag,
  integer,
  oneOf,
  originList,
  optionalText,
  optionalUrl,
  port,
  readSettings,
  SettingsError,
  text,
} from '../services/shared/settings.js';
import { projectRoot } from '../services/shared/project.js';

export const gatewaySettings = {
  port: port('GATEWAY_PORT', 'port the gateway listens on (0 = any free port)', 4000),
  host: text('GATEWAY_HOST', 'interface the gateway listens on', '127.0.0.1'),
  supergraphPath: text(
    'SUPERGRAPH_PATH',
    'the Federation 2 supergraph file to serve',
    `${projectRoot}schema/supergraph.graphql`,
  ),
  signingKeyFile: text(
    'GATEWAY_SIGNING_KEY_FILE',
    'PEM file with the Ed25519 private key the gateway signs subgraph requests with',
  ),
  jwtIssuer: optionalText(
    'JWT_ISSUER',
    "the national identity provider's issuer (`iss`); required unless DEV_ISSUER is on",
  ),
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
  planner: oneOf(
    'GATEWAY_PLANNER',
    "query planner: rust (the Hive Router planner, @graphql-hive/router-runtime) or js (the runtime's JavaScript planner)",
    PLANNERS,
    DEFAULT_PLANNER,
  ),
  upstreamTimeoutMs: integer(
    'UPSTREAM_TIMEOUT_MS',
    "longest the gateway waits for one subgraph request; then that subgraph's fields fail alone (GATEWAY_TIMEOUT)",
    DEFAULT_UPSTREAM_TIMEOUT_MS,
    { min: 100, max: 300_000 },
  ),
  refusalDelayMs: integer(
    'REFUSAL_DELAY_MS',
    'pause before a refusal (bad token, over a limit, invalid document) is answered, so a client looping on refusals costs a timer, not a core',
    DEFAULT_REFUSAL_DELAY_MS,
    { min: 0, max: 10_000 },
  ),
  corsOrigins: originList(
    'CORS_ORIGINS',
    'origins (scheme://host[:port]) a web page may call the gateway from, comma-separated; none by default',
  ),
  anonymousIntrospection: flag('ANONYMOUS_INTROSPECTION', 'let callers without a token introspect the schema', false),
  maxBodyBytes: integer(
    'MAX_BODY_BYTES',
    'largest request body, in bytes; larger ones are refused (413) before they are read',
    DEFAULT_MAX_BODY_BYTES,
    { min: 1024, max: 64 * 1024 * 1024 },
  ),
  maxStringLength: integer(
    'MAX_STRING_LENGTH',
    'longest string, in characters, in the document or its variables (the longest text field takes 20,000)',
    DEFAULT_LIMITS.strings,
    { min: 1000, max: 10_000_000 },
  ),
  anonymousPerMinute: integer(
    'ANONYMOUS_PER_MINUTE',
    'requests a minute from all callers without a token together, once their burst is spent; more are refused (429)',
    DEFAULT_ANONYMOUS_LIMITS.perMinute,
    { min: 1, max: 1_000_000 },
  ),
  anonymousBurst: integer(
    'ANONYMOUS_BURST',
    'requests without a token that may arrive at once after a quiet spell',
    DEFAULT_ANONYMOUS_LIMITS.burst,
    { min: 1, max: 100_000 },
  ),
  anonymousMaxBodyBytes: integer(
    'ANONYMOUS_MAX_BODY_BYTES',
    'largest request body without a token, in bytes (never more than MAX_BODY_BYTES)',
    DEFAULT_ANONYMOUS_LIMITS.maxBodyBytes,
    { min: 512, max: 64 * 1024 * 1024 },
  ),
  maxConnections: integer(
    'MAX_CONNECTIONS',
    'open connections at most, all clients together; keep it well under the open-file limit (ulimit -n)',
    DEFAULT_CONNECTION_LIMITS.total,
    { min: 16, max: 1_000_000 },
  ),
  maxConnectionsPerAddress: integer(
    'MAX_CONNECTIONS_PER_ADDRESS',
    'open connections at most from one client address; 0 for no limit (behind a proxy, where every client has its address)',
    DEFAULT_CONNECTION_LIMITS.perAddress,
    { min: 0, max: 1_000_000 },
  ),
  maxInFlightPerCaller: integer(
    'MAX_IN_FLIGHT_PER_CALLER',
    "one signed-in caller's requests worked on at once; more wait their turn",
    DEFAULT_FAIR_SHARE.inFlight,
    { min: 1, max: 100_000 },
  ),
  maxWaitingPerCaller: integer(
    'MAX_WAITING_PER_CALLER',
    "one signed-in caller's requests waiting for a turn; more are refused (429) before their body is read",
    DEFAULT_FAIR_SHARE.waiting,
    { min: 0, max: 1_000_000 },
  ),
  statisticsInFlightPerCaller: integer(
    'STATISTICS_IN_FLIGHT_PER_CALLER',
    "one caller's requests asking statistics executed at once; more wait their turn",
    DEFAULT_STATISTICS_SHARE.inFlight,
    { min: 1, max: 1000 },
  ),
  statisticsWaitingPerCaller: integer(
    'STATISTICS_WAITING_PER_CALLER',
    "one caller's requests asking statistics waiting for a turn; more are refused with STATISTICS_BUSY, after REFUSAL_DELAY_MS",
    DEFAULT_STATISTICS_SHARE.waiting,
    { min: 0, max: 10_000 },
  ),
  maxTokens: integer(
    'MAX_TOKENS',
    'most lexical tokens in an operation document; parsing stops at the first one over',
    DEFAULT_LIMITS.tokens,
    { min: 50, max: 1_000_000 },
  ),
  maxDepth: integer('MAX_DEPTH', 'deepest nesting of selections, through fragments', DEFAULT_LIMITS.depth, {
    min: 2,
    max: 1000,
  }),
  maxAliases: integer('MAX_ALIASES', 'most aliases in an operation, through fragments', DEFAULT_LIMITS.aliases, {
    min: 0,
    max: 100_000,
  }),
  maxDirectives: integer(
    'MAX_DIRECTIVES',
    'most directives in an operation, through fragments',
    DEFAULT_LIMITS.directives,
    { min: 0, max: 100_000 },
  ),
  maxFields: integer(
    'MAX_FIELDS',
    'most field selections once every fragment is expanded where it is spread',
    DEFAULT_LIMITS.fields,
    { min: 10, max: 1_000_000 },
  ),
  maxStatistics: integer(
    'MAX_STATISTICS',
    'most statistics questions in an operation, through fragments and aliases',
    DEFAULT_LIMITS.statistics,
    { min: 0, max: 1000 },
  ),
  maxCost: integer(
    'MAX_COST',
    "highest operation cost (GraphQL Armor's: fields weighted by depth, lists by `first`)",
    DEFAULT_LIMITS.cost,
    { min: 10, max: 1_000_000_000 },
  ),
};

export type GatewaySettings = ReturnType<typeof readSettings<typeof gatewaySettings>>;

export function readGatewaySettings(env: NodeJS.ProcessEnv = process.env): GatewaySettings {
  const s = readSettings(gatewaySettings, env);
  const problems: string[] = [];
  if (!s.jwtIssuer && !s.devIssuer)
    problems.push('JWT_ISSUER is required unless DEV_ISSUER=true: the gateway must trust some issuer');
  if (s.jwtIssuer && !s.jwksUrl && !s.jwksPath) problems.push('JWKS_URL or JWKS_PATH is required with JWT_ISSUER');
  if (s.jwksUrl && s.jwksPath) problems.push('give JWKS_URL or JWKS_PATH, not both');
  if (problems.length > 0) throw new SettingsError(problems);
  return s;
}
