import { beforeAll, describe, expect, it } from 'vitest';
import { type CaseFile, writeCaseFile } from '../helpers/case-files.js';
import { testDatabase } from '../helpers/database.js';
import { type Stack, startStack, testPlanner } from '../helpers/stack.js';
import { type TcpProxy, tcpProxy, viaProxy } from '../helpers/tcp-proxy.js';

// A fault in one part degrades only what depends on it, visibly, and heals by itself. The police subgraph is reached
// through a proxy, and the health subgraph reaches its database through another: each is stopped (connections
// refused) and frozen (accepted, never answered), then healed, while the case manager keeps asking for a whole file.

let stack: Stack;
let police: TcpProxy;
let healthDb: TcpProxy;
let file: CaseFile;
let token: string;
const FILE =
  'query($id: ID!) { case(id: $id) { caseNumber medical { encounters { findings } } investigation { status } } }';
const UPSTREAM_TIMEOUT_MS = 1500;

beforeAll(async () => {
  const url = await testDatabase();
  const pg = new URL(url);
  healthDb = await tcpProxy({ host: pg.hostname, port: Number(pg.port || 5432) });
  police = await tcpProxy({ host: '127.0.0.1', port: 1 }); // pointed at the police subgraph once it listens
  stack = await startStack(url, {
    gateway: { upstreamTimeoutMs: UPSTREAM_TIMEOUT_MS },
    subgraphUrl: (name, u) => (name === 'police' ? viaProxy(u, police) : u),
    databaseUrlFor: (name, u) => (name === 'health' ? viaProxy(u, healthDb) : u),
  });
  police.setTarget({ host: '127.0.0.1', port: Number(new URL(stack.subgraphs.get('police')!.url).port) });
  file = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given' });
  token = await stack.token('case-manager');
});

const whole = () => ({
  data: {
    case: {
      caseNumber: file.caseNumber,
      medical: { encounters: [{ findings: 'Synthetic findings.' }] },
      investigation: { status: 'UNDER_INVESTIGATION' },
    },
  },
});
const without = (field: 'medical' | 'investigation', code: string, message: string) => {
  const data = whole().data;
  return {
    data: { case: { ...data.case, [field]: null } },
    errors: [{ message, path: ['case', field], extensions: { code } }],
  };
};
const UNAVAILABLE = 'A service this field depends on is unavailable; the rest of the answer is complete';
const TIMEOUT = 'A service this field depends on did not answer in time; the rest of the answer is complete';
const DB_DOWN = 'This service cannot reach its database; nothing was done, try again shortly';

async function readiness() {
  // The gateway probes at most once a second, whoever asks: wait that out so the answer is about the fault just made.
  await new Promise((r) => setTimeout(r, 1100));
  const res = await fetch(stack.gatewayUrl.replace('/graphql', '/readyz'));
  return { status: res.status, body: await res.json() };
}

/** Ask until the answer is whole again: healing takes the pools a moment. */
async function healed(): Promise<unknown> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const r = await stack.query(token, FILE, { id: file.id });
    if (JSON.stringify(r.body) === JSON.stringify(whole()) || Date.now() > deadline) return r;
    await new Promise((res) => setTimeout(res, 200));
  }
}

describe('a subgraph', () => {
  it('stopped: its fields are null with SERVICE_UNAVAILABLE, the rest answered (HTTP 200); then it heals', async () => {
    police.setMode('stopped');
    expect(await stack.query(token, FILE, { id: file.id })).toEqual({
      status: 200,
      body: without('investigation', 'SERVICE_UNAVAILABLE', UNAVAILABLE),
    });
    expect(await readiness()).toEqual({
      status: 503,
      body: {
        status: 'not ready',
        subgraphs: { center: 'ok', health: 'ok', police: 'unreachable', 'gender-ministry': 'ok' },
      },
    });
    police.setMode('pass');
    expect(await healed()).toEqual({ status: 200, body: whole() });
  });

  it('stopped, under a page of cases: each case its own null and its own error, at its own path', async () => {
    const second = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given' });
    const PAGE = '{ cases(centerCode: "GASABO-1", first: 10) { nodes { caseNumber investigation { status } } } }';
    const healthy = await stack.query(token, PAGE);
    const numbers = (healthy.body.data as { cases: { nodes: { caseNumber: string }[] } }).cases.nodes.map(
      (n) => n.caseNumber,
    );
    expect(numbers.toSorted()).toEqual([file.caseNumber, second.caseNumber].toSorted());
    police.setMode('stopped');
    expect(await stack.query(token, PAGE)).toEqual({
      status: 200,
      body: {
        data: { cases: { nodes: numbers.map((caseNumber) => ({ caseNumber, investigation: null })) } },
        // The JavaScript planner's batched delegation leaves the list index out of these paths (one error a case, each
        // at ['cases', 'nodes', 'investigation']); the Rust planner's errors say which case each is about.
        errors: numbers.map((_, i) => ({
          message: UNAVAILABLE,
          path: testPlanner === 'js' ? ['cases', 'nodes', 'investigation'] : ['cases', 'nodes', i, 'investigation'],
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        })),
      },
    });
    police.setMode('pass');
    expect(await healed()).toEqual({ status: 200, body: whole() });
  });

  it("frozen: the gateway stops waiting after its upstream timeout, GATEWAY_TIMEOUT on that subgraph's fields only", async () => {
    police.setMode('frozen');
    const started = Date.now();
    expect(await stack.query(token, FILE, { id: file.id })).toEqual({
      status: 200,
      body: without('investigation', 'GATEWAY_TIMEOUT', TIMEOUT),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(UPSTREAM_TIMEOUT_MS - 50);
    const ready = await readiness();
    expect(ready).toEqual({
      status: 503,
      body: {
        status: 'not ready',
        subgraphs: { center: 'ok', health: 'ok', police: 'timeout', 'gender-ministry': 'ok' },
      },
    });
    police.setMode('pass');
    expect(await healed()).toEqual({ status: 200, body: whole() });
  });
});

describe("a subgraph's database", () => {
  it('stopped: readiness names it, that subgraph answers SERVICE_UNAVAILABLE, the others are untouched; then it heals', async () => {
    healthDb.setMode('stopped');
    expect(await readiness()).toEqual({
      status: 503,
      body: {
        status: 'not ready',
        subgraphs: { center: 'ok', health: 'database unreachable', police: 'ok', 'gender-ministry': 'ok' },
      },
    });
    const health = await fetch(stack.gatewayUrl.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);
    expect(await stack.query(token, FILE, { id: file.id })).toEqual({
      status: 200,
      body: without('medical', 'SERVICE_UNAVAILABLE', DB_DOWN),
    });
    healthDb.setMode('pass');
    expect(await healed()).toEqual({ status: 200, body: whole() });
    expect((await readiness()).status).toBe(200);
  });

  it('frozen: no health endpoint hangs; the gateway answers the rest after its upstream timeout; then it heals', async () => {
    healthDb.setMode('frozen');
    expect(await readiness()).toEqual({
      status: 503,
      body: {
        status: 'not ready',
        subgraphs: { center: 'ok', health: 'database unreachable', police: 'ok', 'gender-ministry': 'ok' },
      },
    });
    expect(await stack.query(token, FILE, { id: file.id })).toEqual({
      status: 200,
      body: without('medical', 'GATEWAY_TIMEOUT', TIMEOUT),
    });
    healthDb.setMode('pass');
    expect(await healed()).toEqual({ status: 200, body: whole() });
  });
});

describe("an analyst's statistics, each question on its own", () => {
  // Each statistics field is nullable, so that a question whose subgraph or database is down is null beside its
  // error while the request's other questions, from the other agencies, still answer.
  const q = { period: 'YEAR', from: '2025-01-01', to: '2025-12-31', rows: 'PROVINCE' };
  const STATS = `query($q: StatisticsQuery!) {
    intakeStatistics(query: $q) { statistic total { count suppressed } }
    clockStatistics(clock: HIV_PEP, query: $q) { statistic total { count suppressed } }
    investigationStatistics(query: $q) { statistic total { count suppressed } } }`;
  let analyst: string;
  let healthy: { data: Record<string, unknown> };
  beforeAll(async () => {
    analyst = await stack.token('analyst');
    // A subgraph's first question starts its statistics worker threads, which on a busy machine can outlast this
    // stack's short upstream timeout: asked again until whole, as a client would.
    let r = await stack.query(analyst, STATS, { q });
    for (let tries = 0; r.body.errors !== undefined && tries < 20; tries++) {
      await new Promise((res) => setTimeout(res, 500));
      r = await stack.query(analyst, STATS, { q });
    }
    expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
    expect(Object.values(r.body.data as object).every((t) => t !== null)).toBe(true);
    healthy = r.body as { data: Record<string, unknown> };
  });
  const lacking = (field: string, code: string, message: string) => ({
    status: 200,
    body: { data: { ...healthy.data, [field]: null }, errors: [{ message, path: [field], extensions: { code } }] },
  });
  const healedStats = async () => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const r = await stack.query(analyst, STATS, { q });
      if (JSON.stringify(r.body) === JSON.stringify(healthy) || Date.now() > deadline) return r;
      await new Promise((res) => setTimeout(res, 200));
    }
  };

  it("the police subgraph stopped: the police's question is null with SERVICE_UNAVAILABLE, health's and the center's answer", async () => {
    police.setMode('stopped');
    expect(await stack.query(analyst, STATS, { q })).toEqual(
      lacking('investigationStatistics', 'SERVICE_UNAVAILABLE', UNAVAILABLE),
    );
    police.setMode('pass');
    expect(await healedStats()).toEqual({ status: 200, body: healthy });
  });

  it("health's database stopped: health's question is null with SERVICE_UNAVAILABLE, the others answer; then it heals", async () => {
    healthDb.setMode('stopped');
    expect(await stack.query(analyst, STATS, { q })).toEqual(
      lacking('clockStatistics', 'SERVICE_UNAVAILABLE', DB_DOWN),
    );
    healthDb.setMode('pass');
    expect(await healedStats()).toEqual({ status: 200, body: healthy });
  });
});
