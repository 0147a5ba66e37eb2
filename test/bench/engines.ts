import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler as rustPlanner } from '@graphql-hive/router-runtime';
import { type DocumentNode, Kind, print } from 'graphql';
import { createLocalJWKSet } from 'jose';
import { type ChildProcess, fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { TokenVerifier } from '../../gateway/jwt.js';
import { createHubGateway } from '../../gateway/runtime.js';
import { serveGateway } from '../../gateway/server.js';
import { loadSupergraph, overrideVariable } from '../../gateway/supergraph.js';
import { demoClaims, demoUser, issueToken } from '../../services/hub/demo-users.js';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../services/shared/dev-key-files.js';
import { demoCenters } from '../../services/shared/demo-plan.js';
import { createLogger } from '../../services/shared/log.js';
import { testKeys } from '../helpers/keys.js';
import { loadInThread, pct, rate, type Sample, CASE_FILE_QUERY } from './load.js';

// The engine row of `npm run bench` (also alone: `npx tsx test/bench/engines.ts`): the hub's gateway as it runs
// (createHubGateway behind serveGateway: token verification, the field filter, limits, signing, the Rust planner, no
// in-flight deduplication) against @apollo/gateway on @apollo/server 5 with its defaults, and against the stock Hive
// runtime on the Rust planner without the hub's plugins, so that what the plugins cost shows as 1 - hub/stock. All
// three serve the committed supergraph in this process's main thread, in front of the same in-memory subgraphs
// (engine-subgraphs.ts, in a child process) answering the case-file page; the clients run in a worker thread, so
// that the main thread's busy time is the gateway's alone. Rounds alternate their order so that the machine's noise
// falls on all alike; BENCH_ROUNDS, BENCH_ROUND_MS and BENCH_ENGINE_CONNECTIONS (default "8,32") shape the run.

const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = (process.env.BENCH_ENGINE_CONNECTIONS ?? '8,32').split(',').map(Number);
/** The case-file query of hub.bench.ts. */

const HUB = 'hub gateway (authorization on)';
const STOCK = 'stock Hive runtime, Rust planner';
const APOLLO = '@apollo/gateway 2.14';

interface Engine {
  name: string;
  url: string;
  close(): Promise<void>;
}

interface Measured {
  sample: Sample;
  /**
   * Milliseconds the main thread (the gateway) was busy, from its event-loop utilization: wall time, so on a shared
   * machine it includes moments the core was taken away, but it counts no other thread's work.
   */
  busyMs: number;
  /** Requests per second of each round, in round order. */
  rounds: number[];
}

/** The in-memory subgraphs, in a child process: their URLs by subgraph name once they listen. */
async function startSubgraphs(): Promise<{ urls: Record<string, string>; child: ChildProcess }> {
  const child = fork(fileURLToPath(new URL('./engine-subgraphs.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
  });
  const urls = await new Promise<Record<string, string>>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the in-memory subgraphs exited (${code})`)));
    child.once('message', (m) => resolve((m as { urls: Record<string, string> }).urls));
  });
  return { urls, child };
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(handler);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answerOf(url: string, token: string): Promise<{ data?: unknown; errors?: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: CASE_FILE_QUERY }),
  });
  return (await res.json()) as { data?: unknown; errors?: unknown };
}

/**
 * The supergraph as @apollo/gateway takes it. It refuses a supergraph that links the requiresScopes spec `for:
 * SECURITY` (only Apollo Router enforces it), so the link is given without its `for:`: the directives stay, as
 * annotations that gateway does not enforce. It does no authorization work, then, which the hub's row does.
 */
function forApollo(document: DocumentNode): DocumentNode {
  return {
    ...document,
    definitions: document.definitions.map((d) =>
      d.kind !== Kind.SCHEMA_DEFINITION
        ? d
        : {
            ...d,
            directives: d.directives?.map((dir) => {
              const url = dir.arguments?.find((a) => a.name.value === 'url')?.value;
              if (dir.name.value !== 'link' || url?.kind !== Kind.STRING || !url.value.includes('/requiresScopes/'))
                return dir;
              return { ...dir, arguments: dir.arguments?.filter((a) => a.name.value !== 'for') };
            }),
          },
    ),
  };
}

const fmt = (x: number, digits = 1) => x.toFixed(digits);

/**
 * Measure the three engines and print their table and ratios through `log`. Returns false, having measured nothing,
 * when the engines do not give the same data for the query (the mismatch is printed).
 */
export async function engineRows(log: (line: string) => void): Promise<boolean> {
  const subgraphs = await startSubgraphs();
  const engines: Engine[] = [];
  try {
    const env = Object.fromEntries(Object.entries(subgraphs.urls).map(([n, url]) => [overrideVariable(n), url]));
    const supergraph = loadSupergraph(
      await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'),
      env,
    );
    const keys = await testKeys();
    // A case manager of all 44 centers: the role sees every field of the query, so the field filter removes nothing
    // and the three engines must give the same data.
    const token = await issueToken(keys.issuerPrivateJwk, {
      ...demoClaims(demoUser('case-manager')),
      centers: demoCenters().map((c) => c.code),
    });
    const verifier = new TokenVerifier([
      { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, keys: createLocalJWKSet(keys.issuerJwks) },
    ]);

    const hub = await serveGateway({
      gateway: createHubGateway({
        supergraph,
        signingKey: keys.gatewayPrivate,
        verifier,
        planner: 'rust',
        log: createLogger('gateway', 'error'),
      }),
      verifier,
      subgraphs: supergraph.subgraphs,
      signingKey: keys.gatewayPrivate,
      port: 0,
    });
    engines.push({ name: HUB, url: hub.url, close: () => hub.close() });

    // The stock runtime with its defaults, but for the subgraph requests' in-flight deduplication, which is off as in
    // the hub (and in @apollo/gateway, which has none): every client sends the same query, and merging their subgraph
    // calls would measure a cache, not a gateway.
    const stockRuntime = createGatewayRuntime({
      supergraph: supergraph.document,
      unifiedGraphHandler: rustPlanner,
      transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
      logging: 'warn',
    });
    const stock = await listen(stockRuntime);
    engines.push({
      name: STOCK,
      url: stock.url,
      close: async () => {
        await stock.close();
        await stockRuntime.dispose();
      },
    });

    const apollo = new ApolloServer({
      gateway: new ApolloGateway({ supergraphSdl: print(forApollo(supergraph.document)) }),
    });
    const { url: apolloUrl } = await startStandaloneServer(apollo, { listen: { port: 0, host: '127.0.0.1' } });
    engines.push({ name: APOLLO, url: apolloUrl, close: () => apollo.stop() });

    // The same data from all three, or no measurement.
    const answers = await Promise.all(engines.map((e) => answerOf(e.url, token)));
    const reference = answers[0]!;
    let same = true;
    engines.forEach((e, i) => {
      const a = answers[i]!;
      if (a.errors || a.data == null || !isDeepStrictEqual(a.data, reference.data)) {
        same = false;
        log(`engine row: ${e.name} answered otherwise than ${engines[0]!.name}: ${JSON.stringify(a).slice(0, 2000)}`);
      }
    });
    if (!same) {
      log(`engine row: ${engines[0]!.name} answered ${JSON.stringify(reference).slice(0, 2000)}`);
      return false;
    }

    log('');
    log(`engines: ${engines.map((e) => e.name).join(', ')}; the same in-memory subgraphs (a child process) ...`);
    // Warm: the JIT, the planners' plan caches, the connections to the subgraphs.
    for (const e of engines)
      await loadInThread({ url: e.url, token, query: CASE_FILE_QUERY, concurrency: 8, ms: 3000 });
    const results = new Map<string, Measured>();
    for (const connections of CONNECTIONS) {
      for (const e of engines) results.set(`${e.name}|${connections}`, { sample: empty(), busyMs: 0, rounds: [] });
      for (let round = 1; round <= ROUNDS; round++) {
        for (const e of round % 2 ? engines : [...engines].reverse()) {
          const before = performance.eventLoopUtilization();
          const s = await loadInThread({
            url: e.url,
            token,
            query: CASE_FILE_QUERY,
            concurrency: connections,
            ms: ROUND_MS,
          });
          const elu = performance.eventLoopUtilization(before);
          const m = results.get(`${e.name}|${connections}`)!;
          merge(m.sample, s);
          m.busyMs += elu.active;
          m.rounds.push(rate(s));
          log(`  ${connections} connections, round ${round}: ${e.name.padEnd(34)} ${fmt(rate(s))} req/s`);
        }
      }
    }
    const stats = await new Promise<{ hits: number; misses: number }>((resolve) => {
      subgraphs.child.once('message', (m) => resolve(m as { hits: number; misses: number }));
      subgraphs.child.send('stats');
    });

    log('');
    log(
      `engines: the case-file page (20 cases, 4 subgraphs), ${ROUNDS} interleaved rounds x ${ROUND_MS / 1000} s; ` +
        `subgraph answers ${stats.hits} from memory, ${stats.misses} computed`,
    );
    log(
      `${'engine'.padEnd(34)}${'conns'.padStart(6)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}` +
        `${'errors'.padStart(8)}${'gw busy ms/req'.padStart(16)}`,
    );
    for (const connections of CONNECTIONS) {
      for (const e of engines) {
        const { sample: s, busyMs } = results.get(`${e.name}|${connections}`)!;
        log(
          `${e.name.padEnd(34)}${String(connections).padStart(6)}${fmt(rate(s)).padStart(9)}` +
            `${fmt(pct(s.latencies, 50)).padStart(9)}${fmt(pct(s.latencies, 99)).padStart(9)}${String(s.errors).padStart(8)}` +
            `${fmt(busyMs / Math.max(1, s.requests), 3).padStart(16)}`,
        );
      }
    }
    for (const connections of CONNECTIONS) {
      const m = (n: string) => results.get(`${n}|${connections}`)!;
      const ratio = (a: string, b: string) => rate(m(a).sample) / rate(m(b).sample);
      // Each round's ratio too: their spread says how much of the figure is the machine's noise.
      const spread = (a: string, b: string) => {
        const rs = m(a)
          .rounds.map((x, i) => x / m(b).rounds[i]!)
          .sort((x, y) => x - y);
        return `rounds ${fmt(rs[0]!, 3)}-${fmt(rs[rs.length - 1]!, 3)}, median ${fmt(pct(rs, 50), 3)}`;
      };
      const busy = (n: string) => m(n).busyMs / Math.max(1, m(n).sample.requests);
      log('');
      log(
        `${connections} connections: ratio, hub gateway / @apollo/gateway: ${fmt(ratio(HUB, APOLLO), 3)} (goal: at least 1.5; ${spread(HUB, APOLLO)})`,
      );
      log(
        `${connections} connections: ratio, stock Hive / @apollo/gateway: ${fmt(ratio(STOCK, APOLLO), 3)} (${spread(STOCK, APOLLO)})`,
      );
      log(
        `${connections} connections: the hub's plugins cost 1 - hub/stock = ${fmt(1 - ratio(HUB, STOCK), 3)} of throughput ` +
          `(hub/stock ${spread(HUB, STOCK)}), ${fmt(1 - busy(STOCK) / busy(HUB), 3)} of the gateway's busy time per request`,
      );
    }
    return [...results.values()].every((m) => m.sample.errors === 0);
  } finally {
    for (const e of engines) await e.close().catch(() => undefined);
    subgraphs.child.disconnect();
  }
}

const empty = (): Sample => ({ requests: 0, errors: 0, latencies: [], ms: 0 });
const merge = (into: Sample, s: Sample) => {
  into.requests += s.requests;
  into.errors += s.errors;
  into.ms += s.ms;
  for (const l of s.latencies) into.latencies.push(l);
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ok = await engineRows((line) => process.stdout.write(`${line}\n`));
  if (!ok) process.exitCode = 1;
}
