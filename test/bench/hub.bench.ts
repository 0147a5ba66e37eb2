import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { createLocalJWKSet } from 'jose';
import { DEFAULT_ANONYMOUS_LIMITS } from '../../gateway/anonymous.js';
import { TokenVerifier } from '../../gateway/jwt.js';
import type { HubGatewayContext } from '../../gateway/upstream-signing.js';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../services/shared/dev-key-files.js';
import { demoClaims, demoUser } from '../../services/hub/demo-users.js';
import { demoCenters } from '../../services/shared/demo-plan.js';
import { callerFromClaims } from '../../services/shared/caller.js';
import { createStack } from '../helpers/stack.js';
import { appendRates } from './access-log-append.js';
import { caseFileRows } from './case-file.js';
import { withBenchDatabase } from './database.js';
import { engineRows } from './engines.js';
import { hubTable } from './hub-table.js';
import { analystLoadTableRows } from './analyst-load.js';
import { intakeRows } from './intakes.js';
import { hostileBodies, hostileNeighboursWith, load, pct, rate, type Sample, CASE_FILE_QUERY } from './load.js';

// `npm run bench`: the whole-hub table (hub-table.ts), one table of the hub measured whole in one run; with
// BENCH_PHASES, the detailed phases too (see PHASES), the table first and printed again at the end.
//
// The protections phase: what the hub's protections cost, as ratios measured in one run. The case-file query (a page
// of 20 cases, with slices from all four subgraphs) through the gateway with authorization on (token verification,
// cached until expiry, and the field filter) and off (fixed claims, no filter), on without the token cache, and on
// with the unsafe in-flight deduplication the hub removed; rounds alternate so that the machine's noise falls on all
// alike. Then the hostile neighbour: the same clients' latency while anonymous clients send documents that are
// refused; and the anonymous flood: while anonymous clients ask the public directory, with and without the anonymous
// budget. The subgraphs' own record rules and access logging run in every configuration: they are not optional.

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const HOSTILE_CLIENTS = 6;

/**
 * The phases, in the order they run: the whole-hub table (hub-table.ts); the protections (this file); the access-log
 * append alone (access-log-append.ts); the case file by concurrency with CPU by process (case-file.ts); intakes
 * (intakes.ts); the engines (engines.ts, no database). BENCH_PHASES names those to run, comma-separated, or `all`.
 */
const PHASES = ['table', 'protections', 'append', 'case-file', 'intakes', 'engines'] as const;
type Phase = (typeof PHASES)[number];

function phasesToRun(setting: string): Set<Phase> {
  const names = setting.split(',').map((p) => p.trim());
  if (names.includes('all')) return new Set(PHASES);
  const unknown = names.filter((n) => !(PHASES as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0)
    throw new Error(`BENCH_PHASES: unknown ${unknown.join(', ')}; give some of ${PHASES.join(', ')}, or all`);
  return new Set(names as Phase[]);
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const row = (name: string, s: Sample) =>
  log(
    `${name.padEnd(34)}${rate(s).toFixed(1).padStart(8)}${pct(s.latencies, 50).toFixed(1).padStart(9)}${pct(s.latencies, 99).toFixed(1).padStart(9)}${String(s.errors).padStart(8)}`,
  );
const header = () =>
  log(
    `${'configuration'.padEnd(34)}${'req/s'.padStart(8)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}`,
  );
const merge = (into: Sample, s: Sample) => {
  into.requests += s.requests;
  into.errors += s.errors;
  into.ms += s.ms;
  into.latencies.push(...s.latencies);
};
const empty = (): Sample => ({ requests: 0, errors: 0, latencies: [], ms: 0 });

interface Neighbourhood {
  name: string;
  url: string;
  token: string;
  bodies: string[];
}

/**
 * The case-file clients' latency in quiet rounds and in rounds while anonymous clients in another thread send
 * `bodies` in a loop, for each configuration; prints a row for each and the ratio of the p50s.
 */
async function neighbourRows(title: string, configs: Neighbourhood[]) {
  const measured = configs.map((c) => ({
    ...c,
    quiet: empty(),
    noisy: empty(),
    statuses: {} as Record<string, number>,
  }));
  log('');
  log(`${title}, alternating with quiet rounds ...`);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const h of measured) {
      merge(
        h.quiet,
        await load({ url: h.url, token: h.token, query: CASE_FILE_QUERY, concurrency: CONCURRENCY, ms: ROUND_MS }),
      );
      const neighbours = hostileNeighboursWith(h.url, HOSTILE_CLIENTS, h.bodies);
      await new Promise((res) => setTimeout(res, 300));
      merge(
        h.noisy,
        await load({ url: h.url, token: h.token, query: CASE_FILE_QUERY, concurrency: CONCURRENCY, ms: ROUND_MS }),
      );
      for (const [k, v] of Object.entries(await neighbours.stop())) h.statuses[k] = (h.statuses[k] ?? 0) + v;
    }
  }
  header();
  for (const h of measured) {
    row(`quiet, ${h.name}`, h.quiet);
    row(`noisy, ${h.name}`, h.noisy);
  }
  for (const h of measured) {
    log(
      `${h.name}: anonymous requests answered ${JSON.stringify(h.statuses)}; ratio, p50 noisy / quiet: ` +
        `${(pct(h.noisy.latencies, 50) / pct(h.quiet.latencies, 50)).toFixed(3)} (goal: at most 1.5)`,
    );
  }
  return measured;
}

async function main(): Promise<void> {
  const phases = phasesToRun(process.env.BENCH_PHASES ?? 'table');
  const started = performance.now();
  let table: string[] = [];
  let failed = false;
  if ([...phases].some((p) => p !== 'engines'))
    await withBenchDatabase(log, async (url) => {
      if (phases.has('table')) {
        // The case read under analyst load (analyst-load.ts) joins the same rounds through `extraRows`.
        const t = await hubTable(url, log, {
          rounds: ROUNDS,
          roundMs: ROUND_MS,
          concurrency: CONCURRENCY,
          extraRows: analystLoadTableRows,
        });
        table = t.lines;
        if (t.errors > 0) failed = true;
      }
      // Every phase runs whatever the ones before it met (so no `failed ||= await ...`, which would skip it).
      if (phases.has('protections') && !(await protectionRows(url))) failed = true;
      if (phases.has('append')) await appendRates(url, log);
      if (phases.has('case-file') && (await caseFileRows(url, log, { rounds: ROUNDS, roundMs: ROUND_MS })).errors > 0)
        failed = true;
      if (phases.has('intakes') && (await intakeRows(url, log, { roundMs: ROUND_MS })).errors > 0) failed = true;
    });
  // The engine row needs no database: the hub's gateway against @apollo/gateway on in-memory subgraphs (engines.ts).
  if (phases.has('engines') && !(await engineRows(log))) failed = true;
  if (table.length > 0 && phases.size > 1) {
    log('');
    log('the whole-hub table, again:');
    for (const line of table) log(line);
  }
  log('');
  log(`npm run bench: ${[...phases].join(', ')} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (failed) process.exitCode = 1;
}

/** The protections phase (see the top of this file); false when any request failed. */
async function protectionRows(url: string): Promise<boolean> {
  // Three in-process gateways each listen for termination signals; that is expected here, not a leak.
  process.setMaxListeners(50);
  // A case manager of all 44 centers, so that every page is full.
  const claims = { ...demoClaims(demoUser('case-manager')), centers: demoCenters().map((c) => c.code) };
  const fixed: GatewayPlugin<HubGatewayContext> = {
    onContextBuilding({ extendContext }) {
      extendContext({ caller: callerFromClaims(claims) });
    },
  };
  log(
    'starting four in-process hubs (authorization on, off, on without the token cache, and the unsafe in-flight deduplication of before) ...',
  );
  const on = await createStack(url);
  // The off hub's runtime takes the fixed claims; its HTTP server still checks the token before reading a body.
  const off = await createStack(url, {
    gateway: {
      withoutAuthorization: { claimsPlugin: fixed },
      verifier: new TokenVerifier([
        { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, keys: createLocalJWKSet(on.keys.issuerJwks) },
      ]),
    },
  });
  const uncached = await createStack(url, {
    gateway: {
      verifier: new TokenVerifier(
        [{ issuer: DEV_ISSUER, audience: DEV_AUDIENCE, keys: createLocalJWKSet(on.keys.issuerJwks) }],
        { cacheSize: 0 },
      ),
    },
  });
  const dedup = await createStack(url, {
    gateway: {
      unsafeInflightDeduplication: true,
      verifier: new TokenVerifier([
        { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, keys: createLocalJWKSet(on.keys.issuerJwks) },
      ]),
    },
  });
  // Every stack verifies tokens from the first stack's issuer key. Every client sends the same query with the same
  // token: the case where merging identical in-flight requests saved the most, so the dedup row is its upper bound.
  const token = await on.tokenFor(claims);
  const configs = [
    { name: 'authorization off', url: off.gatewayUrl },
    { name: 'authorization on (now)', url: on.gatewayUrl },
    { name: 'on, no token cache', url: uncached.gatewayUrl },
    { name: 'on, in-flight dedup (before, unsafe)', url: dedup.gatewayUrl },
  ];
  log('warming up ...');
  for (const c of configs)
    await load({ url: c.url, token, query: CASE_FILE_QUERY, concurrency: CONCURRENCY, ms: 1500 });
  const results = new Map(configs.map((c) => [c.name, empty()]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const c of round % 2 ? configs : [...configs].reverse()) {
      const s = await load({ url: c.url, token, query: CASE_FILE_QUERY, concurrency: CONCURRENCY, ms: ROUND_MS });
      merge(results.get(c.name)!, s);
      log(`  round ${round}: ${c.name.padEnd(38)} ${rate(s).toFixed(1)} req/s`);
    }
  }
  log('');
  log(
    `case file: a page of 20 cases, slices from 4 subgraphs; ${CONCURRENCY} concurrent clients; ${ROUNDS} rounds x ${ROUND_MS / 1000} s each`,
  );
  header();
  for (const [n, r] of results) row(n, r);
  const r = (n: string) => rate(results.get(n)!);
  log('');
  log(
    `ratio, authorization on / off: ${(r('authorization on (now)') / r('authorization off')).toFixed(3)} (goal: at least 0.9)`,
  );
  log(`ratio, on without token cache / off: ${(r('on, no token cache') / r('authorization off')).toFixed(3)}`);
  log(
    `ratio, every answer for its own caller / in-flight dedup: ${(r('authorization on (now)') / r('on, in-flight dedup (before, unsafe)')).toFixed(3)} throughput, ` +
      `${(pct(results.get('authorization on (now)')!.latencies, 50) / pct(results.get('on, in-flight dedup (before, unsafe)')!.latencies, 50)).toFixed(3)} p50`,
  );
  // Closed before the next stacks open: six in-process hubs at once (four ORM pools and an outbox each) can ask more
  // connections than a PostgreSQL of 100 shared with other work has left (53300, too many clients).
  for (const stack of [off, uncached, dedup]) await stack.close();

  // The hostile neighbour: the same case-file clients, quiet, then while anonymous clients in another thread send
  // documents that are all refused (50,000 aliases in 1.3 MB, a 2^30 fragment fan-out in 1 KB, 48,000 tokens), with
  // the refusal delay (the default) and without it (REFUSAL_DELAY_MS=0), each against its own quiet rounds.
  const undelayed = await createStack(url, { gateway: { refusalDelayMs: 0 }, refusalDelayMs: 0 });
  const undelayedToken = await undelayed.tokenFor(claims);
  const refused = await neighbourRows(
    `hostile neighbour: ${HOSTILE_CLIENTS} anonymous clients sending refused documents`,
    [
      { name: 'refusal delay 250 ms (default)', url: on.gatewayUrl, token, bodies: hostileBodies() },
      { name: 'no refusal delay', url: undelayed.gatewayUrl, token: undelayedToken, bodies: hostileBodies() },
    ],
  );

  // The anonymous flood: the same, while anonymous clients ask the public directory as fast as it answers, with the
  // anonymous budget (the default) and without one (every anonymous request is answered).
  const budgeted = await createStack(url, { anonymous: DEFAULT_ANONYMOUS_LIMITS });
  const budgetedToken = await budgeted.tokenFor(claims);
  const directory = [
    JSON.stringify({ query: '{ centers { code name district province safeRoomBeds } hotlines { number purpose } }' }),
  ];
  const flooded = await neighbourRows(
    `anonymous flood: ${HOSTILE_CLIENTS} anonymous clients asking the public directory`,
    [
      { name: 'anonymous budget (default)', url: budgeted.gatewayUrl, token: budgetedToken, bodies: directory },
      { name: 'no anonymous budget', url: on.gatewayUrl, token, bodies: directory },
    ],
  );

  // The gateway's work to refuse a hostile document, one at a time, without the delay.
  const refusals: number[] = [];
  const fanOut = hostileBodies()[1]!;
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    const res = await fetch(undelayed.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: fanOut,
    });
    await res.arrayBuffer();
    if (res.status !== 400) throw new Error(`the fan-out document was answered ${res.status}, not refused`);
    refusals.push(performance.now() - t);
  }
  log(
    `a 2^30 fragment fan-out (1 KB) refused with 400 in p50 ${pct(refusals, 50).toFixed(2)} ms, p99 ${pct(refusals, 99).toFixed(2)} ms (without the refusal delay)`,
  );

  // The token check alone, where the cache shows: EdDSA verification against a hash lookup.
  const keys = createLocalJWKSet(on.keys.issuerJwks);
  const perSecond = async (verifier: TokenVerifier) => {
    const n = 5000;
    const t = performance.now();
    for (let i = 0; i < n; i++) await verifier.verify(token);
    return n / ((performance.now() - t) / 1000);
  };
  const cached = await perSecond(new TokenVerifier([{ issuer: DEV_ISSUER, audience: DEV_AUDIENCE, keys }]));
  const fresh = await perSecond(
    new TokenVerifier([{ issuer: DEV_ISSUER, audience: DEV_AUDIENCE, keys }], { cacheSize: 0 }),
  );
  log(
    `token check alone: ${cached.toFixed(0)} verifications/s cached, ${fresh.toFixed(0)} uncached (${(cached / fresh).toFixed(1)}x)`,
  );
  for (const stack of [on, undelayed, budgeted]) await stack.close();
  return ![...results.values(), ...[...refused, ...flooded].flatMap((h) => [h.quiet, h.noisy])].some(
    (x) => x.errors > 0,
  );
}

await main();
