import { beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../services/shared/signing.js';
import { generateKeyPairSync } from 'node:crypto';
import { demoClaims, demoUser } from '../../services/hub/demo-users.js';
import { intake, writeCaseFile } from '../helpers/case-files.js';
import { testDatabase } from '../helpers/database.js';
import { badSignature, forbidden } from '../helpers/errors.js';
import { type Stack, startStack } from '../helpers/stack.js';
import { type TcpProxy, tcpProxy, viaProxy } from '../helpers/tcp-proxy.js';

// Writes through the whole graph. A case opened at the center reaches every agency through the center's outbox, even
// when an agency is down at that moment; an agency accepts a write only on a case it knows, within the writer's
// scope; and what any mutation answers is a read, under the read rules and in the access log.

let stack: Stack;
let policeInbox: TcpProxy;

beforeAll(async () => {
  const url = await testDatabase();
  policeInbox = await tcpProxy({ host: '127.0.0.1', port: 1 });
  stack = await startStack(url, { deliveryUrl: (name, u) => (name === 'police' ? viaProxy(u, policeInbox) : u) });
  policeInbox.setTarget({ host: '127.0.0.1', port: Number(new URL(stack.subgraphs.get('police')!.url).port) });
});

const OPEN = `mutation($i: OpenCaseInput!) { openCase(input: $i) { id caseNumber } }`;
const opening = (centerCode: string) => intake(centerCode, { needs: ['MEDICAL', 'POLICE'] });
const tokenAt = (login: string, where: { centers?: string[]; district?: string }) => {
  const claims: Record<string, unknown> = {
    ...demoClaims(demoUser(login)),
    sub: `test:${login}:${where.centers?.[0] ?? where.district}`,
  };
  delete claims.centers;
  delete claims.district;
  return stack.tokenFor({ ...claims, ...where });
};
const knownBy = async (agency: string, caseId: string) => {
  const schema = agency === 'gender-ministry' ? 'gender_ministry' : agency;
  const rows: { center_code: string; district: string }[] = await stack.orms
    .get(agency)!
    .em.fork()
    .getConnection()
    .execute(`select center_code, district from "${schema}"."known_case" where case_id = ?`, [caseId]);
  return rows[0] ?? null;
};
async function eventually<T>(probe: () => Promise<T>, done: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the center tells every agency where each case it opens is', () => {
  it('each agency knows the case moments after intake, with its center and district', async () => {
    const r = await stack.query(await tokenAt('reception', { centers: ['HUYE-2'] }), OPEN, { i: opening('HUYE-2') });
    const id = (r.body.data as { openCase: { id: string } }).openCase.id;
    for (const agency of ['health', 'police', 'gender-ministry']) {
      expect(
        await eventually(
          () => knownBy(agency, id),
          (x) => x !== null,
        ),
      ).toEqual({ center_code: 'HUYE-2', district: 'Huye' });
    }
  });

  it('an agency that is down when the case is opened receives it once it is back, exactly once', async () => {
    policeInbox.setMode('stopped');
    const token = await tokenAt('reception', { centers: ['GASABO-1'] });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        ((await stack.query(token, OPEN, { i: opening('GASABO-1') })).body.data as { openCase: { id: string } })
          .openCase.id,
      );
    // Health hears at once; the police do not, while they are unreachable.
    for (const id of ids)
      expect(
        await eventually(
          () => knownBy('health', id),
          (x) => x !== null,
        ),
      ).not.toBeNull();
    await new Promise((r) => setTimeout(r, 1500));
    for (const id of ids) expect(await knownBy('police', id)).toBeNull();
    policeInbox.setMode('pass');
    for (const id of ids)
      expect(
        await eventually(
          () => knownBy('police', id),
          (x) => x !== null,
          30_000,
        ),
      ).toEqual({ center_code: 'GASABO-1', district: 'Gasabo' });
    const rows: { n: number }[] = await stack.orms
      .get('police')!
      .em.fork()
      .getConnection()
      .execute(`select count(*)::int as n from police.known_case where case_id = any(?::uuid[])`, [
        `{${ids.join(',')}}`,
      ]);
    expect(rows[0]!.n).toBe(5);
  }, 60_000);

  it("an agency's inbox accepts only what the center signed, for that agency", async () => {
    const inbox = new URL('/_hub/inbox', stack.subgraphs.get('health')!.url).toString();
    const body = JSON.stringify({
      type: 'case.opened',
      caseId: '6c0b8d4e-1f56-4c4d-9b0e-0a1b2c3d4e5f',
      centerCode: 'GASABO-1',
      district: 'Gasabo',
    });
    const send = async (headers: Record<string, string>, b = body) => {
      const res = await fetch(inbox, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: b,
      });
      return { status: res.status, body: res.status === 204 ? null : await res.json() };
    };
    const refusal = (problem: string) => ({ status: 401, body: { errors: [badSignature(problem)] } });
    expect(await send({})).toEqual(refusal('request is not signed by the gateway'));
    // Signed by someone else (the gateway's key, say): refused.
    expect(await send(signRequest({ key: stack.keys.gatewayPrivate, audience: 'health', body, claims: null }))).toEqual(
      refusal('bad signature'),
    );
    expect(
      await send(
        signRequest({ key: generateKeyPairSync('ed25519').privateKey, audience: 'health', body, claims: null }),
      ),
    ).toEqual(refusal('bad signature'));
    // Signed by the center for another agency: refused.
    expect(await send(signRequest({ key: stack.keys.centerPrivate, audience: 'police', body, claims: null }))).toEqual(
      refusal('bad signature'),
    );
    // A message with anything more than its fields: refused, nothing remembered.
    const extra = JSON.stringify({ ...JSON.parse(body), narrative: 'not for agencies' });
    expect(
      await send(signRequest({ key: stack.keys.centerPrivate, audience: 'health', body: extra, claims: null }), extra),
    ).toEqual({
      status: 400,
      body: { errors: [{ message: 'unexpected fields: narrative', extensions: { code: 'BAD_REQUEST' } }] },
    });
    expect(await knownBy('health', '6c0b8d4e-1f56-4c4d-9b0e-0a1b2c3d4e5f')).toBeNull();
    // The center's own signature for health: accepted, and accepted again (idempotent) with a fresh signature.
    expect(await send(signRequest({ key: stack.keys.centerPrivate, audience: 'health', body, claims: null }))).toEqual({
      status: 204,
      body: null,
    });
    expect(await send(signRequest({ key: stack.keys.centerPrivate, audience: 'health', body, claims: null }))).toEqual({
      status: 204,
      body: null,
    });
    expect(await knownBy('health', '6c0b8d4e-1f56-4c4d-9b0e-0a1b2c3d4e5f')).toEqual({
      center_code: 'GASABO-1',
      district: 'Gasabo',
    });
  });
});

describe('no agency writes on a case it does not serve', () => {
  const COMPLAINT = `mutation($i: RecordComplaintInput!) { recordComplaint(input: $i) { id caseId } }`;
  const refused = (path: string) => ({
    data: null,
    errors: [forbidden('OUT_OF_SCOPE', [path])],
  });

  it('a GASABO-1 investigator cannot record a complaint on a HUYE-2 case; the HUYE-2 investigator then can', async () => {
    const file = await writeCaseFile(stack.orms, { centerCode: 'HUYE-2', consent: 'given', referred: true });
    // writeCaseFile gives the case a complaint already; a fresh case is opened for this test instead.
    const opened = await stack.query(await tokenAt('reception', { centers: ['HUYE-2'] }), OPEN, {
      i: opening('HUYE-2'),
    });
    const id = (opened.body.data as { openCase: { id: string } }).openCase.id;
    await eventually(
      () => knownBy('police', id),
      (x) => x !== null,
    );
    const squatter = await stack.query(await tokenAt('investigator', { centers: ['GASABO-1'] }), COMPLAINT, {
      i: { caseId: id, complaintNumber: `RIB/SQUAT/${id.slice(0, 8)}`, receivedAt: new Date().toISOString() },
    });
    expect(squatter.body).toEqual(refused('recordComplaint'));
    const own = await stack.query(await tokenAt('investigator', { centers: ['HUYE-2'] }), COMPLAINT, {
      i: { caseId: id, complaintNumber: `RIB/SQUAT/${id.slice(0, 8)}`, receivedAt: new Date().toISOString() },
    });
    expect(own.body).toEqual({ data: { recordComplaint: { id: expect.any(String), caseId: id } } });
    expect(file.id).not.toBe(id);
  });

  it('an id that names no case is refused the same way', async () => {
    const r = await stack.query(
      await tokenAt('clinician', { centers: ['GASABO-1'] }),
      `mutation($i: RecordEncounterInput!) { recordEncounter(input: $i) { id } }`,
      {
        i: {
          caseId: '00000000-0000-4000-8000-000000000000',
          seenAt: new Date().toISOString(),
          findings: 'Examined.',
          injuriesObserved: false,
        },
      },
    );
    expect(r.body).toEqual(refused('recordEncounter'));
  });
});

describe('what a mutation answers is a read', () => {
  it('after police consent is withdrawn, updating the investigation answers no investigation and no suspects', async () => {
    const file = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given' });
    const investigator = await stack.token('investigator');
    const ask = `query($id: ID!) { case(id: $id) { investigation { id status } } }`;
    const investigationId = (
      (await stack.query(investigator, ask, { id: file.id })).body.data as { case: { investigation: { id: string } } }
    ).case.investigation.id;
    const withdrawn = await stack.query(
      await stack.token('reception'),
      'mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) { active } }',
      {
        i: { caseId: file.id, scope: 'POLICE' },
      },
    );
    expect(withdrawn.body).toEqual({ data: { withdrawConsent: { active: false } } });
    const r = await stack.query(
      investigator,
      `mutation($i: UpdateInvestigationStatusInput!) {
      updateInvestigationStatus(input: $i) { id caseId case { id investigation { status suspects { sex } } } } }`,
      {
        i: { investigationId, status: 'REFERRED_TO_PROSECUTION' },
      },
    );
    // The case itself is no longer the investigator's to see: without consent the center refuses it as a whole.
    expect(r).toEqual({
      status: 200,
      body: {
        data: { updateInvestigationStatus: { id: investigationId, caseId: file.id, case: null } },
        errors: [forbidden('CONSENT_REQUIRED', ['updateInvestigationStatus', 'case'])],
      },
    });
  });

  it('with consent in force, the answer shows the slice; the center logs the case read, the police the slice read beside the write', async () => {
    const file = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given' });
    const investigator = await stack.token('investigator');
    const investigationId = (
      (await stack.query(investigator, `query($id: ID!) { case(id: $id) { investigation { id } } }`, { id: file.id }))
        .body.data as { case: { investigation: { id: string } } }
    ).case.investigation.id;
    const r = await stack.query(
      investigator,
      `mutation($i: UpdateInvestigationStatusInput!) {
      updateInvestigationStatus(input: $i) { case { investigation { status } } } }`,
      { i: { investigationId, status: 'REFERRED_TO_PROSECUTION' } },
    );
    expect(r.body).toEqual({
      data: { updateInvestigationStatus: { case: { investigation: { status: 'REFERRED_TO_PROSECUTION' } } } },
    });
    const log: { action: string; fields: string[]; basis: string }[] = await stack.orms
      .get('police')!
      .em.fork()
      .getConnection()
      .execute('select action, fields, basis from police.access_log where case_id = ? order by id', [file.id]);
    expect(log.slice(-2)).toEqual([
      { action: 'WRITE', fields: ['updateInvestigationStatus.REFERRED_TO_PROSECUTION'], basis: 'OWN_RECORD' },
      { action: 'READ', fields: ['investigation.status'], basis: 'CONSENT' },
    ]);
    const centerLog: { subject: string; action: string; basis: string }[] = await stack.orms
      .get('center')!
      .em.fork()
      .getConnection()
      .execute('select subject, action, basis from center.access_log where case_id = ? order by id desc limit 1', [
        file.id,
      ]);
    expect(centerLog).toEqual([{ subject: 'demo:investigator', action: 'READ', basis: 'CONSENT' }]);
  });
});
