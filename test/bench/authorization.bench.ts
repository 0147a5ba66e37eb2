import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { createLocalJWKSet } from 'jose';
import { randomBytes } from 'node:crypto';
import { TokenVerifier } from '../../gateway/jwt.js';
import type { HubGatewayContext } from '../../gateway/upstream-signing.js';
import { createDatabase, databaseUrl, dropDatabase } from '../../services/hub/databases.js';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../services/hub/dev-keys.js';
import { demoClaims, demoUser } from '../../services/hub/demo-users.js';
import { prepareDatabase } from '../../services/hub/prepare.js';
import { provideDatabase } from '../../services/hub/provide-database.js';
import { demoCenters } from '../../services/shared/demo-plan.js';
import { hubClaimsOf } from '../../services/shared/principal.js';
import { createStack } from '../helpers/stack.js';

// `npm run bench`: what authorization costs. The case-file query (a page of 20 cases, with slices from all four
// subgraphs) through the gateway, with the gateway's authorization on (token verification, cached until expiry, and
// the field filter) and off (fixed claims, no filter), and on without the token cache, measured in one run,
// alternating rounds so that the machine's noise falls on all of them alike. The subgraphs' own record rules and
// access logging run in every configuration: they are not optional.

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const QUERY = `{ cases(first: 20) { nodes {
  caseNumber center { code } survivor { code sex }
  medical { treatments { kind givenAt } } investigation { status } followUp { riskLevel }
} } }`;

const log = (line: string) => process.stdout.write(`${line}\n`);

interface Sample { requests: number; errors: number; latencies: number[]; ms: number }

async function load(url: string, token: string, ms: number): Promise<Sample> {
  const body = JSON.stringify({ query: QUERY });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + ms;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const res = await fetch(url, { method: 'POST', headers, body });
      const json = (await res.json()) as { errors?: unknown[] };
      if (!res.ok || json.errors) errors += 1;
      latencies.push(performance.now() - t);
    }
  }));
  return { requests: latencies.length, errors, latencies, ms: performance.now() - started };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

async function main(): Promise<void> {
  // Three in-process gateways each listen for termination signals; that is expected here, not a leak.
  process.setMaxListeners(50);
  const server = await provideDatabase({ purpose: 'the benchmark', log });
  const name = `isange_bench_${randomBytes(4).toString('hex')}`;
  await createDatabase(server.url, name);
  const url = databaseUrl(server.url, name);
  try {
    log('seeding 400 demo cases ...');
    await prepareDatabase(url, { seed: true, demoCases: 400, log: () => undefined });
    // A case manager of all 44 centers, so that every page is full.
    const claims = { ...demoClaims(demoUser('case-manager')), centers: demoCenters().map((c) => c.code) };
    const fixed: GatewayPlugin<HubGatewayContext> = {
      onContextBuilding({ extendContext }) {
        extendContext({ hubClaims: hubClaimsOf(claims) });
      },
    };
    log('starting three in-process hubs (authorization on, off, on without the token cache) ...');
    const on = await createStack(url);
    const off = await createStack(url, { gateway: { withoutAuthorization: { claimsPlugin: fixed } } });
    const uncached = await createStack(url, {
      gateway: { verifier: new TokenVerifier([{ issuer: DEV_ISSUER, audience: DEV_AUDIENCE, keys: createLocalJWKSet(on.keys.issuerJwks) }], { cacheSize: 0 }) },
    });
    // The uncached stack verifies tokens from the first stack's issuer key.
    const configs = [
      { name: 'authorization off', url: off.gatewayUrl, token: await on.tokenFor(claims) },
      { name: 'authorization on', url: on.gatewayUrl, token: await on.tokenFor(claims) },
      { name: 'on, no token cache', url: uncached.gatewayUrl, token: await on.tokenFor(claims) },
    ];
    log(`warming up ...`);
    for (const c of configs) await load(c.url, c.token, 1500);
    const results = new Map(configs.map((c) => [c.name, { requests: 0, errors: 0, latencies: [] as number[], ms: 0 }]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const c of round % 2 ? configs : [...configs].reverse()) {
        const s = await load(c.url, c.token, ROUND_MS);
        const r = results.get(c.name)!;
        r.requests += s.requests; r.errors += s.errors; r.ms += s.ms; r.latencies.push(...s.latencies);
        log(`  round ${round}: ${c.name.padEnd(20)} ${(s.requests / (s.ms / 1000)).toFixed(1)} req/s`);
      }
    }
    log('');
    log(`case file: a page of 20 cases, slices from 4 subgraphs; ${CONCURRENCY} concurrent clients; ${ROUNDS} rounds x ${ROUND_MS / 1000} s each`);
    log(`${'configuration'.padEnd(22)}${'req/s'.padStart(8)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}`);
    const rate = (n: string) => { const r = results.get(n)!; return r.requests / (r.ms / 1000); };
    for (const [n, r] of results) {
      log(`${n.padEnd(22)}${rate(n).toFixed(1).padStart(8)}${pct(r.latencies, 50).toFixed(1).padStart(9)}${pct(r.latencies, 99).toFixed(1).padStart(9)}${String(r.errors).padStart(8)}`);
    }
    const ratio = rate('authorization on') / rate('authorization off');
    log('');
    log(`ratio, authorization on / off: ${ratio.toFixed(3)} (goal: at least 0.9)`);
    log(`ratio, on without token cache / off: ${(rate('on, no token cache') / rate('authorization off')).toFixed(3)}`);
    // The token check alone, where the cache shows: EdDSA verification against a hash lookup.
    const keys = createLocalJWKSet(on.keys.issuerJwks);
    const token = await on.tokenFor(claims);
    const perSecond = async (verifier: TokenVerifier) => {
      const n = 5000;
      const t = performance.now();
      for (let i = 0; i < n; i++) await verifier.verify(token);
      return n / ((performance.now() - t) / 1000);
    };
    const cached = await perSecond(new TokenVerifier([{ issuer: DEV_ISSUER, audience: DEV_AUDIENCE, keys }]));
    const fresh = await perSecond(new TokenVerifier([{ issuer: DEV_ISSUER, audience: DEV_AUDIENCE, keys }], { cacheSize: 0 }));
    log(`token check alone: ${cached.toFixed(0)} verifications/s cached, ${fresh.toFixed(0)} uncached (${(cached / fresh).toFixed(1)}x)`);
    await on.close();
    await off.close();
    await uncached.close();
    if ([...results.values()].some((r) => r.errors > 0)) process.exitCode = 1;
  } finally {
    await dropDatabase(server.url, name).catch(() => undefined);
    await server.stop();
  }
}

await main();
