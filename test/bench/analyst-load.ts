import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { demoClaims, demoUser, issueToken } from '../../services/hub/demo-users.js';
import { withBenchDatabase } from './database.js';
import { startHub } from './hub-process.js';
import { load, pct, rate, type Sample } from './load.js';
import { type TableContext, type TableRow, through } from './hub-table.js';

// A case manager's case read while analysts flood the center with heavy statistics questions, the hub run as in
// production (compiled, each subgraph and the gateway in a process of its own). Quiet rounds alternate with flooded
// rounds, so that the machine's noise falls on both alike. Each analyst is a token of its own that keeps
// `inFlight` requests going (the gateway's per-caller share), each request asking six of the heaviest questions the
// center accepts (MAX_STATISTICS, MAX_LATTICE_CELLS). What is compared is the case read's p50 and p99, flooded and
// quiet, in one run.

/** One case, read by its case manager: the center alone answers it. */
const CASE_READ = (id: string) => `{ case(id: "${id}") { caseNumber status survivor { code sex } } }`;

/** Six questions of the current Kigali year, each of thousands of figures to decide (up to 15,840). */
export function heavyStatistics(year: number): string {
  const y = { from: `${year}-01-01`, to: `${year}-12-31` };
  const qs = [
    { period: 'DAY', ...y, rows: 'PERIOD', columns: 'DISTRICT' },
    { period: 'WEEK', ...y, rows: 'PERIOD', columns: 'CENTER' },
    { period: 'DAY', ...y, rows: 'PERIOD', columns: 'INCIDENT_TYPE' },
    { period: 'DAY', ...y, rows: 'PERIOD', columns: 'AGE_BAND' },
    { period: 'DAY', ...y, rows: 'PERIOD', columns: 'SEX' },
    { period: 'MONTH', from: `${year - 2}-01-01`, to: y.to, rows: 'PERIOD', columns: 'CENTER' },
  ];
  const literal = (q: Record<string, string>) =>
    `{ ${Object.entries(q)
      .map(([k, v]) => (k === 'period' || k === 'rows' || k === 'columns' ? `${k}: ${v}` : `${k}: "${v}"`))
      .join(', ')} }`;
  return `{ ${qs.map((q, i) => `q${i}: intakeStatistics(query: ${literal(q)}) { total { count } cells { count } }`).join(' ')} }`;
}

export interface AnalystLoadRow {
  name: string;
  sample: Sample;
  /** How the analysts' requests were answered: answered whole, refused busy (STATISTICS_BUSY), other errors. */
  statistics: Record<string, number> | null;
}

/**
 * Analysts in a thread of their own, each token keeping `inFlight` requests going until stopped; counts the answers:
 * `answered` (no error), `busy` (errors coded STATISTICS_BUSY only), `failed <codes or HTTP status>` (anything else).
 */
function floodInThread(url: string, tokens: string[], inFlight: number, body: string) {
  const worker = new Worker(
    `
    const { parentPort, workerData: o } = require('node:worker_threads');
    const http = require('node:http');
    const target = new URL(o.url);
    const body = Buffer.from(o.body);
    const agent = new http.Agent({ keepAlive: true, maxSockets: o.tokens.length * o.inFlight });
    let running = true;
    const counts = { answered: 0, busy: 0 };
    parentPort.on('message', () => { running = false; });
    const send = (token) => new Promise((resolve) => {
      const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: 'Bearer ' + token } },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            let kind = 'failed ' + res.statusCode;
            try {
              const json = JSON.parse(Buffer.concat(chunks).toString());
              const codes = [...new Set((json.errors || []).map((e) => e.extensions && e.extensions.code))];
              if (res.statusCode === 200 && codes.length === 0) kind = 'answered';
              else if (res.statusCode === 200 && codes.every((c) => c === 'STATISTICS_BUSY')) kind = 'busy';
              else kind = 'failed ' + codes.join('+');
            } catch {}
            resolve(kind);
          });
        });
      req.on('error', () => resolve('failed'));
      req.end(body);
    });
    Promise.all(o.tokens.flatMap((token) => Array.from({ length: o.inFlight }, async () => {
      while (running) { const k = await send(token); counts[k] = (counts[k] || 0) + 1; }
    }))).then(() => { agent.destroy(); parentPort.postMessage(counts); });
  `,
    { eval: true, workerData: { url, tokens, inFlight, body } },
  );
  return {
    stop: () =>
      new Promise<Record<string, number>>((resolve) => {
        worker.once('message', (c: Record<string, number>) => void worker.terminate().then(() => resolve(c)));
        worker.postMessage('stop');
      }),
  };
}

export interface AnalystLoadOptions {
  roundMs: number;
  rounds: number;
  /** The number of analysts flooding, one row each. */
  analysts: number[];
  /** Requests each analyst keeps in flight. */
  inFlight: number;
  /** Case managers' clients reading at once. */
  readers: number;
}

export async function analystLoadRows(
  databaseUrl: string,
  log: (line: string) => void,
  o: AnalystLoadOptions,
): Promise<AnalystLoadRow[]> {
  log('');
  log('analysts: starting the hub in its own processes (launcher, gateway, four subgraphs) ...');
  const hub = await startHub(databaseUrl);
  try {
    const manager = await issueToken(hub.issuerJwk, demoClaims(demoUser('case-manager')));
    const found = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${manager}` },
      body: JSON.stringify({ query: '{ cases(first: 1) { nodes { id } } }' }),
    });
    const id = ((await found.json()) as { data: { cases: { nodes: { id: string }[] } } }).data.cases.nodes[0]!.id;
    const year = new Date(Date.now() + 2 * 3_600_000).getUTCFullYear();
    const body = JSON.stringify({ query: heavyStatistics(year) });
    const most = Math.max(...o.analysts);
    const tokens = await Promise.all(
      Array.from({ length: most }, (_, i) =>
        issueToken(hub.issuerJwk, { ...demoClaims(demoUser('analyst')), sub: `bench-analyst-${i + 1}` }),
      ),
    );
    const read = () =>
      load({ url: hub.url, token: manager, query: CASE_READ(id), concurrency: o.readers, ms: o.roundMs });
    const empty = (): Sample => ({ requests: 0, errors: 0, latencies: [], ms: 0 });
    const merge = (into: Sample, s: Sample) => {
      into.requests += s.requests;
      into.errors += s.errors;
      into.ms += s.ms;
      into.latencies.push(...s.latencies);
    };
    const quiet = empty();
    const flooded = o.analysts.map((n) => ({ n, sample: empty(), counts: {} as Record<string, number> }));
    log(
      `a case manager's case read (${o.readers} clients), quiet and while analysts flood the center ` +
        `(${o.inFlight} requests each in flight, six heavy questions a request), ${o.rounds} rounds of ${o.roundMs / 1000} s ...`,
    );
    for (let round = 1; round <= o.rounds; round++) {
      for (const f of flooded) {
        merge(quiet, await read());
        const flood = floodInThread(hub.url, tokens.slice(0, f.n), o.inFlight, body);
        // Let the flood reach its full depth before measuring.
        await new Promise((r) => setTimeout(r, 1000));
        merge(f.sample, await read());
        const counts = await flood.stop();
        for (const [k, v] of Object.entries(counts)) f.counts[k] = (f.counts[k] ?? 0) + v;
      }
    }
    const rows: AnalystLoadRow[] = [
      { name: 'quiet', sample: quiet, statistics: null },
      ...flooded.map((f) => ({
        name: `${f.n} analyst${f.n === 1 ? '' : 's'} flooding`,
        sample: f.sample,
        statistics: f.counts,
      })),
    ];
    log(
      `${'case read'.padEnd(24)}${'req/s'.padStart(8)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}  analysts' requests`,
    );
    for (const r of rows)
      log(
        `${r.name.padEnd(24)}${rate(r.sample).toFixed(1).padStart(8)}${pct(r.sample.latencies, 50).toFixed(1).padStart(9)}${pct(r.sample.latencies, 99).toFixed(1).padStart(9)}${String(r.sample.errors).padStart(8)}  ${r.statistics ? JSON.stringify(r.statistics) : ''}`,
      );
    for (const r of rows.slice(1))
      log(
        `${r.name}: ratio, p50 flooded / quiet: ${(pct(r.sample.latencies, 50) / pct(quiet.latencies, 50)).toFixed(2)}; ` +
          `p99: ${(pct(r.sample.latencies, 99) / pct(quiet.latencies, 99)).toFixed(2)}`,
      );
    return rows;
  } finally {
    await hub.stop();
  }
}

/**
 * The whole-hub table's rows (hub-table.ts, `extraRows`): a case manager's case read through the gateway, quiet, and
 * while one analyst keeps 16 requests of six heavy questions in flight. The case managers are the table's own clients.
 */
export async function analystLoadTableRows(ctx: TableContext): Promise<TableRow[]> {
  const found = await fetch(ctx.gateways.on, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.caseManagerTokens[0]}` },
    body: JSON.stringify({ query: '{ cases(first: 1) { nodes { id } } }' }),
  });
  const id = ((await found.json()) as { data: { cases: { nodes: { id: string }[] } } }).data.cases.nodes[0]!.id;
  // Every client reads the one case as the first case manager: a case read, not a search.
  const readers = Array.from({ length: ctx.concurrency }, () => ctx.caseManagerTokens[0]!);
  const flooder = await issueToken(ctx.hub.issuerJwk, {
    ...demoClaims(demoUser('analyst')),
    sub: 'bench:flooding-analyst',
  });
  const body = JSON.stringify({ query: heavyStatistics(new Date(Date.now() + 2 * 3_600_000).getUTCFullYear()) });
  const read = through(ctx.gateways.on, readers, CASE_READ(id));
  return [
    { name: 'case read, quiet', once: read },
    {
      name: 'case read, 1 analyst flooding',
      once: read,
      around: async () => {
        const flood = floodInThread(ctx.gateways.on, [flooder], 16, body);
        // Let the flood reach its full depth before measuring.
        await new Promise((r) => setTimeout(r, 1000));
        return async () => void (await flood.stop());
      },
    },
  ];
}

// Alone: `npx tsx test/bench/analyst-load.ts` (BENCH_ROUND_MS, BENCH_ROUNDS, BENCH_ANALYSTS as a list such as 1,20).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const rows = await withBenchDatabase(log, (url) =>
    analystLoadRows(url, log, {
      roundMs: Number(process.env.BENCH_ROUND_MS ?? 5000),
      rounds: Number(process.env.BENCH_ROUNDS ?? 2),
      analysts: (process.env.BENCH_ANALYSTS ?? '1,20').split(',').map(Number),
      inFlight: 16,
      readers: 4,
    }),
  );
  if (rows.some((r) => r.sample.errors > 0)) process.exitCode = 1;
}
