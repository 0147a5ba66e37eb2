import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { callerFromClaims, claimsOf, type HubClaims } from '../../services/shared/caller.js';
import { demoClaims, demoUser, issueToken } from '../../services/hub/demo-users.js';
import { demoCenters } from '../../services/shared/demo-plan.js';
import { readPrivateKey, signRequest } from '../../services/shared/signing.js';
import { createStack } from '../helpers/stack.js';
import { withBenchDatabase } from './database.js';
import { type Cpu, cpuNow, type RunningHub, startHub } from './hub-process.js';
import { pct, rate, type Sample, CASE_FILE_QUERY } from './load.js';

// The case-file page as the hub runs in production: the gateway and the four subgraphs each in a process of their own
// (the launcher, `npm start`), and every client a distinct caller, so that no answer is shared. Beside it, the floor:
// the same subgraph requests the gateway's plan sends, made directly by the client (signed as the gateway signs), the
// center's first and the three agencies' in parallel after it. What the gateway adds is the difference.

const CONCURRENCIES = (process.env.BENCH_CASE_FILE_CONCURRENCY ?? '1,8,32').split(',').map(Number);

export interface Captured {
  name: string;
  body: string;
}

/** The subgraph requests the gateway's plan sends for CASE_FILE_QUERY, in order, captured once through an in-process hub. */
export async function capturePlan(databaseUrl: string, claims: Record<string, unknown>): Promise<Captured[][]> {
  const seen: Captured[] = [];
  const targets = new Map<string, string>();
  const proxies = new Map<string, { server: ReturnType<typeof createServer>; url: string }>();
  // One recording proxy per subgraph, listening before the stack is built (its subgraphUrl hook is synchronous).
  for (const name of ['center', 'health', 'police', 'gender-ministry']) {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        seen.push({ name, body });
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
        );
        delete headers['content-length'];
        delete headers.host;
        void fetch(targets.get(name) ?? '', { method: 'POST', headers, body }).then(async (r) => {
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
          res.end(Buffer.from(await r.arrayBuffer()));
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxies.set(name, { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` });
  }
  const stack = await createStack(databaseUrl, {
    subgraphUrl: (name, url) => {
      targets.set(name, url);
      const proxy = proxies.get(name);
      if (!proxy) throw new Error(`no recording proxy for subgraph ${name}`);
      return proxy.url;
    },
  });
  try {
    const res = await stack.query(await stack.tokenFor(claims), CASE_FILE_QUERY);
    if (res.status !== 200 || res.body.errors) throw new Error(`capture failed: ${JSON.stringify(res.body)}`);
  } finally {
    await stack.close();
    for (const p of proxies.values()) p.server.close();
  }
  const first = seen.filter((s) => s.name === 'center');
  const rest = seen.filter((s) => s.name !== 'center');
  if (first.length !== 1 || rest.length !== 3)
    throw new Error(`unexpected plan: ${seen.map((s) => s.name).join(', ')} (expected center, then three agencies)`);
  return [first, rest];
}

/** A case manager of all 44 centers (so that every page is full), the i-th of many: each client is its own caller. */
export function callerClaims(i: number): Record<string, unknown> {
  return {
    ...demoClaims(demoUser('case-manager')),
    sub: `bench:case-manager-${i}`,
    centers: demoCenters().map((c) => c.code),
  };
}

/** Closed-loop clients, each its own caller, each sending the next request when the last is answered. */
export async function closedLoop(
  concurrency: number,
  ms: number,
  once: (client: number) => Promise<boolean>,
): Promise<Sample> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      while (performance.now() < end) {
        const t = performance.now();
        if (!(await once(client))) errors += 1;
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { requests: latencies.length, errors, latencies, ms: performance.now() - started };
}

/**
 * The floor: `plan`'s subgraph requests sent by client `client` straight to the hub's subgraphs, each signed as the
 * gateway signs it with that client's claims, the first step's and then the next step's together; true when every
 * answer is a 200 without errors.
 */
export function floorClient(
  hub: RunningHub,
  plan: Captured[][],
  claims: Record<string, unknown>[],
): (client: number) => Promise<boolean> {
  const hubClaims: HubClaims[] = claims.map((c) => claimsOf(callerFromClaims(c)));
  const gatewayKey = readPrivateKey(hub.gatewayKeyFile);
  const direct = async (client: number, c: Captured) => {
    const res = await fetch(hub.subgraphs[c.name] ?? '', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signRequest({ key: gatewayKey, audience: c.name, body: c.body, claims: hubClaims[client] ?? null }),
      },
      body: c.body,
    });
    const json = (await res.json()) as { errors?: unknown[] };
    return res.ok && !json.errors;
  };
  return async (client) => {
    let ok = true;
    for (const step of plan) ok = (await Promise.all(step.map((c) => direct(client, c)))).every(Boolean) && ok;
    return ok;
  };
}

/**
 * `npm run bench`'s case-file rows: requests/s and latency through the gateway and on the floor, at each concurrency,
 * rounds alternating between the two; prints the table, the ratio of the p50s (goal: at most 1.2) and the best
 * throughput through the gateway (goal: at least 300 req/s).
 */
export async function caseFileRows(
  databaseUrl: string,
  log: (line: string) => void,
  o: { rounds: number; roundMs: number },
): Promise<{ errors: number }> {
  const maxClients = Math.max(...CONCURRENCIES);
  const claims = Array.from({ length: maxClients }, (_, i) => callerClaims(i));
  log('');
  log('case file with distinct callers: capturing the subgraph requests of the gateway plan ...');
  const plan = await capturePlan(databaseUrl, claims[0]!);
  log('starting the hub in its own processes (launcher, gateway, four subgraphs) ...');
  const hub = await startHub(databaseUrl);
  let errors = 0;
  try {
    const tokens = await Promise.all(claims.map((c) => issueToken(hub.issuerJwk, c)));
    const body = JSON.stringify({ query: CASE_FILE_QUERY });
    const viaGateway = async (client: number) => {
      const res = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[client]}` },
        body,
      });
      const json = (await res.json()) as { errors?: unknown[] };
      return res.ok && !json.errors;
    };
    const floor = floorClient(hub, plan, claims);
    log('warming up ...');
    await closedLoop(8, 1500, viaGateway);
    await closedLoop(8, 1500, floor);
    const rows: { clients: number; gateway: Sample; floor: Sample; cpu: { gateway: Cpu; floor: Cpu } }[] = [];
    for (const clients of CONCURRENCIES) {
      const row = { clients, gateway: empty(), floor: empty(), cpu: { gateway: {}, floor: {} } };
      for (let round = 1; round <= o.rounds; round++) {
        const order = round % 2 ? (['gateway', 'floor'] as const) : (['floor', 'gateway'] as const);
        for (const which of order) {
          const before = await cpuNow(hub, databaseUrl);
          const s = await closedLoop(clients, o.roundMs, which === 'gateway' ? viaGateway : floor);
          const after = await cpuNow(hub, databaseUrl);
          const cpu: Cpu = row.cpu[which];
          for (const [k, v] of Object.entries(after)) cpu[k] = (cpu[k] ?? 0) + v - (before[k] ?? 0);
          merge(row[which], s);
          log(`  ${clients} clients, round ${round}: ${which.padEnd(8)} ${rate(s).toFixed(1)} req/s`);
        }
      }
      rows.push(row);
    }
    log('');
    log(
      `case file, distinct callers: a page of 20 cases, 4 subgraph processes and the gateway's; ${o.rounds} rounds x ${o.roundMs / 1000} s`,
    );
    log(
      `${'clients'.padStart(7)}${'gateway req/s'.padStart(15)}${'p50'.padStart(8)}${'p99'.padStart(8)}${'floor req/s'.padStart(13)}${'p50'.padStart(8)}${'p99'.padStart(8)}${'p50 gw/floor'.padStart(14)}`,
    );
    for (const r of rows) {
      errors += r.gateway.errors + r.floor.errors;
      const g50 = pct(r.gateway.latencies, 50);
      const f50 = pct(r.floor.latencies, 50);
      log(
        `${String(r.clients).padStart(7)}${rate(r.gateway).toFixed(1).padStart(15)}${g50.toFixed(1).padStart(8)}${pct(r.gateway.latencies, 99).toFixed(1).padStart(8)}${rate(r.floor).toFixed(1).padStart(13)}${f50.toFixed(1).padStart(8)}${pct(r.floor.latencies, 99).toFixed(1).padStart(8)}${(g50 / f50).toFixed(3).padStart(14)}`,
      );
    }
    log('');
    log('CPU per request (ms), by process, measured from /proc over the same rounds:');
    const processes = Object.keys(rows[0]?.cpu.gateway ?? {});
    log(
      `${'clients'.padStart(7)}  ${'path'.padEnd(8)}${processes.map((p) => p.padStart(16)).join('')}${'total'.padStart(9)}`,
    );
    for (const r of rows) {
      for (const which of ['gateway', 'floor'] as const) {
        const per = (k: string) => ((r.cpu[which][k] ?? 0) * 1000) / Math.max(1, r[which].requests);
        const total = processes.reduce((sum, p) => sum + per(p), 0);
        log(
          `${String(r.clients).padStart(7)}  ${which.padEnd(8)}${processes.map((p) => per(p).toFixed(2).padStart(16)).join('')}${total.toFixed(2).padStart(9)}`,
        );
      }
    }
    const best = Math.max(...rows.map((r) => rate(r.gateway)));
    log(`best throughput through the gateway: ${best.toFixed(1)} req/s (goal: at least 300)`);
    log(`errors: ${errors}`);
  } finally {
    await hub.stop();
  }
  return { errors };
}

export const empty = (): Sample => ({ requests: 0, errors: 0, latencies: [], ms: 0 });
export const merge = (into: Sample, s: Sample) => {
  into.requests += s.requests;
  into.errors += s.errors;
  into.ms += s.ms;
  into.latencies.push(...s.latencies);
};

// Alone: `npx tsx test/bench/case-file.ts` (BENCH_ROUNDS, BENCH_ROUND_MS and BENCH_CASE_FILE_CONCURRENCY honoured).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const { errors } = await withBenchDatabase(log, (url) =>
    caseFileRows(url, log, {
      rounds: Number(process.env.BENCH_ROUNDS ?? 3),
      roundMs: Number(process.env.BENCH_ROUND_MS ?? 4000),
    }),
  );
  if (errors > 0) process.exitCode = 1;
}
