import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withClient } from '../../services/hub/databases.js';
import { ensureDevKeys, readIssuerPrivateJwk } from '../../services/hub/dev-keys.js';
import { buildHub } from '../helpers/build.js';

// The hub as production runs it, for the benchmarks that measure it whole: the launcher of `npm start` (compiled, each
// subgraph and the gateway in a process of its own), and the CPU each of those processes and PostgreSQL spend.

/** CPU seconds (user + system) a process has used, from /proc; 0 where there is no /proc or the process is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The PostgreSQL server processes serving the benchmark's database. */
async function backendPids(databaseUrl: string): Promise<number[]> {
  const name = new URL(databaseUrl).pathname.slice(1);
  return withClient(databaseUrl, async (c) =>
    (await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [name])).rows.map(
      (r) => r.pid,
    ),
  );
}

export type Cpu = Record<string, number>;

/** CPU seconds so far of each of the hub's processes, of PostgreSQL's backends for its database, and of this client. */
export async function cpuNow(hub: RunningHub, databaseUrl: string): Promise<Cpu> {
  const pg = await backendPids(databaseUrl);
  return {
    ...Object.fromEntries(Object.entries(hub.pids).map(([name, pid]) => [name, cpuSeconds(pid)])),
    postgresql: pg.reduce((sum, pid) => sum + cpuSeconds(pid), 0),
    'bench client': process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
  };
}

export interface RunningHub {
  url: string;
  subgraphs: Record<string, string>;
  /** Process ids by name: the four subgraphs and the gateway. */
  pids: Record<string, number>;
  gatewayKeyFile: string;
  /** The development issuer's public keys (JWKS file), which the hub's gateway trusts. */
  issuerJwksFile: string;
  issuerJwk: Awaited<ReturnType<typeof readIssuerPrivateJwk>>;
  stop(): Promise<void>;
}

/** The hub as `npm start` runs it (compiled), on a database already migrated and seeded, with its own development keys. */
export async function startHub(databaseUrl: string): Promise<RunningHub> {
  const dataDir = await mkdtemp(join(tmpdir(), 'isange-bench-'));
  const keys = await ensureDevKeys(join(dataDir, 'keys'));
  // Compiled, as `npm start` runs it: no TypeScript compiler in any process.
  await buildHub();
  const launcher = fork(fileURLToPath(new URL('../../dist/services/hub/start.js', import.meta.url)), [], {
    execArgv: [],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      SEED: 'false',
      GATEWAY_PORT: '0',
      SUBGRAPH_BASE_PORT: '0',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  type Ready = { type?: string; url: string; subgraphs: Record<string, string>; pids: number[] };
  const ready = await new Promise<Ready>((resolve, reject) => {
    launcher.on('message', (m: Ready) => {
      if (m.type === 'ready') resolve(m);
    });
    launcher.once('exit', (code) => reject(new Error(`the hub's launcher exited with ${code} before it was ready`)));
  });
  // The launcher reports its children's pids in registry order (the subgraphs), then the gateway's.
  const names = [...Object.keys(ready.subgraphs), 'gateway'];
  return {
    url: ready.url,
    subgraphs: ready.subgraphs,
    pids: Object.fromEntries(names.map((n, i) => [n, ready.pids[i] ?? 0])),
    gatewayKeyFile: keys.gatewayPrivate,
    issuerJwksFile: keys.issuerJwks,
    issuerJwk: await readIssuerPrivateJwk(keys),
    async stop() {
      await new Promise<void>((resolve) => {
        if (launcher.exitCode !== null) return resolve();
        launcher.once('exit', () => resolve());
        launcher.kill('SIGTERM');
      });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
