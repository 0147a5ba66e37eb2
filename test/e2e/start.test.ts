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
import { demoSurvivor } from '../../services/center/demo.js';
import { demoFollowUp } from '../../services/gender-ministry/demo.js';
import { demoMedical } from '../../services/health/demo.js';
import { demoInvestigation } from '../../services/police/demo.js';
import { demoPlan } from '../../services/shared/demo-plan.js';
import { intake, survivorInput } from '../helpers/case-files.js';
import { buildHub } from '../helpers/build.js';
import { badSignature } from '../helpers/errors.js';

// The whole hub the way `npm start` runs it: compiled to JavaScript (built once here, as `npm start` builds), real
// processes, real ports (ephemeral), a real PostgreSQL. Without DATABASE_URL the launcher starts its own embedded
// server in a temporary DATA_DIR, so this test also covers a newcomer's first start on a machine with no PostgreSQL.

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
  /** Everything every process printed: the launcher passes its children's output through. */
  let output = '';
  const restarted: { name: string; pid: number }[] = [];

  beforeAll(async () => {
    await buildHub();
    dataDir = await mkdtemp(join(tmpdir(), 'isange-e2e-'));
    await chmod(dataDir, 0o755); // as root, the embedded server runs as its own system user, who must reach it
    Object.assign(env, {
      DATA_DIR: dataDir,
      GATEWAY_PORT: '0',
      SUBGRAPH_BASE_PORT: '0',
      DEMO_CASES: String(DEMO_CASES),
      LOG_LEVEL: 'info',
      UPSTREAM_TIMEOUT_MS: '2000',
    });
    if (process.env.DATABASE_URL) {
      database = `isange_e2e_${randomBytes(4).toString('hex')}`;
      await createDatabase(process.env.DATABASE_URL, database);
      env.DATABASE_URL = databaseUrl(process.env.DATABASE_URL, database);
    } else {
      env.DATABASE_URL = '';
    }
    launcher = fork(join(root, 'dist/services/hub/start.js'), [], {
      cwd: root,
      execArgv: [],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    launcher.stdout!.on('data', (b: Buffer) => {
      output += b.toString();
    });
    launcher.stderr!.on('data', (b: Buffer) => {
      output += b.toString();
    });
    launcher.on('message', (m: { type?: string; name?: string; pid?: number }) => {
      if (m.type === 'restarted') restarted.push({ name: m.name!, pid: m.pid! });
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

  it("serves the analysts' dashboard from the compiled gateway: its page from gateway/dashboard/, Chart.js from node_modules", async () => {
    const base = ready.url.replace(/\/graphql$/, '');
    const page = await fetch(`${base}/dashboard`);
    expect({ status: page.status, type: page.headers.get('content-type') }).toEqual({
      status: 200,
      type: 'text/html; charset=utf-8',
    });
    const files = [...(await page.text()).matchAll(/\b(?:src|href)="(\/dashboard\/[^"]+)"/g)].map((m) => m[1]!);
    expect(files).toHaveLength(3);
    for (const file of files) {
      const res = await fetch(`${base}${file}`);
      expect({ file, status: res.status, length: (await res.arrayBuffer()).byteLength > 0 }).toEqual({
        file,
        status: 200,
        length: true,
      });
    }
  });

  it('answers case(id) with the slices of all four agencies, for a token from `npm run token`', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['dist/services/hub/token.js', 'case-manager'], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    const token = stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    // A seeded case at the case manager's center with a slice in every agency (the demo plan is deterministic).
    const plan = demoPlan(DEMO_CASES);
    const seeded = plan.cases
      .filter((c) => c.center.code === 'GASABO-1')
      .map((c) => ({
        ...c,
        survivor: demoSurvivor(c),
        medical: demoMedical(c),
        investigation: demoInvestigation(c, plan.now),
        followUp: demoFollowUp(c, plan.now),
      }))
      .find((c) => c.medical && c.investigation && c.followUp);
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
        encounters: [{ findings: seeded!.medical!.encounter.findings }],
        treatments: seeded!.medical!.treatments.map((t) => ({ kind: t.kind })),
      },
      investigation: { complaintNumber: seeded!.investigation!.complaintNumber },
      followUp: {
        riskLevel: seeded!.followUp!.riskLevel,
        visits: seeded!.followUp!.visits.map((v) => ({ visitorRole: v.visitorRole })),
      },
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
    const refused = { errors: [badSignature('request is not signed by the gateway')] };
    expect(answers).toEqual(['center', 'health', 'police', 'gender-ministry'].map((n) => [n, 401, refused]));
  });

  const token = async (login: string) =>
    (
      await promisify(execFile)(process.execPath, ['dist/services/hub/token.js', login], {
        cwd: root,
        env: { ...process.env, ...env },
      })
    ).stdout.trim();
  const post = async (bearer: string, query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(ready.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: res.status,
      body: (await res.json()) as {
        data?: Record<string, unknown> | null;
        errors?: { extensions?: { code?: string } }[];
      },
    };
  };
  const seededFile = () => {
    const plan = demoPlan(DEMO_CASES);
    return plan.cases
      .filter((c) => c.center.code === 'GASABO-1')
      .map((c) => ({ ...c, investigation: demoInvestigation(c, plan.now) }))
      .find((c) => c.investigation)!;
  };
  const FILE = 'query($id: ID!) { case(id: $id) { caseNumber investigation { complaintNumber } } }';

  it("restarts a crashed subgraph on its port; meanwhile the gateway answers the other subgraphs' fields", async () => {
    const manager = await token('case-manager');
    const seeded = seededFile();
    const policePid = ready.pids[2]!;
    process.kill(policePid, 'SIGKILL');
    while (alive(policePid)) await new Promise((r) => setTimeout(r, 20));
    const during = await post(manager, FILE, { id: seeded.id });
    expect(during.status).toBe(200);
    expect(during.body.data).toEqual({ case: { caseNumber: seeded.caseNumber, investigation: null } });
    expect(during.body.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    const deadline = Date.now() + 20_000;
    while (!restarted.some((r) => r.name === 'police') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(restarted.map((r) => r.name)).toContain('police');
    const after = await post(manager, FILE, { id: seeded.id });
    expect(after.body).toEqual({
      data: {
        case: {
          caseNumber: seeded.caseNumber,
          investigation: { complaintNumber: seeded.investigation!.complaintNumber },
        },
      },
    });
    expect(output).toMatch(/police stopped unexpectedly \(SIGKILL\); restarting in 0\.5 s/);
  });

  it('a subgraph broken during a mutation: no process prints the values sent, the token or the claims', async () => {
    const reception = await token('reception');
    const mark = randomBytes(4).toString('hex');
    const secrets = {
      givenName: `Zawadi${mark}`,
      familyName: `Uwera${mark}`,
      phone: `+25078${mark.replace(/\D/g, '7').padEnd(7, '7').slice(0, 7)}`,
      narrative: `Narrative ${mark}: synthetic words nobody may log.`,
    };
    const centerPid = ready.pids[0]!;
    process.kill(centerPid, 'SIGSTOP'); // frozen: the gateway gives up after UPSTREAM_TIMEOUT_MS
    let frozen: Awaited<ReturnType<typeof post>>;
    try {
      frozen = await post(reception, `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`, {
        i: intake('GASABO-1', {
          narrative: secrets.narrative,
          survivor: survivorInput({
            givenName: secrets.givenName,
            familyName: secrets.familyName,
            phone: secrets.phone,
          }),
        }),
      });
    } finally {
      process.kill(centerPid, 'SIGCONT');
    }
    expect(frozen.body.errors?.map((e) => e.extensions?.code)).toEqual(['GATEWAY_TIMEOUT']);
    // And a subgraph that is gone, mid-mutation.
    const clinician = await token('clinician');
    const healthPid = ready.pids[1]!;
    process.kill(healthPid, 'SIGKILL');
    const gone = await post(clinician, 'mutation($i: RecordEncounterInput!) { recordEncounter(input: $i) { id } }', {
      i: {
        caseId: seededFile().id,
        seenAt: new Date().toISOString(),
        findings: secrets.narrative,
        injuriesObserved: false,
      },
    });
    expect(gone.body.errors?.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1500)); // let every process write what it would write
    for (const value of [...Object.values(secrets), reception, clinician, reception.split('.')[1]!]) {
      expect(output.includes(value), `output carries ${value.slice(0, 24)}`).toBe(false);
    }
  });

  it('stops every process it started on SIGINT, leaving no orphans', async () => {
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    launcher.kill('SIGINT');
    expect(await exited).toBe(0);
    const deadline = Date.now() + 10_000;
    const pids = [...ready.pids, ...restarted.map((r) => r.pid), ...(postgresPid ? [postgresPid] : [])];
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(pids.filter(alive)).toEqual([]);
    await expect(fetch(ready.url)).rejects.toThrow();
  });
});
