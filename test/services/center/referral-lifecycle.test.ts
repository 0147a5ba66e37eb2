import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { Referral } from '../../../services/center/entities/referral.entity.js';
import { redeliverReferrals } from '../../../services/center/redeliver.js';
import type { Caller } from '../../../services/shared/caller.js';
import { anonymous, asDemoUser, asRole } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, conflict, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogSince,
  addBreakGlass,
  HOUR,
  consentInput,
  entry,
  freezeClock,
  intake,
  lastLogId,
  openCase,
  recordConsent,
  referCase,
  share,
  UUID,
  WITHDRAW_CONSENT,
  writesNothing,
} from './fixtures.js';

// A referral's moves after its request: the agency it was made to accepts, rejects (saying why) or completes it; the
// center revokes it (saying why). Every move is a write with its access-log entry and a message to the agency in the
// same transaction; what it answers is a read. Anyone else is refused, and a move that the referral's state does not
// allow is a CONFLICT, also when two people make moves at the same moment.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
});
afterEach(() => {
  vi.useRealTimers();
});

const reception = asDemoUser('reception');
const clinician = asDemoUser('clinician');
const investigator = asDemoUser('investigator');
const socialWorker = asDemoUser('social-worker');
const REASON = 'No bed free in the maternity ward today.';

const FIELDS = 'id agency status statusReason version history { fromStatus toStatus by reason }';
const MOVE = (name: string) => `mutation Move($input: ReferralMoveInput!) { ${name}(input: $input) { ${FIELDS} } }`;
const ACCEPT = MOVE('acceptReferral');
const REJECT = MOVE('rejectReferral');
const COMPLETE = MOVE('completeReferral');
const REVOKE = MOVE('revokeReferral');
/** What a move's answer shows, as the access log names it. */
const MOVE_READ = [
  'referrals.agency',
  'referrals.history.by',
  'referrals.history.fromStatus',
  'referrals.history.reason',
  'referrals.history.toStatus',
  'referrals.id',
  'referrals.status',
  'referrals.statusReason',
  'referrals.version',
];
const CASE = `query One($id: ID!) { case(id: $id) { id } }`;

/** A case at `centerCode` referred to `agency` with the survivor's consent, by its reception: its id and the referral's. */
async function referred(
  agency: 'HEALTH' | 'POLICE' | 'GENDER_MINISTRY' = 'HEALTH',
  centerCode = 'GASABO-1',
): Promise<{ caseId: string; referralId: string; incidentAt: string }> {
  const by = asRole('reception-officer', { centers: [centerCode] });
  const opened = await openCase(h, intake(centerCode), by);
  const caseId = opened.id;
  await recordConsent(h, by, consentInput(caseId, agency));
  const referral = await referCase(h, by, caseId, agency);
  return { caseId, referralId: String(referral.id), incidentAt: String(opened.view.incidentAt) };
}

/** The first move of every referral `referred` makes: its request, by a reception officer of the case's center. */
const requested = { fromStatus: null, toStatus: 'REQUESTED', by: 'demo:test-reception-officer', reason: null };

/** The messages queued in the center's outbox for a referral, oldest first. */
async function messagesFor(referralId: string): Promise<{ queue: string; data: Record<string, unknown> }[]> {
  return h.orm.em
    .fork()
    .getConnection()
    .execute(
      `select name as queue, data from center_outbox.job where data->>'referralId' = ? order by created_on, data->>'version'`,
      [referralId],
    );
}

/** Run a move and prove that it wrote nothing: no row anywhere in the center, no message, no access-log entry. */
async function refused(p: Caller | null, query: string, input: Record<string, unknown>) {
  return writesNothing(h, () => h.run(p, query, { input }));
}

describe('acceptReferral, rejectReferral, completeReferral: the agency answers', () => {
  it('the clinician accepts a referral to health: logged as a write and a read, and told to health', async () => {
    const { caseId, referralId, incidentAt } = await referred('HEALTH');
    const now = freezeClock();
    const since = await lastLogId(h);
    expect(await h.run(clinician, ACCEPT, { input: { referralId } })).toEqual({
      data: {
        acceptReferral: {
          id: referralId,
          agency: 'HEALTH',
          status: 'ACCEPTED',
          statusReason: null,
          version: 2,
          history: [requested, { fromStatus: 'REQUESTED', toStatus: 'ACCEPTED', by: 'demo:clinician', reason: null }],
        },
      },
    });
    const at = now.toISOString();
    expect(await accessLogSince(h, since)).toEqual([
      entry(clinician, { caseId, action: 'WRITE', fields: ['acceptReferral.HEALTH'], basis: 'CONSENT', at }),
      entry(clinician, { caseId, action: 'READ', fields: MOVE_READ, basis: 'CONSENT', at }),
    ]);
    const where = {
      type: 'referral.changed',
      referralId,
      caseId,
      centerCode: 'GASABO-1',
      district: 'Gasabo',
      incidentAt,
    };
    expect(await messagesFor(referralId)).toEqual([
      { queue: 'deliver-to-health', data: { ...where, status: 'REQUESTED', version: 1 } },
      { queue: 'deliver-to-health', data: { ...where, status: 'ACCEPTED', version: 2 } },
    ]);
  });

  it('the investigator rejects a referral to the police, saying why; the case is closed to the police and can be referred anew', async () => {
    const { caseId, referralId } = await referred('POLICE');
    expect(await h.run(investigator, REJECT, { input: { referralId, reason: REASON } })).toEqual({
      data: {
        rejectReferral: {
          id: referralId,
          agency: 'POLICE',
          status: 'REJECTED',
          statusReason: REASON,
          version: 2,
          history: [
            requested,
            { fromStatus: 'REQUESTED', toStatus: 'REJECTED', by: 'demo:investigator', reason: REASON },
          ],
        },
      },
    });
    expect(await h.run(investigator, CASE, { id: caseId })).toEqual({
      data: { case: null },
      errors: [forbidden('NOT_REFERRED', ['case'])],
    });
    const again = await referCase(h, reception, caseId, 'POLICE');
    expect(again.id).not.toBe(referralId);
    expect(await h.run(investigator, CASE, { id: caseId })).toEqual({ data: { case: { id: caseId } } });
  });

  it('the social worker accepts, then completes; the ministry keeps reading the case, and the history shows each move', async () => {
    const { caseId, referralId } = await referred('GENDER_MINISTRY');
    expect((await h.run(socialWorker, ACCEPT, { input: { referralId } })).errors).toBeUndefined();
    expect(await h.run(socialWorker, COMPLETE, { input: { referralId } })).toEqual({
      data: {
        completeReferral: {
          id: referralId,
          agency: 'GENDER_MINISTRY',
          status: 'COMPLETED',
          statusReason: null,
          version: 3,
          history: [
            requested,
            { fromStatus: 'REQUESTED', toStatus: 'ACCEPTED', by: 'demo:social-worker', reason: null },
            { fromStatus: 'ACCEPTED', toStatus: 'COMPLETED', by: 'demo:social-worker', reason: null },
          ],
        },
      },
    });
    expect(await h.run(socialWorker, CASE, { id: caseId })).toEqual({ data: { case: { id: caseId } } });
    expect((await messagesFor(referralId)).map((m) => [m.queue, m.data.status, m.data.version])).toEqual([
      ['deliver-to-gender-ministry', 'REQUESTED', 1],
      ['deliver-to-gender-ministry', 'ACCEPTED', 2],
      ['deliver-to-gender-ministry', 'COMPLETED', 3],
    ]);
  });

  it("each agency sees its own referrals of a case in referralsToYou, and no one else's", async () => {
    const caseId = (await openCase(h, intake('GASABO-1'))).id;
    await share(h, reception, caseId, 'HEALTH');
    await share(h, reception, caseId, 'POLICE');
    const ASK = `query One($id: ID!) { case(id: $id) { referralsToYou { agency status } } }`;
    expect(await h.run(clinician, ASK, { id: caseId })).toEqual({
      data: { case: { referralsToYou: [{ agency: 'HEALTH', status: 'REQUESTED' }] } },
    });
    expect(await h.run(investigator, ASK, { id: caseId })).toEqual({
      data: { case: { referralsToYou: [{ agency: 'POLICE', status: 'REQUESTED' }] } },
    });
    expect(await h.run(reception, ASK, { id: caseId })).toEqual({
      data: { case: { referralsToYou: null } },
      errors: [forbidden('MISSING_SCOPE', ['case', 'referralsToYou'])],
    });
  });
});

describe('revokeReferral: the center withdraws a referral', () => {
  it('reception revokes a requested referral, saying why; the agency loses the case on the very next request', async () => {
    const { caseId, referralId } = await referred('HEALTH');
    expect(await h.run(clinician, CASE, { id: caseId })).toEqual({ data: { case: { id: caseId } } });
    const reason = 'Referred to the wrong agency by mistake.';
    expect(await h.run(reception, REVOKE, { input: { referralId, reason } })).toEqual({
      data: {
        revokeReferral: {
          id: referralId,
          agency: 'HEALTH',
          status: 'REVOKED',
          statusReason: reason,
          version: 2,
          history: [requested, { fromStatus: 'REQUESTED', toStatus: 'REVOKED', by: 'demo:reception', reason }],
        },
      },
    });
    expect(await h.run(clinician, CASE, { id: caseId })).toEqual({
      data: { case: null },
      errors: [forbidden('NOT_REFERRED', ['case'])],
    });
    expect((await messagesFor(referralId)).map((m) => m.data.status)).toEqual(['REQUESTED', 'REVOKED']);
  });
});

describe('moves the referral does not allow are a CONFLICT (or, once it is closed to the agency, NOT_REFERRED), and write nothing', () => {
  it.each([
    ['accept', 'ACCEPTED', ACCEPT, 'an accepted referral cannot be accepted; only a requested one can'],
    ['complete', 'REQUESTED', COMPLETE, 'a requested referral cannot be completed; only an accepted one can'],
    ['reject', 'ACCEPTED', REJECT, 'an accepted referral cannot be rejected; only a requested one can'],
    ['revoke', 'COMPLETED', REVOKE, 'a completed referral cannot be revoked; only a requested or accepted one can'],
    // A revoked or rejected referral no longer shares the case: the agency is refused before its state is looked at.
    ['accept', 'REVOKED', ACCEPT, 'NOT_REFERRED'],
    ['complete', 'REJECTED', COMPLETE, 'NOT_REFERRED'],
  ])('%s a referral that is %s', async (name, state, query, message) => {
    const { referralId } = await referred('HEALTH');
    const by = (q: string) => (q === REVOKE ? reception : clinician);
    const path = (q: string) => /\{ (\w+)\(/.exec(q)?.[1] ?? '';
    const steps: Record<string, [string, Record<string, unknown>][]> = {
      REQUESTED: [],
      ACCEPTED: [[ACCEPT, {}]],
      COMPLETED: [
        [ACCEPT, {}],
        [COMPLETE, {}],
      ],
      REVOKED: [[REVOKE, { reason: REASON }]],
      REJECTED: [[REJECT, { reason: REASON }]],
    };
    for (const [q, more] of steps[state]!) {
      expect((await h.run(by(q), q, { input: { referralId, ...more } })).errors).toBeUndefined();
    }
    const input = { referralId, ...(query === REVOKE || query === REJECT ? { reason: REASON } : {}) };
    expect(await refused(by(query), query, input)).toEqual({
      data: null,
      errors: [
        message === 'NOT_REFERRED' ? forbidden('NOT_REFERRED', [path(query)]) : conflict(message, [path(query)]),
      ],
    });
    expect(query).toContain(`${name}Referral`);
  });
});

describe('who may not move a referral', () => {
  const NO_SUCH = (path: string) => ({
    data: null,
    errors: [badInput({ field: 'input.referralId', problem: 'no referral you may act on has this id' }, [path])],
  });

  it('another agency cannot answer it: to the police, a referral to health is as good as absent', async () => {
    const { referralId } = await referred('HEALTH');
    expect(await refused(investigator, ACCEPT, { referralId })).toEqual(NO_SUCH('acceptReferral'));
    expect(await refused(socialWorker, REJECT, { referralId, reason: REASON })).toEqual(NO_SUCH('rejectReferral'));
  });

  it('a clinician of another center cannot answer it, even with emergency access to the case: as good as absent', async () => {
    const { caseId, referralId } = await referred('HEALTH');
    const huye = asRole('clinician', { centers: ['HUYE-1'] });
    expect(await refused(huye, ACCEPT, { referralId })).toEqual(NO_SUCH('acceptReferral'));
    await addBreakGlass(h, caseId, huye.subject, { startedAt: new Date(), expiresAt: new Date(Date.now() + HOUR) });
    expect(await refused(huye, ACCEPT, { referralId })).toEqual(NO_SUCH('acceptReferral'));
    expect(await refused(huye, REJECT, { referralId, reason: REASON })).toEqual(NO_SUCH('rejectReferral'));
  });

  it("the referral's own clinician, with emergency access but no consent, cannot answer it (CONSENT_REQUIRED)", async () => {
    const { caseId, referralId } = await referred('HEALTH');
    expect((await h.run(reception, WITHDRAW_CONSENT, { input: { caseId, scope: 'HEALTH' } })).errors).toBeUndefined();
    await addBreakGlass(h, caseId, clinician.subject, {
      startedAt: new Date(),
      expiresAt: new Date(Date.now() + HOUR),
    });
    expect(await h.run(clinician, CASE, { id: caseId })).toEqual({ data: { case: { id: caseId } } });
    expect(await refused(clinician, ACCEPT, { referralId })).toEqual({
      data: null,
      errors: [forbidden('CONSENT_REQUIRED', ['acceptReferral'])],
    });
  });

  it('once consent for health is withdrawn, the clinician cannot answer it (CONSENT_REQUIRED)', async () => {
    const { caseId, referralId } = await referred('HEALTH');
    expect((await h.run(reception, WITHDRAW_CONSENT, { input: { caseId, scope: 'HEALTH' } })).errors).toBeUndefined();
    expect(await refused(clinician, ACCEPT, { referralId })).toEqual({
      data: null,
      errors: [forbidden('CONSENT_REQUIRED', ['acceptReferral'])],
    });
  });

  it('center staff cannot answer for the agency, and agencies cannot revoke (MISSING_SCOPE)', async () => {
    const { referralId } = await referred('HEALTH');
    const missing = (path: string) => ({ data: null, errors: [forbidden('MISSING_SCOPE', [path])] });
    expect(await refused(reception, ACCEPT, { referralId })).toEqual(missing('acceptReferral'));
    expect(await refused(asDemoUser('case-manager'), COMPLETE, { referralId })).toEqual(missing('completeReferral'));
    expect(await refused(clinician, REVOKE, { referralId, reason: REASON })).toEqual(missing('revokeReferral'));
    expect(await refused(asDemoUser('analyst'), ACCEPT, { referralId })).toEqual(missing('acceptReferral'));
    expect(await refused(asDemoUser('local-official'), ACCEPT, { referralId })).toEqual(missing('acceptReferral'));
  });

  it('reception of another center cannot revoke it (as absent); an anonymous caller is UNAUTHENTICATED', async () => {
    const { referralId } = await referred('HEALTH');
    const huye = asRole('reception-officer', { centers: ['HUYE-1'] });
    expect(await refused(huye, REVOKE, { referralId, reason: REASON })).toEqual(NO_SUCH('revokeReferral'));
    expect(await refused(anonymous, ACCEPT, { referralId })).toEqual({
      data: null,
      errors: [unauthenticated(['acceptReferral'])],
    });
  });
});

describe('bad input', () => {
  it('an id that is no UUID, or names no referral', async () => {
    expect(await refused(clinician, ACCEPT, { referralId: 'ref-1' })).toEqual({
      data: null,
      errors: [badInput({ field: 'input.referralId', problem: 'referralId must be a UUID' }, ['acceptReferral'])],
    });
    expect(await refused(clinician, ACCEPT, { referralId: '6f1c1d7e-3b7a-4c55-9a51-000000000000' })).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.referralId', problem: 'no referral you may act on has this id' }, ['acceptReferral']),
      ],
    });
  });

  it('rejecting or revoking needs a reason of at least 5 letters and at most 2000 characters', async () => {
    const { referralId } = await referred('HEALTH');
    const problem = (p: string, path: string) => ({
      data: null,
      errors: [badInput({ field: 'input.reason', problem: p }, [path])],
    });
    expect(await refused(clinician, REJECT, { referralId })).toEqual(
      problem('say why the referral is rejected', 'rejectReferral'),
    );
    expect(await refused(reception, REVOKE, { referralId, reason: null })).toEqual(
      problem('say why the referral is revoked', 'revokeReferral'),
    );
    expect(await refused(clinician, REJECT, { referralId, reason: 'no 1' })).toEqual(
      problem('must say why in at least 5 letters', 'rejectReferral'),
    );
    expect(await refused(clinician, REJECT, { referralId, reason: 'x'.repeat(2001) })).toEqual(
      problem('reason must be shorter than or equal to 2000 characters', 'rejectReferral'),
    );
  });
});

describe('moves at the same moment', () => {
  it('two clinicians accept and reject the same referral at once: one move lands, the other is a CONFLICT', async () => {
    for (let round = 0; round < 5; round++) {
      const { referralId } = await referred('HEALTH');
      const other = asRole('clinician', { centers: ['GASABO-1'] });
      const [a, r] = await Promise.all([
        h.run(clinician, ACCEPT, { input: { referralId } }),
        h.run(other, REJECT, { input: { referralId, reason: REASON } }),
      ]);
      const won = a.errors ? r : a;
      const lost = a.errors ? a : r;
      expect(lost.data).toBeNull();
      expect(lost.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      const answer = Object.values(won.data ?? {})[0] as { status: string; version: number; history: unknown[] };
      expect([answer.status, answer.version, answer.history.length]).toEqual([
        a.errors ? 'REJECTED' : 'ACCEPTED',
        2,
        2,
      ]);
      expect((await messagesFor(referralId)).map((m) => m.data.version)).toEqual([1, 2]);
    }
  });

  it('clinicians of two centers answer their own referrals at once, and each answer is their own', async () => {
    const gasabo = await Promise.all([referred('HEALTH'), referred('HEALTH')]);
    const huye = await Promise.all([referred('HEALTH', 'HUYE-1'), referred('HEALTH', 'HUYE-1')]);
    const huyeClinician = asRole('clinician', { centers: ['HUYE-1'] });
    const runs = [...gasabo.map((x) => [clinician, x] as const), ...huye.map((x) => [huyeClinician, x] as const)];
    const answers = await Promise.all(runs.map(([p, x]) => h.run(p, ACCEPT, { input: { referralId: x.referralId } })));
    answers.forEach((res, i) => {
      const [p, x] = runs[i]!;
      expect(res).toEqual({
        data: {
          acceptReferral: {
            id: x.referralId,
            agency: 'HEALTH',
            status: 'ACCEPTED',
            statusReason: null,
            version: 2,
            history: [requested, { fromStatus: 'REQUESTED', toStatus: 'ACCEPTED', by: p.subject, reason: null }],
          },
        },
      });
    });
  });
});

describe('referCase after the lifecycle', () => {
  it('a new referral is requested at version 1, with its request as its first move', async () => {
    const caseId = (await openCase(h, intake('GASABO-1'))).id;
    await recordConsent(h, reception, consentInput(caseId, 'HEALTH'));
    const now = freezeClock();
    const res = await h.run(
      reception,
      `mutation Refer($input: ReferCaseInput!) { referCase(input: $input) { id status statusChangedAt version history { toStatus at by } } }`,
      { input: { caseId, agency: 'HEALTH' } },
    );
    expect(res).toEqual({
      data: {
        referCase: {
          id: expect.stringMatching(UUID),
          status: 'REQUESTED',
          statusChangedAt: now.toISOString(),
          version: 1,
          history: [{ toStatus: 'REQUESTED', at: now.toISOString(), by: 'demo:reception' }],
        },
      },
    });
  });
});

describe('redelivery when the agencies change how they keep referrals', () => {
  it('once the lifecycle migration has run, every referral is queued again for its agency, where it stands now', async () => {
    const { caseId, referralId, incidentAt } = await referred('POLICE');
    expect((await h.run(investigator, ACCEPT, { input: { referralId } })).errors).toBeUndefined();
    const em = h.orm.em.fork();
    expect(await redeliverReferrals(em, ['Migration20261129162142'])).toEqual([]);
    const again = await redeliverReferrals(em, ['Migration20261129162142', 'Migration20261129170000Referral']);
    expect(again.filter((m) => m.message.type === 'referral.changed' && m.message.referralId === referralId)).toEqual([
      {
        receiver: 'police',
        message: {
          type: 'referral.changed',
          referralId,
          caseId,
          centerCode: 'GASABO-1',
          district: 'Gasabo',
          incidentAt,
          status: 'ACCEPTED',
          version: 2,
        },
      },
    ]);
    expect(again.length).toBe(await em.count(Referral, {}));
  });
});
