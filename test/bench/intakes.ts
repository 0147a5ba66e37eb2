import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { demoClaims, demoUser, issueToken } from '../../services/hub/demo-users.js';
import { demoCenters } from '../../services/shared/demo-plan.js';
import { intake } from '../helpers/case-files.js';
import { withBenchDatabase } from './database.js';
import { type Cpu, cpuNow, startHub } from './hub-process.js';
import { pct } from './load.js';

// Intakes per second through the gateway, the hub run as in production (each subgraph and the gateway in a process of
// its own), spread over the 44 centers, each intake with its own idempotency key: first reception's bursts, one intake
// a request (openCase) at 1, 8 and 32 concurrent clients; then bulk imports, 25 intakes a request (importCases). After
// each row, every case number it took is checked: as many cases as answers, no number twice, and at each center the
// numbers follow one another with no gap (a lost number would be a case-number sequence advanced by an intake that did
// not land). The country needs about 440 intakes a day; the goal of 300 a second is headroom for bulk imports and
// bursts. The CPU table says where an intake's cost goes, process by process.

const OPEN = `mutation($i: OpenCaseInput!) { openCase(input: $i) { id caseNumber } }`;
const IMPORT = `mutation($i: ImportCasesInput!) { importCases(input: $i) { id caseNumber } }`;

/** A row of the table: so many clients, each sending intakes one per request (openCase) or `batch` per import. */
export interface IntakeRow {
  clients: number;
  batch: number;
}

/** Reception's bursts (openCase, one intake a request), then bulk imports (importCases, 25 intakes a request). */
export const DEFAULT_INTAKE_ROWS: IntakeRow[] = [
  { clients: 1, batch: 1 },
  { clients: 8, batch: 1 },
  { clients: 32, batch: 1 },
  { clients: 1, batch: 25 },
  { clients: 4, batch: 25 },
  { clients: 8, batch: 25 },
];

export async function intakeRows(
  url: string,
  log: (line: string) => void,
  o: { roundMs: number; rows?: IntakeRow[] },
): Promise<{ errors: number; best: number }> {
  log('');
  log('intakes: starting the hub in its own processes (launcher, gateway, four subgraphs) ...');
  const hub = await startHub(url);
  const centers = demoCenters().map((c) => c.code);
  const token = await issueToken(hub.issuerJwk, { ...demoClaims(demoUser('reception')), centers });
  let errors = 0;
  let best = 0;
  const cpuRows: { row: IntakeRow; intakes: number; cpu: Cpu }[] = [];
  log(`intakes through the gateway (${o.roundMs / 1000} s per row), each with its own idempotency key:`);
  log(
    `${'clients'.padEnd(9)}${'per request'.padEnd(22)}${'intakes/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}  case numbers`,
  );
  try {
    for (const row of o.rows ?? DEFAULT_INTAKE_ROWS) {
      const numbers: string[] = [];
      const latencies: number[] = [];
      let failed = 0;
      const before = await cpuNow(hub, url);
      const started = performance.now();
      const end = started + o.roundMs;
      await Promise.all(
        Array.from({ length: row.clients }, async (_, c) => {
          for (let n = 0; performance.now() < end; n++) {
            const forms = Array.from({ length: row.batch }, (_, k) => ({
              ...intake(centers[(c + (n * row.batch + k) * row.clients) % centers.length]!),
              idempotencyKey: randomUUID(),
            }));
            const t = performance.now();
            const res = await fetch(hub.url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify(
                row.batch === 1
                  ? { query: OPEN, variables: { i: forms[0] } }
                  : { query: IMPORT, variables: { i: { cases: forms } } },
              ),
            });
            const json = (await res.json()) as {
              data?: { openCase?: { caseNumber: string }; importCases?: { caseNumber: string }[] };
              errors?: unknown[];
            };
            latencies.push(performance.now() - t);
            const opened = json.data?.importCases ?? (json.data?.openCase ? [json.data.openCase] : []);
            if (!res.ok || json.errors || opened.length !== row.batch) failed += 1;
            else numbers.push(...opened.map((x) => x.caseNumber));
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const after = await cpuNow(hub, url);
      cpuRows.push({
        row,
        intakes: numbers.length,
        cpu: Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)])),
      });
      const check = checkNumbers(numbers);
      if (failed > 0 || check !== 'none lost, none twice') errors += 1;
      best = Math.max(best, numbers.length / seconds);
      log(
        `${String(row.clients).padEnd(9)}${(row.batch === 1 ? '1 (openCase)' : `${row.batch} (importCases)`).padEnd(22)}${(numbers.length / seconds).toFixed(1).padStart(10)}${pct(latencies, 50).toFixed(1).padStart(9)}${pct(latencies, 99).toFixed(1).padStart(9)}${String(failed).padStart(8)}  ${numbers.length} taken, ${check}`,
      );
    }
    log('');
    log('CPU per intake (ms), by process, measured from /proc over the same rows:');
    const processes = Object.keys(cpuRows[0]?.cpu ?? {});
    log(
      `${'clients'.padEnd(9)}${'per request'.padEnd(14)}${processes.map((p) => p.padStart(16)).join('')}${'total'.padStart(9)}`,
    );
    for (const r of cpuRows) {
      const per = (k: string) => ((r.cpu[k] ?? 0) * 1000) / Math.max(1, r.intakes);
      const total = processes.reduce((sum, p) => sum + per(p), 0);
      log(
        `${String(r.row.clients).padEnd(9)}${String(r.row.batch).padEnd(14)}${processes.map((p) => per(p).toFixed(2).padStart(16)).join('')}${total.toFixed(2).padStart(9)}`,
      );
    }
  } finally {
    await hub.stop();
  }
  log(`best: ${best.toFixed(1)} intakes/s (goal: at least 300)`);
  return { errors, best };
}

/** Whether the numbers a run took are each taken once and, per center and year, follow one another with no gap. */
function checkNumbers(numbers: string[]): string {
  if (new Set(numbers).size !== numbers.length) return 'a number taken twice';
  const byCenter = new Map<string, number[]>();
  for (const n of numbers) {
    const [center, year, seq] = n.split('/');
    const key = `${center}/${year}`;
    byCenter.set(key, [...(byCenter.get(key) ?? []), Number(seq)]);
  }
  for (const [key, seqs] of byCenter) {
    seqs.sort((a, b) => a - b);
    if (seqs.at(-1)! - seqs[0]! + 1 !== seqs.length) return `a gap at ${key}`;
  }
  return 'none lost, none twice';
}

// Alone: `npx tsx test/bench/intakes.ts` (BENCH_ROUND_MS honoured; BENCH_INTAKE_ROWS as clients x batch, e.g. 8x1,4x25).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const { errors } = await withBenchDatabase(log, (url) =>
    intakeRows(url, log, {
      roundMs: Number(process.env.BENCH_ROUND_MS ?? 4000),
      rows: process.env.BENCH_INTAKE_ROWS?.split(',').map((r) => {
        const [clients, batch] = r.split('x').map(Number);
        return { clients: clients ?? 1, batch: batch ?? 1 };
      }),
    }),
  );
  if (errors > 0) process.exitCode = 1;
}
