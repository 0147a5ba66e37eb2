import { execFile, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, databaseUrl, dropDatabase } from '../../services/hub/databases.js';
import { demoPlan } from '../../services/shared/demo-plan.js';

// The whole hub the way `npm start` runs it: real processes, real ports (ephemeral), a real PostgreSQL. Without
// DATABASE_URL the launcher starts its own embedded server in a temporary DATA_DIR, so this test also covers a
// newcomer's first start on a machine with no PostgreSQL.

const root = fileURLToPath(new URL('../../', import.meta.url));
const DEMO_CASES = 60;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start, end to end', () => {
  let dataDir: string;
  let database: string | undefined;
  let launcher: ReturnType<typeof fork>;
  let ready: { url: string; pids: number[]; subgraphs: Record<string, string> };
  let postgresPid: number | undefined;
  const env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'isange-e2e-'));
    await chmod(dataDir, 0o755); // as root, the embedded server runs as its own system user, who must reach it
    Object.assign(env, { DATA_DIR: dataDir, GATEWAY_PORT: '0', SUBGRAPH_BASE_PORT: '0', DEMO_CASES: String(DEMO_CASES), LOG_LEVEL: 'warn' });
    if (process.env.DATABASE_URL) {
      database = `isange_e2e_${randomBytes(4).toString('hex')}`;
      await createDatabase(process.env.DATABASE_URL, database);
      env.DATABASE_URL = databaseUrl(process.env.DATABASE_URL, database);
    } else {
      env.DATABASE_URL = '';
    }
    launcher = fork(join(root, 'services/hub/start.ts'), [], {
      cwd: root, execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    ready = await new Promise((resolve, reject) => {
      launcher.on('message', (m: typeof ready & { type?: string }) => m.type === 'ready' && resolve(m));
      launcher.once('exit', (code) => reject(new Error(`the launcher exited with ${code} before it was ready`)));
    });
    const pidFile = join(dataDir, 'postgres/data/postmaster.pid');
    if (existsSync(pidFile)) postgresPid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  }, 180_000);

  afterAll(async () => {
    if (launcher.exitCode === null) launcher.kill('SIGKILL');
    if (database && process.env.DATABASE_URL) await dropDatabase(process.env.DATABASE_URL, database);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is ready: /healthz and /readyz answer 200 with every subgraph ok', async () => {
    const base = ready.url.replace(/\/graphql$/, '');
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const readyz = await fetch(`${base}/readyz`);
    expect({ status: readyz.status, body: await readyz.json() }).toEqual({
      status: 200,
      body: { status: 'ready', subgraphs: { center: 'ok', health: 'ok', police: 'ok', 'gender-ministry': 'ok' } },
    });
  });

  it('answers case(id) with the slices of all four agencies, for a token from `npm run token`', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'services/hub/token.ts', 'case-manager'], {
      cwd: root, env: { ...process.env, ...env },
    });
    const token = stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    // A seeded case at the case manager's center with a slice in every agency (the demo plan is deterministic).
    const seeded = demoPlan(DEMO_CASES).cases.find(
      (c) => c.center.code === 'GASABO-1' && c.medical && c.investigation && c.followUp,
    );
    expect(seeded).toBeDefined();
    const client = new GraphQLClient(ready.url, { headers: { authorization: `Bearer ${token}` } });
    const data = await client.request<{ case: Record<string, unknown> }>(
      `query($id: ID!) { case(id: $id) {
        caseNumber center { code } survivor { code }
        medical { encounters { findings } treatments { kind } }
        investigation { complaintNumber }
        followUp { riskLevel visits { visitorRole } }
      } }`,
      { id: seeded!.id },
    );
    expect(data.case).toEqual({
      caseNumber: seeded!.caseNumber,
      center: { code: 'GASABO-1' },
      survivor: { code: seeded!.survivor.code },
      medical: {
        encounters: seeded!.medical!.encounters.map((e) => ({ findings: e.findings })),
        treatments: seeded!.medical!.treatments.map((t) => ({ kind: t.kind })),
      },
      investigation: { complaintNumber: seeded!.investigation!.complaintNumber },
      followUp: { riskLevel: seeded!.followUp!.riskLevel, visits: seeded!.followUp!.visits.map((v) => ({ visitorRole: v.visitorRole })) },
    });
  });

  it('every subgraph called directly, without the gateway signature, answers 401', async () => {
    const answers = await Promise.all(
      Object.entries(ready.subgraphs).map(async ([name, url]) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
        return [name, res.status, await res.json()] as const;
      }),
    );
    const refused = { errors: [{ message: 'request is not signed by the gateway', extensions: { code: 'UNAUTHENTICATED' } }] };
    expect(answers).toEqual(['center', 'health', 'police', 'gender-ministry'].map((n) => [n, 401, refused]));
  });

  it('stops every process it started on SIGINT, leaving no orphans', async () => {
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    launcher.kill('SIGINT');
    expect(await exited).toBe(0);
    const deadline = Date.now() + 10_000;
    const pids = [...ready.pids, ...(postgresPid ? [postgresPid] : [])];
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(pids.filter(alive)).toEqual([]);
    await expect(fetch(ready.url)).rejects.toThrow();
  });
});
