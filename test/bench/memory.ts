import { execFile, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDatabase, databaseUrl, dropDatabase } from '../../services/hub/databases.js';
import { CASE_FILE_QUERY } from './load.js';

// `npm run memory [-- --dev]`: what the idle hub holds in memory, per process. Starts the hub as `npm start` does (on a scratch
// database of DATABASE_URL's server, dropped afterwards, or on an embedded PostgreSQL in a temporary DATA_DIR), on
// free ports, waits until it is ready, sends a few case-file queries through the gateway with a demo token so that
// every process has served once, lets it settle, then reads the PSS (proportional set size: shared pages divided
// among the processes that share them, so the column adds up to what the hub really costs the machine) and RSS of
// the launcher and every process under it from /proc, prints them, and stops the hub with SIGINT as Ctrl-C would.

const SETTLE_MS = Number(process.env.MEMORY_SETTLE_MS ?? 5000);
const WARM_UP_QUERIES = 3;

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = (line: string) => process.stdout.write(`${line}\n`);

if (!existsSync('/proc/self/smaps_rollup')) {
  process.stderr.write(
    "npm run memory reads each process's memory from /proc/<pid>/smaps_rollup, which only Linux (4.14 or later) has; " +
      `this machine (${process.platform}) has none. Run it on Linux, or in a Linux container.\n`,
  );
  process.exit(2);
}

// The hub as `npm start` runs it, compiled (the npm script builds first); with --dev, as `npm run dev` does, from the
// TypeScript sources under tsx.
const dev = process.argv.includes('--dev');
const launcherEntry = join(root, dev ? 'services/hub/start.ts' : 'dist/services/hub/start.js');
const launcherExecArgv = dev ? ['--import', 'tsx'] : [];
if (!existsSync(launcherEntry)) {
  process.stderr.write(`${launcherEntry} is missing: run \`npm run build\` first (\`npm run memory\` does).\n`);
  process.exit(2);
}

interface Ready {
  type: 'ready';
  url: string;
  /** center, health, police, gender-ministry, then the gateway (services/hub/start.ts). */
  pids: number[];
}

interface Measured {
  role: string;
  pid: number;
  pssKiB: number;
  rssKiB: number;
}

/** Every process's parent, from /proc/<pid>/stat; the process name is in parentheses and may itself hold any. */
async function parents(): Promise<Map<number, number>> {
  const map = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      map.set(Number(entry), ppid);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return map;
}

async function descendantsOf(pid: number): Promise<{ found: number[]; ppids: Map<number, number> }> {
  const ppids = await parents();
  const found = [pid];
  for (let i = 0; i < found.length; i++) {
    for (const [child, parent] of ppids) if (parent === found[i]) found.push(child);
  }
  return { found, ppids };
}

async function memoryOf(pid: number): Promise<{ pssKiB: number; rssKiB: number }> {
  const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN);
  return { pssKiB: kib('Pss'), rssKiB: kib('Rss') };
}

/** A name for a process the launcher did not report, with the role of the process that started it. */
async function describe(pid: number, parentRole: string | undefined): Promise<string> {
  const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean);
  // The embedded PostgreSQL's processes name themselves (`postgres: checkpointer`).
  if (cmdline[0]?.startsWith('postgres')) return cmdline[0];
  const program = (cmdline[0] ?? (await readFile(`/proc/${pid}/comm`, 'utf8')).trim()).split('/').pop();
  return `${program} ${cmdline.slice(1).join(' ')}`.trim().slice(0, 24) + (parentRole ? ` (of ${parentRole})` : '');
}

async function measure(ready: Ready, launcherPid: number): Promise<Measured[]> {
  const roles = new Map<number, string>([[launcherPid, 'launcher']]);
  ['center', 'health', 'police', 'gender-ministry', 'gateway'].forEach((name, i) => {
    const pid = ready.pids[i];
    if (pid) roles.set(pid, name);
  });
  const { found, ppids } = await descendantsOf(launcherPid);
  const rows: Measured[] = [];
  for (const pid of found) {
    try {
      const role = roles.get(pid) ?? (await describe(pid, roles.get(ppids.get(pid) ?? 0)));
      rows.push({ role, pid, ...(await memoryOf(pid)) });
    } catch {
      // Gone since the listing (a short-lived helper): it holds nothing any more.
    }
  }
  return rows;
}

const mib = (kib: number) => (kib / 1024).toFixed(1).padStart(9);

function print(rows: Measured[]): void {
  // The hub's own processes in the launcher's order, then their helpers, then the embedded PostgreSQL's.
  const order = ['launcher', 'center', 'health', 'police', 'gender-ministry', 'gateway'];
  const rank = (r: Measured) => (order.includes(r.role) ? order.indexOf(r.role) : order.length);
  const node = rows.filter((r) => !r.role.startsWith('postgres')).sort((a, b) => rank(a) - rank(b));
  const postgres = rows.filter((r) => r.role.startsWith('postgres'));
  const sum = (rs: Measured[], k: 'pssKiB' | 'rssKiB') => rs.reduce((s, r) => s + r[k], 0);
  out(`${'process'.padEnd(40)}${'pid'.padStart(8)}${'PSS MiB'.padStart(9)}${'RSS MiB'.padStart(9)}`);
  for (const r of [...node, ...postgres])
    out(`${r.role.slice(0, 39).padEnd(40)}${String(r.pid).padStart(8)}${mib(r.pssKiB)}${mib(r.rssKiB)}`);
  // RSS counts shared pages in every process that maps them, so its sum overstates; PSS adds up.
  out(`${'total without PostgreSQL'.padEnd(48)}${mib(sum(node, 'pssKiB'))}`);
  if (postgres.length > 0) {
    out(`${`total, embedded PostgreSQL (${postgres.length} processes)`.padEnd(48)}${mib(sum(postgres, 'pssKiB'))}`);
    out(`${'total'.padEnd(48)}${mib(sum(rows, 'pssKiB'))}`);
  }
}

async function main(): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'isange-memory-'));
  await chmod(dataDir, 0o755); // as root, the embedded server runs as its own system user, who must reach it
  const serverUrl = process.env.DATABASE_URL;
  const database = serverUrl ? `isange_memory_${randomBytes(4).toString('hex')}` : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    // Free ports, so that a hub already running on this machine is neither disturbed nor measured.
    GATEWAY_PORT: '0',
    SUBGRAPH_BASE_PORT: '0',
    LOG_LEVEL: 'warn',
    DATABASE_URL: serverUrl && database ? databaseUrl(serverUrl, database) : '',
  };
  if (serverUrl && database) await createDatabase(serverUrl, database);
  const launcher = fork(launcherEntry, [], {
    cwd: root,
    execArgv: launcherExecArgv,
    env,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      launcher.on('message', (m: Partial<Ready>) => {
        if (m.type === 'ready' && m.url && m.pids) resolve({ type: 'ready', url: m.url, pids: m.pids });
      });
      launcher.once('exit', (code) => reject(new Error(`the hub exited with code ${code} before it was ready`)));
    });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...launcherExecArgv, launcherEntry.replace('start', 'token'), 'case-manager'],
      { cwd: root, env },
    );
    for (let i = 0; i < WARM_UP_QUERIES; i++) {
      const res = await fetch(ready.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${stdout.trim()}` },
        body: JSON.stringify({ query: CASE_FILE_QUERY }),
      });
      const body = (await res.json()) as { errors?: unknown[] };
      if (!res.ok || body.errors) throw new Error(`the warm-up query failed: ${res.status} ${JSON.stringify(body)}`);
    }
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    out(
      `The idle hub (${launcherExecArgv.join(' ') || 'node'} ${launcherEntry.replace(root, '')}, Node.js ${process.version}, ` +
        `${serverUrl ? 'PostgreSQL from DATABASE_URL' : 'embedded PostgreSQL'}), ${SETTLE_MS / 1000} s after ` +
        `${WARM_UP_QUERIES} case-file queries:\n`,
    );
    print(await measure(ready, launcher.pid!));
    return 0;
  } finally {
    if (launcher.exitCode === null && launcher.signalCode === null) {
      const exited = new Promise((r) => launcher.once('exit', r));
      launcher.kill('SIGINT');
      // The launcher stops its children within its own 10 s; past that, it is stuck and is stopped the hard way.
      const stuck = setTimeout(() => launcher.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(stuck);
    }
    if (serverUrl && database) await dropDatabase(serverUrl, database);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`npm run memory: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
