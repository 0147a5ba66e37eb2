import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { center } from '../../../services/center/index.js';
import { demoClaims, demoUser } from '../../../services/hub/demo-users.js';
import { createLogger } from '../../../services/shared/log.js';
import { openOrm } from '../../../services/shared/orm.js';
import { callerFromClaims, claimsOf } from '../../../services/shared/caller.js';
import { type RunningSubgraph, startSubgraphServer } from '../../../services/shared/server.js';
import { MemoryReplayGuard, SignatureHeaders, signRequest, verifyRequest } from '../../../services/shared/signing.js';
import { testDatabase } from '../../helpers/database.js';
import { badSignature } from '../../helpers/errors.js';

// Subgraphs trust nobody but the gateway. These calls go straight to a subgraph, as an attacker on the network would.

const gateway = generateKeyPairSync('ed25519');
const impostor = generateKeyPairSync('ed25519');
const clinician = claimsOf(callerFromClaims(demoClaims(demoUser('clinician'))));
const body = JSON.stringify({ query: '{ centers { code } }' });
let subgraph: RunningSubgraph;
let databaseUrl: string;
const start = async () => {
  const orm = await openOrm(center, { clientUrl: databaseUrl, poolMax: 2 });
  const server = await startSubgraphServer(center, {
    orm,
    gatewayKey: gateway.publicKey,
    signatureMaxAgeMs: 30_000,
    port: 0,
    log: createLogger('center', 'error'),
  });
  return {
    server,
    close: async () => {
      await server.close();
      await orm.close();
    },
  };
};

beforeAll(async () => {
  databaseUrl = await testDatabase();
  const first = await start();
  subgraph = first.server;
  return first.close;
});

async function send(headers: Record<string, string>, payload = body) {
  const res = await fetch(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: payload,
  });
  return { status: res.status, body: (await res.json()) as unknown };
}
const refusal = (problem: string) => ({ status: 401, body: { errors: [badSignature(problem)] } });
const signed = (o: Partial<Parameters<typeof signRequest>[0]> = {}) =>
  signRequest({ key: gateway.privateKey, audience: 'center', body, claims: clinician, ...o });

describe('a subgraph called without the gateway', () => {
  it('answers a request signed by the gateway', async () => {
    const r = await send(signed());
    expect(r.status).toBe(200);
  });

  it('refuses an unsigned request', async () => {
    expect(await send({})).toEqual(refusal('request is not signed by the gateway'));
  });

  it('refuses a request signed with another key', async () => {
    expect(await send(signed({ key: impostor.privateKey }))).toEqual(refusal('bad signature'));
  });

  it('refuses tampered claims: a genuine signature with wider claims swapped in', async () => {
    const headers = signed();
    const wider = { ...clinician, roles: ['case-manager'], scope: `${clinician.scope} survivor:identity` };
    headers[SignatureHeaders.claims] = Buffer.from(JSON.stringify(wider)).toString('base64url');
    expect(await send(headers)).toEqual(refusal('bad signature'));
  });

  it("refuses a request id swapped after signing: the id the access log keeps is the gateway's", async () => {
    const headers = signed({ requestId: 'gateway-id' });
    expect(headers[SignatureHeaders.requestId]).toBe('gateway-id');
    headers[SignatureHeaders.requestId] = 'chosen-by-someone-else';
    expect(await send(headers)).toEqual(refusal('bad signature'));
  });

  it('refuses a tampered body, such as a forged _entities representation claiming consent', async () => {
    const headers = signed();
    const forged = JSON.stringify({
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id } } }',
      variables: { r: [{ __typename: 'Case', id: '00000000-0000-4000-8000-000000000000', consent: { health: true } }] },
    });
    expect(await send(headers, forged)).toEqual(refusal('bad signature'));
  });

  it('refuses a request signed for another subgraph', async () => {
    expect(await send(signed({ audience: 'health' }))).toEqual(refusal('bad signature'));
  });

  it('refuses a stale signature and a replayed one', async () => {
    expect(await send(signed({ now: Date.now() - 31_000 }))).toEqual(refusal('signature is stale'));
    const once = signed();
    expect((await send(once)).status).toBe(200);
    expect(await send(once)).toEqual(refusal('replayed request'));
  });

  it('refuses a replay after a restart, and at another replica of the same subgraph: the nonces are in its database', async () => {
    const once = signed();
    expect((await send(once)).status).toBe(200);
    // A second process of the same subgraph on the same database: a replica, or this one restarted.
    const replica = await start();
    try {
      const res = await fetch(replica.server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...once },
        body,
      });
      expect({ status: res.status, body: await res.json() }).toEqual(refusal('replayed request'));
      // A fresh signature is accepted there, and then refused here.
      const fresh = signed();
      const there = await fetch(replica.server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...fresh },
        body,
      });
      expect(there.status).toBe(200);
      expect(await send(fresh)).toEqual(refusal('replayed request'));
    } finally {
      await replica.close();
    }
  });

  it('answers /healthz and /readyz without a signature, and nothing else', async () => {
    const health = await fetch(subgraph.url.replace('/graphql', '/healthz'));
    expect({ status: health.status, body: await health.json() }).toEqual({
      status: 200,
      body: { status: 'ok', subgraph: 'center' },
    });
    const ready = await fetch(subgraph.url.replace('/graphql', '/readyz'));
    expect({ status: ready.status, body: await ready.json() }).toEqual({
      status: 200,
      body: { status: 'ready', subgraph: 'center' },
    });
    const other = await fetch(subgraph.url.replace('/graphql', '/metrics'));
    expect({ status: other.status, body: await other.json() }).toEqual({
      status: 404,
      body: { errors: [{ message: 'not found', extensions: { code: 'NOT_FOUND' } }] },
    });
  });
});

describe('the signature window, exactly', () => {
  const verify = (signedAt: number, now: number) =>
    verifyRequest({
      publicKey: gateway.publicKey,
      audience: 'center',
      body,
      maxAgeMs: 30_000,
      replay: new MemoryReplayGuard(30_000),
      now,
      headers: signRequest({ key: gateway.privateKey, audience: 'center', body, claims: null, now: signedAt }),
    });
  const t = 1_800_000_000_000;

  it('30 000 ms old is inside, 30 001 ms old is outside', async () => {
    expect(await verify(t - 30_000, t)).toEqual({ ok: true, claims: null });
    expect(await verify(t - 30_001, t)).toEqual({ ok: false, problem: 'signature is stale' });
  });

  it('5 000 ms ahead is tolerated (clock skew), 5 001 ms ahead is not', async () => {
    expect(await verify(t + 5_000, t)).toEqual({ ok: true, claims: null });
    expect(await verify(t + 5_001, t)).toEqual({ ok: false, problem: 'signature is stale' });
  });
});
