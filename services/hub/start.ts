import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { subgraphs } from '../registry.js';
import { runProcess } from '../shared/lifecycle.js';
import { createLogger } from '../shared/log.js';
import { exitOnSettingsError, readSettings } from '../shared/settings.js';
import { overrideVariable } from '../../gateway/supergraph.js';
import { demoUsers } from './demo-users.js';
import { ensureDevKeys } from './dev-keys.js';
import { prepareDatabase } from './prepare.js';
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

const subgraphEntry = fileURLToPath(new URL('./subgraph.ts', import.meta.url));
const gatewayEntry = fileURLToPath(new URL('../../gateway/index.ts', import.meta.url));

interface Child {
  name: string;
  process: ChildProcess;
  url: Promise<string>;
}

function start(name: string, entry: string, args: string[], env: NodeJS.ProcessEnv, onExit: (name: string, code: number | null) => void): Child {
  const child = fork(entry, args, { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: 'inherit' });
  const url = new Promise<string>((resolve, reject) => {
    child.on('message', (m: { type?: string; url?: string }) => {
      if (m?.type === 'ready' && m.url) resolve(m.url);
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} before it was ready`)));
  });
  child.once('exit', (code) => onExit(name, code));
  return { name, process: child, url };
}

async function stopAll(children: Child[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.process.exitCode !== null || c.process.signalCode !== null) return resolve();
          const kill = setTimeout(() => c.process.kill('SIGKILL'), 8000);
          c.process.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          c.process.kill('SIGTERM');
        }),
    ),
  );
}

await runProcess('hub', log, async () => {
  const started = Date.now();
  const db = await provideDatabase({ purpose: 'the hub', log: (l) => log.info(l) });
  const children: Child[] = [];
  let stopping = false;
  const close = async () => {
    stopping = true;
    await stopAll(children);
    await db.stop();
  };
  try {
    const keys = await ensureDevKeys(`${dataDir}keys`);
    await prepareDatabase(db.url, { seed: settings.seed, demoCases: settings.demoCases, log: (l) => log.info(l) });
    const onExit = (name: string, code: number | null) => {
      if (stopping) return;
      log.error(`${name} stopped unexpectedly (code ${code}); stopping the hub`);
      void close().then(() => process.exit(1));
    };
    subgraphs.forEach((d, i) => {
      const port = settings.subgraphBasePort === 0 ? 0 : settings.subgraphBasePort + i;
      children.push(start(d.name, subgraphEntry, [d.name], {
        DATABASE_URL: db.url, PORT: String(port), GATEWAY_PUBLIC_KEY_FILE: keys.gatewayPublic,
      }, onExit));
    });
    const urls = await Promise.all(children.map((c) => c.url));
    const overrides = Object.fromEntries(subgraphs.map((d, i) => [overrideVariable(d.name), urls[i]!]));
    const gateway = start('gateway', gatewayEntry, [], {
      ...overrides, GATEWAY_PORT: String(settings.gatewayPort), GATEWAY_SIGNING_KEY_FILE: keys.gatewayPrivate,
      DEV_ISSUER: 'true', DEV_KEYS_DIR: keys.dir, GRAPHIQL: 'true',
    }, onExit);
    children.push(gateway);
    const url = await gateway.url;
    printWelcome(url, Date.now() - started, db.embedded);
    const subgraphUrls = Object.fromEntries(subgraphs.map((d, i) => [d.name, urls[i]]));
    return { url, close, details: { pids: children.map((c) => c.process.pid), subgraphs: subgraphUrls } };
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
  users     ${users}
  token     npm run token -- clinician

  curl -s ${url} -H "authorization: Bearer $(npm run -s token -- case-manager)" \\
    -H 'content-type: application/json' \\
    -d '{"query":"{ cases(first: 3) { nodes { caseNumber survivor { code } medical { treatments { kind } } investigation { status } followUp { riskLevel } } } }"}'

Ctrl-C stops everything.
`);
}
