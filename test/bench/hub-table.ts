import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { demoClaims, demoUser, issueToken } from '../../services/hub/demo-users.js';
import { capturePlan, callerClaims, closedLoop, empty, floorClient, merge } from './case-file.js';
import { dashboardQueries } from './dashboard-queries.js';
import { BENCH_DEMO_CASES, BENCH_GENERATED_CASES, withBenchDatabase } from './database.js';
import type { GatewayProcessConfig } from './gateway-process.js';
import { type RunningHub, startHub } from './hub-process.js';
import { CASE_FILE_QUERY, pct, rate, type Sample } from './load.js';
import { statementsPerRequest } from './statements.js';

// The whole-hub table of `npm run bench`: one table, every row measured in the same run on the same seeded data, in
// interleaved rounds (each round visits every row, in alternating order, so that the shared machine's noise falls on
// all alike). The hub runs as `npm start` runs it, each subgraph in a process of its own, with two gateways of its
// own beside it (gateway-process.ts), authorization on and off. Rows: the case-file page (20 cases, slices from all
// four subgraphs) through the gateway with authorization on; its floor, the same subgraph requests the gateway's plan
// sends, made directly and signed as the gateway signs them; the gateway with authorization off; the analysts'
// statistics (dashboard-queries.ts) at the seeded size; the case-file page at 1, 50 and 500 cases. Every client is a
// caller of its own (a case manager of all 44 centers, or an analyst), so that no answer is shared.

/** Case-file page sizes whose SQL statements and timings get rows of their own (20 is the case-file rows'). */
const PAGE_SIZES = [1, 50, 500];

export interface TableRow {
  name: string;
  /** One request by client `client` (0 to concurrency - 1); true when it is answered in full (200, no errors). */
  once(client: number): Promise<boolean>;
  /** SQL statements per request (statements.ts); undefined where not counted. */
  statements?: number;
  /** Work to run only while this row is measured (other clients' load, say); it gives back how to stop it. */
  around?: () => Promise<() => Promise<void>>;
}

/** What a module adding rows of its own gets: the running hub, the gateways and the callers' tokens. */
export interface TableContext {
  databaseUrl: string;
  hub: RunningHub;
  gateways: { on: string; off: string };
  concurrency: number;
  /** A token for each client: case managers of all 44 centers, and analysts. */
  caseManagerTokens: string[];
  analystTokens: string[];
}

export interface TableOptions {
  rounds: number;
  roundMs: number;
  concurrency: number;
  /**
   * More rows, measured in the same rounds after the built-in ones: the case read under analyst load
   * (test/bench/analyst-load.ts) joins the table here.
   */
  extraRows?: (ctx: TableContext) => Promise<TableRow[]>;
}

/** The i-th analyst: each client its own caller. */
const analystClaims = (i: number) => ({ ...demoClaims(demoUser('analyst')), sub: `bench:analyst-${i}` });

const pageQuery = (n: number) => CASE_FILE_QUERY.replace('cases(first: 20)', `cases(first: ${n})`);

/** A hub gateway in a process of its own (gateway-process.ts), in front of `hub`'s subgraphs. */
async function startGateway(config: GatewayProcessConfig): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(fileURLToPath(new URL('./gateway-process.ts', import.meta.url)), [JSON.stringify(config)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the ${config.authorization} gateway exited (${code})`)));
    child.once('message', (m) => resolve((m as { url: string }).url));
  });
  return { url, child };
}

/** Closed-loop sender of `query` through the gateway at `url`, each client with its own token. */
export const through =
  (url: string, tokens: string[], query: string, variables?: Record<string, unknown>) =>
  async (client: number): Promise<boolean> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[client]}` },
      body: JSON.stringify({ query, variables }),
    });
    const json = (await res.json()) as { errors?: unknown[] };
    return res.ok && !json.errors;
  };

const FLOOR = 'case file 20, floor (direct)';

/**
 * Measure the table's rows and print the table through `log`, progress as it goes. Returns the table's lines (to be
 * printed again at the end of `npm run bench`) and the errors counted in it.
 */
export async function hubTable(
  databaseUrl: string,
  log: (line: string) => void,
  o: TableOptions,
): Promise<{ errors: number; lines: string[] }> {
  const caseManagers = Array.from({ length: o.concurrency }, (_, i) => callerClaims(i));
  const analysts = Array.from({ length: o.concurrency }, (_, i) => analystClaims(i));
  const dashboards = dashboardQueries();
  log('');
  log('whole-hub table: capturing the subgraph requests of the case-file plan ...');
  const plan = await capturePlan(databaseUrl, caseManagers[0]!);
  log('counting SQL statements per request (an in-process hub whose ORMs count them) ...');
  const statements = await statementsPerRequest(
    databaseUrl,
    [
      ...[20, ...PAGE_SIZES].map((n) => ({
        name: `page ${n}`,
        claims: caseManagers[0]!,
        query: pageQuery(n),
        cases: n,
      })),
      ...dashboards.map((d) => ({ name: d.name, claims: analysts[0]!, query: d.query, variables: d.variables })),
    ],
    log,
  );
  log('starting the hub in its own processes, and two gateways of its own (authorization on and off) ...');
  const hub = await startHub(databaseUrl);
  const gateways: { url: string; child: ChildProcess }[] = [];
  let errors = 0;
  try {
    const base = {
      subgraphs: hub.subgraphs,
      signingKeyFile: hub.gatewayKeyFile,
      issuerJwksFile: hub.issuerJwksFile,
      fixedClaims: caseManagers[0]!,
    };
    const on = await startGateway({ ...base, authorization: 'on' });
    gateways.push(on);
    const off = await startGateway({ ...base, authorization: 'off' });
    gateways.push(off);
    const ctx: TableContext = {
      databaseUrl,
      hub,
      gateways: { on: on.url, off: off.url },
      concurrency: o.concurrency,
      caseManagerTokens: await Promise.all(caseManagers.map((c) => issueToken(hub.issuerJwk, c))),
      analystTokens: await Promise.all(analysts.map((c) => issueToken(hub.issuerJwk, c))),
    };
    const page20 = statements.get('page 20');
    const rows: TableRow[] = [
      {
        name: 'case file 20, gateway, auth on',
        once: through(on.url, ctx.caseManagerTokens, CASE_FILE_QUERY),
        statements: page20,
      },
      { name: FLOOR, once: floorClient(hub, plan, caseManagers), statements: page20 },
      {
        name: 'case file 20, gateway, auth off',
        once: through(off.url, ctx.caseManagerTokens, CASE_FILE_QUERY),
        statements: page20,
      },
      ...dashboards.map((d) => ({
        name: d.name,
        once: through(on.url, ctx.analystTokens, d.query, d.variables),
        statements: statements.get(d.name),
      })),
      ...PAGE_SIZES.map((n) => ({
        name: `case file ${n}, gateway, auth on`,
        once: through(on.url, ctx.caseManagerTokens, pageQuery(n)),
        statements: statements.get(`page ${n}`),
      })),
      ...((await o.extraRows?.(ctx)) ?? []),
    ];

    log('warming up every row ...');
    for (const r of rows) await measure(r, o.concurrency, 1000);
    const results = new Map(rows.map((r) => [r.name, empty()]));
    for (let round = 1; round <= o.rounds; round++) {
      for (const r of round % 2 ? rows : [...rows].reverse()) {
        const s = await measure(r, o.concurrency, o.roundMs);
        merge(results.get(r.name)!, s);
        log(`  round ${round}/${o.rounds}: ${r.name.padEnd(40)} ${rate(s).toFixed(1)} req/s`);
      }
    }

    const floor = results.get(FLOOR)!;
    const lines = [
      `whole hub: ${BENCH_DEMO_CASES + BENCH_GENERATED_CASES} cases (${BENCH_DEMO_CASES} demo, ${BENCH_GENERATED_CASES} generated over ten years); ` +
        `${o.concurrency} concurrent clients, each its own caller; ${o.rounds} interleaved rounds x ${o.roundMs / 1000} s per row`,
      `${'row'.padEnd(40)}${'requests'.padStart(9)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}` +
        `${'errors'.padStart(7)}${'SQL/req'.padStart(9)}${'req/s ÷ floor'.padStart(15)}${'p50 ÷ floor'.padStart(13)}`,
    ];
    for (const r of rows) {
      const s = results.get(r.name)!;
      errors += s.errors;
      lines.push(
        `${r.name.padEnd(40)}${String(s.requests).padStart(9)}${rate(s).toFixed(1).padStart(9)}` +
          `${pct(s.latencies, 50).toFixed(1).padStart(9)}${pct(s.latencies, 99).toFixed(1).padStart(9)}` +
          `${String(s.errors).padStart(7)}${(r.statements === undefined ? '-' : r.statements.toFixed(1)).padStart(9)}` +
          `${(rate(s) / rate(floor)).toFixed(3).padStart(15)}` +
          `${(pct(s.latencies, 50) / pct(floor.latencies, 50)).toFixed(3).padStart(13)}`,
      );
    }
    lines.push(...LEGEND);
    log('');
    for (const line of lines) log(line);
    return { errors, lines };
  } finally {
    for (const g of gateways) g.child.disconnect();
    await hub.stop();
  }
}

const LEGEND = [
  'legend: req/s, p50 and p99 over all rounds of the row; errors: answers not a 200 without errors; SQL/req: SQL',
  '  statements the four subgraphs ran per request (counted apart, statements.ts; the floor runs what the gateway',
  "  row's plan does); req/s ÷ floor: the row's throughput over the floor's, p50 ÷ floor: its median latency over",
  "  the floor's. The floor is the case-file page of 20 sent straight to the subgraphs, so for the other queries",
  '  (statistics, other page sizes) the ratios say how much more or less each costs than that page, not an overhead.',
];

/** One row for `ms`: its own work started first where it has some, then `concurrency` closed-loop clients. */
async function measure(r: TableRow, concurrency: number, ms: number): Promise<Sample> {
  const stop = await r.around?.();
  try {
    return await closedLoop(concurrency, ms, r.once);
  } finally {
    await stop?.();
  }
}

// Alone: `npx tsx test/bench/hub-table.ts` (BENCH_ROUNDS, BENCH_ROUND_MS, BENCH_CONCURRENCY, BENCH_GENERATED_CASES).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const { errors } = await withBenchDatabase(log, (url) =>
    hubTable(url, log, {
      rounds: Number(process.env.BENCH_ROUNDS ?? 3),
      roundMs: Number(process.env.BENCH_ROUND_MS ?? 4000),
      concurrency: Number(process.env.BENCH_CONCURRENCY ?? 8),
    }),
  );
  if (errors > 0) process.exitCode = 1;
}
