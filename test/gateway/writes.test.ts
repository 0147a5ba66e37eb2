import { beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../services/shared/signing.js';
import { generateKeyPairSync } from 'node:crypto';
import { demoClaims, demoUser } from '../../services/hub/demo-users.js';
import { intake, writeCaseFile } from '../helpers/case-files.js';
import { testDatabase } from '../helpers/database.js';
import { badSignature, forbidden, unauthorized } from '../helpers/errors.js';
import { type Stack, startStack } from '../helpers/stack.js';
import { type TcpProxy, tcpProxy, viaProxy } from '../helpers/tcp-proxy.js';

// Writes through the whole graph. A referral reaches the agency it is made to through the center's outbox, even when
// the agency is down at that moment, and so does every later move of it; an agency accepts a write only on a case
// with an open referral to it, within the writer's scope; and what any mutation answers is a read, under the read
// rules and in the access log.

let stack: Stack;
let policeInbox: TcpProxy;

beforeAll(async () => {
  const url = await testDatabase();
  policeInbox = await tcpProxy({ host: '127.0.0.1', port: 1 });
  stack = await startStack(url, { deliveryUrl: (name, u) => (name === 'police' ? viaProxy(u, policeInbox) : u) });
  policeInbox.setTarget({ host: '127.0.0.1', port: Number(new URL(stack.subgraphs.get('police')!.url).port) });
});

const OPEN = `mutation($i: OpenCaseInput!) { openCase(input: $i) { id caseNumber } }`;
const CONSENT = `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`;
const REFER = `mutation($i: ReferCaseInput!) { referCase(input: $i) { id status version } }`;
const MOVE = (name: string) => `mutation($i: ReferralMoveInput!) { ${name}(input: $i) { id status version } }`;
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
const schemaOf = (agency: string) => (agency === 'gender-ministry' ? 'gender_ministry' : agency);
type Known = { referral_id: string; center_code: string; district: string; status: string; version: number };
/** The referrals an agency has been told of for a case. */
const knownBy = async (agency: string, caseId: string): Promise<Known[]> =>
  stack.orms
    .get(agency)!
    .em.fork()
    .getConnection()
    .execute(
      `select referral_id, center_code, district, status, version from "${schemaOf(agency)}"."known_referral"
       where case_id = ? order by referral_id`,
      [caseId],
    );
async function eventually<T>(probe: () => Promise<T>, done: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
const data = <T>(r: { body: { data?: unknown } }): T => r.body.data as T;

/** A case opened at `centerCode` through the gateway, with the survivor's consent for `scope` recorded. */
async function consentedCase(centerCode: string, scope: string): Promise<string> {
  const reception = await tokenAt('reception', { centers: [centerCode] });
  const id = data<{ openCase: { id: string } }>(await stack.query(reception, OPEN, { i: opening(centerCode) })).openCase
    .id;
  expect((await stack.query(reception, CONSENT, { i: { caseId: id, scope, givenBy: 'SURVIVOR' } })).body.errors).toBe(
    undefined,
  );
  return id;
}

/** Refer `caseId` to `agency` (a sharing code) as reception at `centerCode`; the referral's id. */
async function refer(centerCode: string, caseId: string, agency: string): Promise<string> {
  const reception = await tokenAt('reception', { centers: [centerCode] });
  const r = await stack.query(reception, REFER, { i: { caseId, agency } });
  const referral = data<{ referCase: { id: string; status: string; version: number } }>(r).referCase;
  expect(referral).toEqual({ id: expect.any(String), status: 'REQUESTED', version: 1 });
  return referral.id;
}

describe('the center tells an agency of each referral made to it, and of every move of it', () => {
  it("the agency knows the referral moments after it is made, with the case's place; the others hear nothing", async () => {
    const id = await consentedCase('HUYE-2', 'POLICE');
    // Opening a case tells no agency anything: the police learn of it only through a referral.
    await new Promise((r) => setTimeout(r, 500));
    expect(await knownBy('police', id)).toEqual([]);
    const referralId = await refer('HUYE-2', id, 'POLICE');
    expect(
      await eventually(
        () => knownBy('police', id),
        (x) => x.length > 0,
      ),
    ).toEqual([{ referral_id: referralId, center_code: 'HUYE-2', district: 'Huye', status: 'REQUESTED', version: 1 }]);
    const accepted = await stack.query(await tokenAt('investigator', { centers: ['HUYE-2'] }), MOVE('acceptReferral'), {
      i: { referralId },
    });
    expect(accepted.body).toEqual({ data: { acceptReferral: { id: referralId, status: 'ACCEPTED', version: 2 } } });
    expect(
      await eventually(
        () => knownBy('police', id),
        (x) => x[0]?.status === 'ACCEPTED',
      ),
    ).toEqual([{ referral_id: referralId, center_code: 'HUYE-2', district: 'Huye', status: 'ACCEPTED', version: 2 }]);
    expect(await knownBy('health', id)).toEqual([]);
    expect(await knownBy('gender-ministry', id)).toEqual([]);
  });

  it('50 referrals made while the police are down each arrive exactly once when they are back', async () => {
    const files = await Promise.all(
      Array.from({ length: 50 }, () =>
        writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given', referred: false }),
      ),
    );
    policeInbox.setMode('stopped');
    const reception = await tokenAt('reception', { centers: ['GASABO-1'] });
    const referrals = new Map<string, string>();
    for (const f of files) {
      const r = await stack.query(reception, REFER, { i: { caseId: f.id, agency: 'POLICE' } });
      referrals.set(f.id, data<{ referCase: { id: string } }>(r).referCase.id);
    }
    await new Promise((r) => setTimeout(r, 1500));
    const ids = `{${files.map((f) => f.id).join(',')}}`;
    const police = stack.orms.get('police')!.em.fork().getConnection();
    const count = async () =>
      (
        (await police.execute(`select count(*)::int as n from police.known_referral where case_id = any(?::uuid[])`, [
          ids,
        ])) as { n: number }[]
      )[0]!.n;
    expect(await count()).toBe(0);
    policeInbox.setMode('pass');
    expect(await eventually(count, (n) => n === 50, 60_000)).toBe(50);
    // Exactly once: one row per referral, each at its first version, and nothing left in the outbox or dead-lettered.
    const rows: { case_id: string; referral_id: string; status: string; version: number }[] = await police.execute(
      `select case_id, referral_id, status, version from police.known_referral where case_id = any(?::uuid[])`,
      [ids],
    );
    expect(new Map(rows.map((r) => [r.case_id, r.referral_id]))).toEqual(referrals);
    expect(rows.every((r) => r.status === 'REQUESTED' && r.version === 1)).toBe(true);
    // The receiver stores a batch before the worker marks its jobs done: on a busy machine the last batch may still be
    // active for a moment after it has arrived.
    const jobs = (): Promise<{ state: string; n: number }[]> =>
      stack.orms
        .get('center')!
        .em.fork()
        .getConnection()
        .execute(
          `select data->>'type' as type, state, count(*)::int as n from center_outbox.job
           where name in ('deliver-to-police', 'undeliverable') and data->>'caseId' = any(?::text[])
           group by 1, 2 order by 1, 2`,
          [ids],
        );
    const settled = (js: { state: string }[]) => js.every((j) => j.state !== 'active');
    // Each referral went with the case's statistics facts: both kinds delivered, each once.
    expect(await eventually(jobs, settled, 20_000)).toEqual([
      { type: 'case.statistics', state: 'completed', n: 50 },
      { type: 'referral.changed', state: 'completed', n: 50 },
    ]);
    const facts = await police.execute(
      `select count(*)::int as n from police.case_statistics where case_id = any(?::uuid[])`,
      [ids],
    );
    expect(facts).toEqual([{ n: 50 }]);
  }, 120_000);

  it("an agency's inbox accepts only what the center signed, for that agency, and never goes back a version", async () => {
    const inbox = new URL('/_hub/inbox', stack.subgraphs.get('health')!.url).toString();
    const caseId = '6c0b8d4e-1f56-4c4d-9b0e-0a1b2c3d4e5f';
    const referralId = '7d1c9e5f-2a67-4d5e-8c1f-1b2c3d4e5f60';
    const message = (status: string, version: number) =>
      JSON.stringify({
        type: 'referral.changed',
        referralId,
        caseId,
        centerCode: 'GASABO-1',
        district: 'Gasabo',
        incidentAt: '2026-11-28T22:15:00.000Z',
        status,
        version,
      });
    const body = message('ACCEPTED', 2);
    const send = async (headers: Record<string, string>, b = body) => {
      const res = await fetch(inbox, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: b,
      });
      return { status: res.status, body: res.status === 204 ? null : await res.json() };
    };
    const byCenter = (b: string) =>
      signRequest({ key: stack.keys.centerPrivate, audience: 'health', body: b, claims: null });
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
    // A message with anything more than its fields, or a status that is none: refused, nothing remembered.
    const extra = JSON.stringify({ ...JSON.parse(body), narrative: 'not for agencies' });
    expect(await send(byCenter(extra), extra)).toEqual({
      status: 400,
      body: { errors: [{ message: 'unexpected fields: narrative', extensions: { code: 'BAD_REQUEST' } }] },
    });
    const odd = message('MAYBE', 2);
    expect(await send(byCenter(odd), odd)).toEqual({
      status: 400,
      body: { errors: [{ message: 'status must be a referral status', extensions: { code: 'BAD_REQUEST' } }] },
    });
    expect(await knownBy('health', caseId)).toEqual([]);
    // The center's own signature for health: accepted, and accepted again (idempotent) with a fresh signature.
    expect(await send(byCenter(body))).toEqual({ status: 204, body: null });
    expect(await send(byCenter(body))).toEqual({ status: 204, body: null });
    const accepted = {
      referral_id: referralId,
      center_code: 'GASABO-1',
      district: 'Gasabo',
      status: 'ACCEPTED',
      version: 2,
    };
    expect(await knownBy('health', caseId)).toEqual([accepted]);
    // The request, delivered late (after a retry), does not undo the acceptance; a newer move does apply.
    const late = message('REQUESTED', 1);
    expect(await send(byCenter(late), late)).toEqual({ status: 204, body: null });
    expect(await knownBy('health', caseId)).toEqual([accepted]);
    const done = message('COMPLETED', 3);
    expect(await send(byCenter(done), done)).toEqual({ status: 204, body: null });
    expect(await knownBy('health', caseId)).toEqual([{ ...accepted, status: 'COMPLETED', version: 3 }]);
  });
});

describe('what the center could not deliver, an administrator sees and sends again', () => {
  const LIST = `query($n: Int) { undeliverableMessages(first: $n) {
    id receiver type referralId caseId status version lastError attempts since } }`;
  const REDELIVER = `mutation($id: ID!) { redeliverMessage(id: $id) { id referralId receiver } }`;
  type Dead = { id: string; referralId: string; since: string };
  const deadFor = async (admin: string, referralId: string) =>
    (
      data<{ undeliverableMessages: Dead[] }>(await stack.query(admin, LIST, { n: 500 })).undeliverableMessages ?? []
    ).filter((m) => m.referralId === referralId);

  it('a referral that failed every retry is listed, never dropped, and arrives exactly once when sent again', async () => {
    const admin = await stack.token('admin');
    policeInbox.setMode('stopped');
    let referralId = '';
    let caseId = '';
    const center = stack.orms.get('center')!.em.fork().getConnection();
    try {
      caseId = await consentedCase('GASABO-1', 'POLICE');
      referralId = await refer('GASABO-1', caseId, 'POLICE');
      // Its next failure is its last: as if the police had been down for the five days of retries. (Set between two
      // attempts: a delivery under way would overwrite it.)
      const lastTry = async () =>
        (
          (await center.execute(
            `update center_outbox.job set retry_count = retry_limit, start_after = now() + interval '1 second'
              where name = 'deliver-to-police' and data->>'referralId' = ? and state = 'retry'`,
            [referralId],
            'run',
          )) as { affectedRows: number }
        ).affectedRows;
      expect(await eventually(lastTry, (n) => n === 1)).toBe(1);
      const dead = await eventually(
        () => deadFor(admin, referralId),
        (x) => x.length > 0,
      );
      expect(dead).toEqual([
        {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          receiver: 'police',
          type: 'referral.changed',
          referralId,
          caseId,
          status: 'REQUESTED',
          version: 1,
          lastError: 'police unreachable (TypeError)',
          attempts: 25,
          since: expect.any(String),
        },
      ]);
      expect(await knownBy('police', caseId)).toEqual([]);
      // Kept until someone acts: pg-boss would otherwise archive a waiting job after its retention, and then drop it.
      expect(
        await center.execute(`select keep_until::text from center_outbox.job where id = ?`, [dead[0]!.id]),
      ).toEqual([{ keep_until: 'infinity' }]);
    } finally {
      policeInbox.setMode('pass');
    }
    const id = (await deadFor(admin, referralId))[0]!.id;
    // Two administrators send it again at the same moment: it is queued once, and the second is told it is gone.
    const [a, b] = await Promise.all([
      stack.query(admin, REDELIVER, { id }),
      stack.query(await stack.tokenFor({ ...demoClaims(demoUser('admin')), sub: 'test:admin:2' }), REDELIVER, { id }),
    ]);
    const answers = [a.body, b.body].sort((x) => (x.errors ? 1 : -1));
    expect(answers).toEqual([
      { data: { redeliverMessage: { id, referralId, receiver: 'police' } } },
      {
        data: null,
        errors: [
          expect.objectContaining({
            message: 'id: no undeliverable message has this id',
            path: ['redeliverMessage'],
            extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
          }),
        ],
      },
    ]);
    expect(
      await eventually(
        () => knownBy('police', caseId),
        (x) => x.length > 0,
      ),
    ).toEqual([
      { referral_id: referralId, center_code: 'GASABO-1', district: 'Gasabo', status: 'REQUESTED', version: 1 },
    ]);
    expect(await deadFor(admin, referralId)).toEqual([]);
  }, 60_000);

  it('only an administrator sees or sends them; bad input is refused', async () => {
    for (const login of ['reception', 'case-manager', 'auditor', 'analyst']) {
      expect((await stack.query(await stack.token(login), LIST, { n: 5 })).body).toEqual({
        data: null,
        errors: [unauthorized(['undeliverableMessages'])],
      });
      expect(
        (await stack.query(await stack.token(login), REDELIVER, { id: '6f1c1d7e-3b7a-4c55-9a51-000000000000' })).body,
      ).toEqual({ data: null, errors: [unauthorized(['redeliverMessage'])] });
    }
    const admin = await stack.token('admin');
    const bad = (field: string, problem: string, path: string) => ({
      data: null,
      errors: [
        expect.objectContaining({
          message: `${field}: ${problem}`,
          path: [path],
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', fields: [{ field, problem }] }),
        }),
      ],
    });
    expect((await stack.query(admin, LIST, { n: 0 })).body).toEqual(
      bad('first', 'must be between 1 and 500', 'undeliverableMessages'),
    );
    expect((await stack.query(admin, LIST, { n: 501 })).body).toEqual(
      bad('first', 'must be between 1 and 500', 'undeliverableMessages'),
    );
    expect((await stack.query(admin, REDELIVER, { id: 'msg-1' })).body).toEqual(
      bad('id', 'must be a UUID', 'redeliverMessage'),
    );
    expect((await stack.query(admin, REDELIVER, { id: '6f1c1d7e-3b7a-4c55-9a51-000000000000' })).body).toEqual(
      bad('id', 'no undeliverable message has this id', 'redeliverMessage'),
    );
  });
});

describe('no referral, no write', () => {
  const COMPLAINT = `mutation($i: RecordComplaintInput!) { recordComplaint(input: $i) { id caseId } }`;
  const complaint = (id: string) => ({
    i: { caseId: id, complaintNumber: `RIB/W/${id.slice(0, 8)}`, receivedAt: new Date().toISOString() },
  });
  const refused = (path: string) => ({ data: null, errors: [forbidden('NOT_REFERRED', [path])] });
  const deliveredTo = (agency: string, id: string, status: string) =>
    eventually(
      () => knownBy(agency, id),
      (x) => x.some((k) => k.status === status),
    );

  it('a GASABO-1 investigator cannot record a complaint on a HUYE-2 case; the HUYE-2 investigator then can', async () => {
    const id = await consentedCase('HUYE-2', 'POLICE');
    await refer('HUYE-2', id, 'POLICE');
    await deliveredTo('police', id, 'REQUESTED');
    const squatter = await stack.query(
      await tokenAt('investigator', { centers: ['GASABO-1'] }),
      COMPLAINT,
      complaint(id),
    );
    expect(squatter.body).toEqual(refused('recordComplaint'));
    const own = await stack.query(await tokenAt('investigator', { centers: ['HUYE-2'] }), COMPLAINT, complaint(id));
    expect(own.body).toEqual({ data: { recordComplaint: { id: expect.any(String), caseId: id } } });
  });

  it('with consent for the police but no referral to them, an investigator of the center cannot write', async () => {
    const id = await consentedCase('GASABO-1', 'POLICE');
    const r = await stack.query(await tokenAt('investigator', { centers: ['GASABO-1'] }), COMPLAINT, complaint(id));
    expect(r.body).toEqual(refused('recordComplaint'));
  });

  it('once the center revokes the referral, reads stop at once and writes as soon as the police are told', async () => {
    const id = await consentedCase('GASABO-1', 'POLICE');
    const referralId = await refer('GASABO-1', id, 'POLICE');
    await deliveredTo('police', id, 'REQUESTED');
    const investigator = await tokenAt('investigator', { centers: ['GASABO-1'] });
    const ask = `query($id: ID!) { case(id: $id) { id } }`;
    expect((await stack.query(investigator, ask, { id })).body).toEqual({ data: { case: { id } } });
    const revoked = await stack.query(await tokenAt('reception', { centers: ['GASABO-1'] }), MOVE('revokeReferral'), {
      i: { referralId, reason: 'Referred to the wrong agency by mistake.' },
    });
    expect(revoked.body).toEqual({ data: { revokeReferral: { id: referralId, status: 'REVOKED', version: 2 } } });
    expect((await stack.query(investigator, ask, { id })).body).toEqual({
      data: { case: null },
      errors: [forbidden('NOT_REFERRED', ['case'])],
    });
    await deliveredTo('police', id, 'REVOKED');
    expect((await stack.query(investigator, COMPLAINT, complaint(id))).body).toEqual(refused('recordComplaint'));
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
        i: { investigationId, status: 'REFERRED_TO_PROSECUTION', reason: 'The file is complete.' },
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
      { i: { investigationId, status: 'REFERRED_TO_PROSECUTION', reason: 'The file is complete.' } },
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
