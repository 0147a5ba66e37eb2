import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DELIVERIES, SubgraphNames } from '../shared/agencies.js';
import { runProcess } from '../shared/lifecycle.js';
import { createLogger } from '../shared/log.js';
import { entryPoint } from '../shared/project.js';
import { exitOnSettingsError, readSettings, subgraphUrlVariable } from '../shared/settings.js';
import { demoUsers } from './demo-users.js';
import { ensureDevKeys } from './dev-keys.js';
import { RestartBackoff } from './restart-backoff.js';
import { dataDir, provideDatabase } from './provide-database.js';
import { launcherSettings } from './settings.js';

// `npm start`: the whole hub on one machine. PostgreSQL (DATABASE_URL, or the embedded one), migrations and demo data,
// the four subgraphs and the gateway, each in its own process; Ctrl-C stops them all.

const log = createLogger('hub');
let settings: ReturnType<typeof readSettings<typeof launcherSettings>>;
try {
  settings = readSettings(launcherSettings);
} catch (err) {
  exitOnSettingsError(err);
}

// The children run as the launcher does: compiled JavaScript with plain node after `npm run build` (`npm start`), the
// TypeScript sources under tsx in development (`npm run dev`).
const subgraphEntry = entryPoint('services/hub/subgraph');
const gatewayEntry = entryPoint('gateway/index');
const migrateEntry = entryPoint('services/hub/migrate');

// A build whose output lost files (dist/ edited by hand: the compiler's incremental record still says all is built)
// would otherwise fail later, one child at a time, with a stack trace.
const missing = [subgraphEntry, gatewayEntry, migrateEntry].map((e) => e.file).filter((f) => !existsSync(f));
if (missing.length > 0) {
  log.error(`missing: ${missing.join(', ')}; remove dist/ and run \`npm run build\` (or \`npm start\`) again`);
  process.exit(1);
}

// The subgraphs in the registry's order, and who sends to whom, from the agency table: the launcher only supervises,
// and importing the registry would load every agency's entities, resolvers and the ORM into it for nothing.
const subgraphs = SubgraphNames.map((name) => ({ name, sendsTo: DELIVERIES[name] }));

/**
 * Migrations and the demo seed, in a process of their own (`npm run migrate`'s program) that exits when done: what
 * they load and allocate (an ORM per subgraph, 300 demo cases) would otherwise stay in the launcher for as long as
 * the hub runs.
 */
function prepareInChild(databaseUrl: string): Promise<void> {
  const child = fork(migrateEntry.file, settings.seed ? ['--seed'] : [], {
    execArgv: migrateEntry.execArgv,
    env: { ...process.env, DATABASE_URL: databaseUrl, DEMO_CASES: String(settings.demoCases) },
    stdio: 'inherit',
  });
  return new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`preparing the database failed (${signal ?? `code ${code}`})`)),
    );
  });
}

/**
 * One process of the hub, kept running. A process that exits on its own after it was ready is started again, on the
 * same port, after a delay that doubles with each crash in a row; the others keep serving meanwhile (the gateway
 * answers the fields of the subgraphs that are up). Failing before the first ready stops the start: that is a
 * configuration problem, not a crash.
 */
class Supervised {
  process!: ChildProcess;
  readonly url: Promise<string>;
  private readonly backoff = new RestartBackoff();
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly name: string,
    private readonly entry: { file: string; execArgv: string[] },
    private readonly args: string[],
    private env: NodeJS.ProcessEnv,
    private readonly stopping: () => boolean,
  ) {
    this.url = new Promise<string>((resolve, reject) => {
      this.spawn(
        (url) => resolve(url),
        (code) => reject(new Error(`${name} exited with code ${code} before it was ready`)),
      );
    });
  }

  private spawn(onReady: (url: string) => void, onEarlyExit: (code: number | null) => void): void {
    const child = fork(this.entry.file, this.args, {
      execArgv: this.entry.execArgv,
      env: { ...process.env, ...this.env },
      stdio: 'inherit',
    });
    this.process = child;
    this.backoff.started();
    let ready = false;
    child.on('message', (m: { type?: string; url?: string }) => {
      if (m?.type !== 'ready' || !m.url) return;
      ready = true;
      onReady(m.url);
    });
    child.once('exit', (code, signal) => {
      if (!ready) return onEarlyExit(code);
      this.restartAfter(`stopped unexpectedly (${signal ?? `code ${code}`})`);
    });
  }

  /** Start the process again after the backoff's delay; a restart that fails before it is ready is tried again. */
  private restartAfter(what: string): void {
    if (this.stopping()) return;
    const delay = this.backoff.next();
    log.error(`${this.name} ${what}; restarting in ${(delay / 1000).toFixed(1)} s`);
    this.restartTimer = setTimeout(() => {
      if (this.stopping()) return;
      this.spawn(
        (url) => {
          log.info(`${this.name} is back at ${url}`);
          process.send?.({ type: 'restarted', name: this.name, pid: this.process.pid, url });
        },
        (c) => this.restartAfter(`failed to restart (code ${c})`),
      );
    }, delay);
  }

  /** Keep the port it was given on its first start, so that the gateway (or clients) find it again after a crash. */
  pinPort(variable: string, url: string): void {
    this.env = { ...this.env, [variable]: String(new URL(url).port) };
  }

  stop(): Promise<void> {
    clearTimeout(this.restartTimer);
    const c = this.process;
    return new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      const kill = setTimeout(() => c.kill('SIGKILL'), 8000);
      c.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      c.kill('SIGTERM');
    });
  }
}

await runProcess('hub', log, async () => {
  const started = Date.now();
  const db = await provideDatabase({ purpose: 'the hub', log: (l) => log.info(l) });
  const children: Supervised[] = [];
  let stopping = false;
  const close = async () => {
    stopping = true;
    await Promise.all(children.map((c) => c.stop()));
    await db.stop();
  };
  try {
    const keys = await ensureDevKeys(`${dataDir}keys`);
    await prepareInChild(db.url);
    // Receivers first: a sender (the center) is told where they are when it starts.
    const byName = new Map<string, Supervised>();
    const startSubgraph = (d: (typeof subgraphs)[number], env: NodeJS.ProcessEnv) => {
      const port = settings.subgraphBasePort === 0 ? 0 : settings.subgraphBasePort + subgraphs.indexOf(d);
      const child = new Supervised(
        d.name,
        subgraphEntry,
        [d.name],
        {
          DATABASE_URL: db.url,
          PORT: String(port),
          GATEWAY_PUBLIC_KEY_FILE: keys.gatewayPublic,
          ...env,
        },
        () => stopping,
      );
      byName.set(d.name, child);
      children.push(child);
      return child;
    };
    const pinned = async (c: Supervised) => {
      const at = await c.url;
      c.pinPort('PORT', at);
      return at;
    };
    const senders = subgraphs.filter((d) => d.sendsTo);
    await Promise.all(
      subgraphs
        .filter((d) => !d.sendsTo)
        .map((d) => pinned(startSubgraph(d, { CENTER_PUBLIC_KEY_FILE: keys.centerPublic }))),
    );
    for (const d of senders) {
      const receivers = await Promise.all(
        (d.sendsTo ?? []).map(async (r) => [subgraphUrlVariable(r), await byName.get(r)!.url] as const),
      );
      await pinned(startSubgraph(d, { CENTER_SIGNING_KEY_FILE: keys.centerPrivate, ...Object.fromEntries(receivers) }));
    }
    const urls = await Promise.all(subgraphs.map((d) => byName.get(d.name)!.url));
    const overrides = Object.fromEntries(subgraphs.map((d, i) => [subgraphUrlVariable(d.name), urls[i]!]));
    const gateway = new Supervised(
      'gateway',
      gatewayEntry,
      [],
      {
        ...overrides,
        GATEWAY_PORT: String(settings.gatewayPort),
        GATEWAY_SIGNING_KEY_FILE: keys.gatewayPrivate,
        DEV_ISSUER: 'true',
        DEV_KEYS_DIR: keys.dir,
        GRAPHIQL: 'true',
      },
      () => stopping,
    );
    children.push(gateway);
    const url = await gateway.url;
    gateway.pinPort('GATEWAY_PORT', url);
    printWelcome(url, Date.now() - started, db.embedded);
    const subgraphUrls = Object.fromEntries(subgraphs.map((d, i) => [d.name, urls[i]]));
    // In registry order (center, health, police, gender-ministry), then the gateway.
    const pids = [...subgraphs.map((d) => byName.get(d.name)!.process.pid), gateway.process.pid];
    return { url, close, details: { pids, subgraphs: subgraphUrls } };
  } catch (err) {
    await close();
    throw err;
  }
});

function printWelcome(url: string, ms: number, embedded: boolean): void {
  const users = demoUsers.map((u) => u.login).join(', ');
  process.stdout.write(`
Isange hub is up in ${(ms / 1000).toFixed(1)} s (${embedded ? `embedded PostgreSQL in ${dataDir}postgres` : 'PostgreSQL from DATABASE_URL'}).

  gateway   ${url}   (GraphiQL in a browser; /healthz, /readyz)
  dashboard ${url.replace(/\/graphql$/, '/dashboard')}   (for analysts: paste npm run -s token -- analyst)
  users     ${users}
  token     npm run token -- clinician

  curl -s ${url} -H "authorization: Bearer $(npm run -s token -- case-manager)" \\
    -H 'content-type: application/json' \\
    -d '{"query":"{ cases(first: 3) { nodes { caseNumber survivor { code } medical { treatments { kind } } investigation { status } followUp { riskLevel } } } }"}'

Ctrl-C stops everything.
`);
}
