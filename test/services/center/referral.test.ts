import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { Case } from '../../../services/center/entities/case.entity.js';
import { Referral } from '../../../services/center/entities/referral.entity.js';
import type { Role } from '../../../services/shared/catalogue.js';
import type { Caller } from '../../../services/shared/caller.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, errorsWithoutLocations, forbidden, invalidVariable, unauthenticated } from '../../helpers/errors.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  ACCESS_LOG,
  accessLogOf,
  accessLogSince,
  addConsent,
  addOverride,
  ASSIGN_CASE_MANAGER,
  CASE_FIELD_PATHS,
  CASE_FIELDS,
  CONSENT_READ,
  consentInput,
  data,
  entry,
  freezeClock,
  gasabo,
  HOUR,
  intake,
  lastLogId,
  MINUTE,
  openCase,
  OVERRIDE_CONSENT,
  recordConsent,
  REFER_CASE,
  referCase,
  REFERRAL_READ,
  rowCounts,
  signIn,
  UUID,
  WITHDRAW_CONSENT,
  writesNothing,
} from './fixtures.js';

let h: SubgraphHarness;
let databaseUrl: string;
beforeAll(async () => {
  databaseUrl = await testDatabase();
  h = errorsWithoutLocations(await subgraphHarness(center, databaseUrl));
});
afterEach(() => {
  vi.useRealTimers();
});

const reception = asDemoUser('reception');
const caseManager = asDemoUser('case-manager');
const MISSING = '6f1c1d7e-3b7a-4c55-9a51-000000000000';
const REASON = 'The guardian who would consent is the suspect in this case.';
const CASE = `query One($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`;

async function freshCase(centerCode = 'GASABO-1', as?: Caller): Promise<string> {
  return (await openCase(h, intake(centerCode), as)).id;
}

/** Run an operation and prove it wrote nothing: no row in any center table, no access-log entry. */
async function refused(p: Caller | null, query: string, input: Record<string, unknown>) {
  return writesNothing(h, () => h.run(p, query, { input }));
}

const referralsOf = (caseId: string) =>
  h.orm.em.fork().find(Referral, { case: caseId }, { orderBy: { referredAt: 'asc' } });

describe('referCase', () => {
  const e = ['referCase'];

  it('refers a case with consent in force for the agency, logs the write, and the agency then sees the case', async () => {
    const opened = await openCase(h, intake('GASABO-1'));
    await recordConsent(h, reception, consentInput(opened.id, 'HEALTH'));
    const clinician = asDemoUser('clinician');
    expect(await h.run(clinician, CASE, { id: opened.id })).toEqual({
      data: { case: null },
      errors: [forbidden('NOT_REFERRED', ['case'])],
    });

    const now = freezeClock();
    const since = await lastLogId(h);
    expect(await h.run(reception, REFER_CASE, { input: { caseId: opened.id, agency: 'HEALTH' } })).toEqual({
      data: {
        referCase: {
          id: expect.stringMatching(UUID),
          agency: 'HEALTH',
          referredAt: now.toISOString(),
          referredBy: 'demo:reception',
        },
      },
    });
    expect(await accessLogSince(h, since)).toEqual([
      entry(reception, {
        caseId: opened.id,
        action: 'WRITE',
        fields: ['referCase.HEALTH'],
        basis: 'CARE_TEAM',
        at: now.toISOString(),
      }),
      entry(reception, {
        caseId: opened.id,
        action: 'READ',
        fields: REFERRAL_READ,
        basis: 'CARE_TEAM',
        at: now.toISOString(),
      }),
    ]);
    expect(await h.run(clinician, CASE, { id: opened.id })).toEqual({ data: { case: opened.view } });
  });

  it('refers under a consent override in force, and the agency sees the case on the override', async () => {
    const opened = await openCase(h, intake('GASABO-1'));
    data(
      await h.run(caseManager, OVERRIDE_CONSENT, { input: { caseId: opened.id, agency: 'POLICE', reason: REASON } }),
    );
    const referral = await referCase(h, caseManager, opened.id, 'POLICE');
    expect(referral).toEqual({
      id: expect.stringMatching(UUID),
      agency: 'POLICE',
      referredAt: expect.any(String),
      referredBy: 'demo:case-manager',
    });
    const investigator = asDemoUser('investigator');
    const since = await lastLogId(h);
    expect(await h.run(investigator, CASE, { id: opened.id })).toEqual({ data: { case: opened.view } });
    expect((await accessLogSince(h, since)).map((x) => x.basis)).toEqual(['OVERRIDE']);
  });

  it('is idempotent: referring again answers the first referral, writes no second row and no second write entry', async () => {
    const caseId = await freshCase();
    await recordConsent(h, reception, consentInput(caseId, 'GENDER_MINISTRY'));
    const first = await referCase(h, reception, caseId, 'GENDER_MINISTRY');
    const before = await rowCounts(h);
    const since = await lastLogId(h);
    const now = freezeClock(new Date(Date.now() + MINUTE));
    expect(await h.run(caseManager, REFER_CASE, { input: { caseId, agency: 'GENDER_MINISTRY' } })).toEqual({
      data: { referCase: first },
    });
    // Only the read of what it answered: the referral the case manager now sees.
    expect(await rowCounts(h)).toEqual({ ...before, accessLog: before.accessLog + 1 });
    expect(await accessLogSince(h, since)).toEqual([
      entry(caseManager, { caseId, action: 'READ', fields: REFERRAL_READ, basis: 'CARE_TEAM', at: now.toISOString() }),
    ]);
    expect((await referralsOf(caseId)).map((r) => r.id)).toEqual([first.id]);
  });

  it('keeps one referral per agency, listed oldest first on the case', async () => {
    const caseId = await freshCase();
    const t0 = Date.now() - HOUR;
    const referred: Record<string, unknown>[] = [];
    for (const [i, agency] of (['POLICE', 'HEALTH', 'GENDER_MINISTRY'] as const).entries()) {
      freezeClock(new Date(t0 + i * MINUTE));
      await recordConsent(h, reception, consentInput(caseId, agency));
      referred.push(await referCase(h, reception, caseId, agency));
    }
    vi.useRealTimers();
    expect(
      await h.run(
        reception,
        `query One($id: ID!) { case(id: $id) { referrals { id agency referredAt referredBy } } }`,
        { id: caseId },
      ),
    ).toEqual({ data: { case: { referrals: referred } } });
  });

  describe('refuses without consent or an override in force for that agency: FORBIDDEN CONSENT_REQUIRED, nothing written', () => {
    /** An instant `hours` from now (negative: ago). */
    const inHours = (hours: number) => new Date(Date.now() + hours * HOUR);
    const situations: [string, (caseId: string) => Promise<void>][] = [
      ['no consent at all', async () => undefined],
      ['a consent for another agency only', (id) => addConsent(h, id, 'POLICE', { givenAt: inHours(-1) })],
      ['a consent to statistics only', (id) => addConsent(h, id, 'STATISTICS', { givenAt: inHours(-1) })],
      ['a consent withdrawn', (id) => addConsent(h, id, 'HEALTH', { givenAt: inHours(-2), withdrawnAt: inHours(-1) })],
      ['a consent that expired', (id) => addConsent(h, id, 'HEALTH', { givenAt: inHours(-2), expiresAt: inHours(-1) })],
      [
        'a consent dated three minutes ahead (not yet in force)',
        (id) => addConsent(h, id, 'HEALTH', { givenAt: inHours(0.05) }),
      ],
      [
        'an override that expired',
        (id) => addOverride(h, id, 'HEALTH', { overriddenAt: inHours(-2), expiresAt: inHours(-1) }),
      ],
      [
        'an override for another agency only',
        (id) => addOverride(h, id, 'GENDER_MINISTRY', { overriddenAt: inHours(-1), expiresAt: inHours(1) }),
      ],
    ];
    it.each(situations)('%s', async (_what, setup) => {
      const caseId = await freshCase();
      await setup(caseId);
      expect(await refused(reception, REFER_CASE, { caseId, agency: 'HEALTH' })).toEqual({
        data: null,
        errors: [forbidden('CONSENT_REQUIRED', e)],
      });
      expect(await referralsOf(caseId)).toEqual([]);
    });

    it("refuses exactly at the consent's expiry and accepts one minute before", async () => {
      const caseId = await freshCase();
      const t = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
      await addConsent(h, caseId, 'HEALTH', { givenAt: new Date(t.getTime() - HOUR), expiresAt: t });
      freezeClock(t);
      expect(await refused(reception, REFER_CASE, { caseId, agency: 'HEALTH' })).toEqual({
        data: null,
        errors: [forbidden('CONSENT_REQUIRED', e)],
      });
      freezeClock(new Date(t.getTime() - MINUTE));
      expect(await referCase(h, reception, caseId, 'HEALTH')).toMatchObject({
        agency: 'HEALTH',
        referredAt: new Date(t.getTime() - MINUTE).toISOString(),
      });
    });
  });

  describe('who may not refer', () => {
    it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
      const caseId = await freshCase();
      expect(await refused(anonymous, REFER_CASE, { caseId, agency: 'HEALTH' })).toEqual({
        data: null,
        errors: [unauthenticated(e)],
      });
    });

    const withoutReferralWrite: Role[] = [
      'psychologist',
      'clinician',
      'investigator',
      'social-worker',
      'local-official',
      'analyst',
      'auditor',
      'administrator',
      'ministry-system',
    ];
    it.each(withoutReferralWrite)('refuses a %s (no referral:write) with FORBIDDEN MISSING_SCOPE', async (role) => {
      const caseId = await freshCase();
      await recordConsent(h, reception, consentInput(caseId, 'HEALTH'));
      expect(await refused(gasabo(role), REFER_CASE, { caseId, agency: 'HEALTH' })).toEqual({
        data: null,
        errors: [forbidden('MISSING_SCOPE', e)],
      });
    });

    it("refuses the scope before looking at the input: a clinician's malformed id is MISSING_SCOPE, not BAD_USER_INPUT", async () => {
      expect(await refused(asDemoUser('clinician'), REFER_CASE, { caseId: 'x', agency: 'HEALTH' })).toEqual({
        data: null,
        errors: [forbidden('MISSING_SCOPE', e)],
      });
    });

    it.each([
      ['a Huye receptionist', asRole('reception-officer', { centers: ['HUYE-1'] })],
      ['a GASABO-2 case manager (same district, other center)', asRole('case-manager', { centers: ['GASABO-2'] })],
    ])('refuses %s on a GASABO-1 case with FORBIDDEN OUT_OF_SCOPE, exactly as for a missing case', async (_who, p) => {
      const caseId = await freshCase();
      await recordConsent(h, reception, consentInput(caseId, 'HEALTH'));
      const outOfScope = await refused(p, REFER_CASE, { caseId, agency: 'HEALTH' });
      expect(outOfScope).toEqual({ data: null, errors: [forbidden('OUT_OF_SCOPE', e)] });
      expect(await refused(p, REFER_CASE, { caseId: MISSING, agency: 'HEALTH' })).toEqual(outOfScope);
      // ... whether or not consent is in force: the answer says nothing about the case.
      expect(await refused(p, REFER_CASE, { caseId, agency: 'POLICE' })).toEqual(outOfScope);
    });
  });

  describe('bad input is refused with BAD_USER_INPUT, nothing written', () => {
    it('refuses a case id that is not a UUID, naming input.caseId', async () => {
      expect(await refused(reception, REFER_CASE, { caseId: 'GASABO-1/2026/000001', agency: 'HEALTH' })).toEqual({
        data: null,
        errors: [badInput({ field: 'input.caseId', problem: 'caseId must be a UUID' }, e)],
      });
    });

    it('refuses an agency that is not one (STATISTICS is a consent scope, not an agency) before any resolver runs', async () => {
      const caseId = await freshCase();
      await recordConsent(h, reception, consentInput(caseId, 'STATISTICS'));
      expect(await refused(reception, REFER_CASE, { caseId, agency: 'STATISTICS' })).toEqual({
        errors: [
          invalidVariable(
            'Variable "$input" got invalid value "STATISTICS" at "input.agency"; Value "STATISTICS" does not exist in "ServiceAgency" enum.',
          ),
        ],
      });
    });
  });

  // referCase locks the case and checks the consents under the lock, so that a withdrawal and a referral cannot
  // interleave: consents read before the lock (as the request's loader holds them from the authorization step) would
  // miss a withdrawal committed while the referral waited, and refer a case whose survivor had just said no.
  it('does not refer when the consent is withdrawn while the referral waits for the case lock', async () => {
    const caseId = await freshCase();
    await recordConsent(h, reception, consentInput(caseId, 'HEALTH'));
    const other = new pg.Client({ connectionString: databaseUrl });
    await other.connect();
    try {
      // A withdrawal in progress, as withdrawConsent does it: the case row locked, the consent stamped, not yet committed.
      await other.query('begin');
      await other.query('select id from center.survivor_case where id = $1 for update', [caseId]);
      await other.query('update center.consent set withdrawn_at = now() where case_id = $1 and withdrawn_at is null', [
        caseId,
      ]);
      const referral = h.run(reception, REFER_CASE, { input: { caseId, agency: 'HEALTH' } });
      let waited = false;
      for (let i = 0; i < 250 && !waited; i++) {
        const { rows } = await other.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        waited = rows[0]!.n > 0;
        if (!waited) await new Promise((r) => setTimeout(r, 20));
      }
      await other.query('commit');
      expect(waited).toBe(true); // the referral did wait for the withdrawal's lock: the two did interleave
      expect(await referral).toEqual({ data: null, errors: [forbidden('CONSENT_REQUIRED', e)] });
      expect(await referralsOf(caseId)).toEqual([]);
    } finally {
      await other.end();
    }
  });
});

describe('assignCaseManager', () => {
  const e = ['assignCaseManager'];
  const caseManagerOf = async (id: string) => (await h.orm.em.fork().findOneOrFail(Case, id)).caseManager ?? null;

  it('names the case manager, logs the write and the read of its answer, and hands them the access log', async () => {
    const opened = await openCase(h, intake('GASABO-1'));
    expect(await caseManagerOf(opened.id)).toBeNull();
    const accessLog = () => h.run(caseManager, ACCESS_LOG, { caseId: opened.id });
    // Asking is signing in: the center now knows demo:case-manager as a case manager of GASABO-1.
    expect(await accessLog()).toEqual({
      data: { accessLog: null },
      errors: [forbidden('NOT_CASE_MANAGER', ['accessLog'])],
    });

    const now = freezeClock();
    const since = await lastLogId(h);
    expect(
      await h.run(reception, ASSIGN_CASE_MANAGER, { input: { caseId: opened.id, caseManager: 'demo:case-manager' } }),
    ).toEqual({
      data: { assignCaseManager: { id: opened.id, caseNumber: opened.caseNumber, caseManager: 'demo:case-manager' } },
    });
    expect(await accessLogSince(h, since)).toEqual([
      entry(reception, {
        caseId: opened.id,
        action: 'WRITE',
        fields: ['assignCaseManager'],
        basis: 'CARE_TEAM',
        at: now.toISOString(),
      }),
      entry(reception, {
        caseId: opened.id,
        action: 'READ',
        fields: ['caseManager', 'caseNumber', 'id'],
        basis: 'CARE_TEAM',
        at: now.toISOString(),
      }),
    ]);
    expect(await caseManagerOf(opened.id)).toBe('demo:case-manager');
    expect(data<{ accessLog: { caseId: string } }>(await accessLog()).accessLog.caseId).toBe(opened.id);
  });

  it('hands a case over: the new case manager reads its access log, the one who opened it no longer does', async () => {
    const caseId = await freshCase('GASABO-1', caseManager);
    expect(await caseManagerOf(caseId)).toBe('demo:case-manager');
    const successor = asRole('case-manager', { centers: ['GASABO-1'] });
    await signIn(h, successor);
    data(await h.run(caseManager, ASSIGN_CASE_MANAGER, { input: { caseId, caseManager: successor.subject } }));
    expect(await h.run(caseManager, ACCESS_LOG, { caseId })).toEqual({
      data: { accessLog: null },
      errors: [forbidden('NOT_CASE_MANAGER', ['accessLog'])],
    });
    expect(
      data<{ accessLog: { center: unknown[] } }>(await h.run(successor, ACCESS_LOG, { caseId })).accessLog.center,
    ).toEqual([
      expect.objectContaining({ subject: 'demo:case-manager', action: 'WRITE', fields: ['openCase'] }),
      expect.objectContaining({ subject: 'demo:case-manager', action: 'READ', fields: CASE_FIELD_PATHS }),
      expect.objectContaining({ subject: 'demo:case-manager', action: 'WRITE', fields: ['assignCaseManager'] }),
      expect.objectContaining({
        subject: 'demo:case-manager',
        action: 'READ',
        fields: ['caseManager', 'caseNumber', 'id'],
      }),
    ]);
  });

  it('shows the case manager on the case to whoever sees the case', async () => {
    const caseId = await freshCase('GASABO-1', caseManager);
    await recordConsent(h, reception, consentInput(caseId, 'HEALTH'));
    await referCase(h, reception, caseId, 'HEALTH');
    expect(
      await h.run(asDemoUser('clinician'), `query One($id: ID!) { case(id: $id) { id caseManager } }`, { id: caseId }),
    ).toEqual({
      data: { case: { id: caseId, caseManager: 'demo:case-manager' } },
    });
  });

  it('accepts a case manager whose subject is exactly 200 characters', async () => {
    const caseId = await freshCase();
    const long = asRole('case-manager', { centers: ['GASABO-1'] });
    const subject = 's'.repeat(200);
    await signIn(h, { ...long, subject });
    expect(await h.run(reception, ASSIGN_CASE_MANAGER, { input: { caseId, caseManager: subject } })).toEqual({
      data: { assignCaseManager: { id: caseId, caseNumber: expect.any(String), caseManager: subject } },
    });
  });

  describe("only a case manager of the case's center, as the hub knows them from their sign-ins; the case manager stays, nothing is logged", () => {
    const notKnown = { field: 'input.caseManager', problem: "is not known as a case manager of this case's center" };
    it.each([
      ['a subject the hub has never seen', async () => 'idp:someone-never-seen'],
      [
        'a case manager of another center (HUYE-1), signed in',
        async () => {
          const p = { ...asRole('case-manager', { centers: ['HUYE-1'] }), subject: 'idp:huye-case-manager' };
          await signIn(h, p);
          return p.subject;
        },
      ],
      [
        'a GASABO-1 reception officer, signed in',
        async () => {
          const p = { ...gasabo('reception-officer'), subject: 'idp:gasabo-receptionist' };
          await signIn(h, p);
          return p.subject;
        },
      ],
      [
        'a GASABO-2 case manager (same district, other center), signed in',
        async () => {
          const p = { ...asRole('case-manager', { centers: ['GASABO-2'] }), subject: 'idp:gasabo-2-case-manager' };
          await signIn(h, p);
          return p.subject;
        },
      ],
    ])('refuses %s with BAD_USER_INPUT on input.caseManager', async (_who, subject) => {
      const caseId = await freshCase('GASABO-1', caseManager);
      expect(await refused(reception, ASSIGN_CASE_MANAGER, { caseId, caseManager: await subject() })).toEqual({
        data: null,
        errors: [badInput(notKnown, e)],
      });
      expect(await caseManagerOf(caseId)).toBe('demo:case-manager');
    });
  });

  describe('bad input is refused with BAD_USER_INPUT naming the field; the case manager stays, nothing is logged', () => {
    it.each([
      ['an empty subject', '', 'must not be blank'],
      ['a blank subject', '   ', 'must not be blank'],
      ['a subject of 201 characters', 's'.repeat(201), 'caseManager must be shorter than or equal to 200 characters'],
    ])('%s', async (_what, subject, problem) => {
      const caseId = await freshCase('GASABO-1', caseManager);
      expect(await refused(reception, ASSIGN_CASE_MANAGER, { caseId, caseManager: subject })).toEqual({
        data: null,
        errors: [badInput({ field: 'input.caseManager', problem }, e)],
      });
      expect(await caseManagerOf(caseId)).toBe('demo:case-manager');
    });

    it('refuses a case id that is not a UUID', async () => {
      expect(
        await refused(reception, ASSIGN_CASE_MANAGER, { caseId: 'nope', caseManager: 'demo:case-manager' }),
      ).toEqual({
        data: null,
        errors: [badInput({ field: 'input.caseId', problem: 'caseId must be a UUID' }, e)],
      });
    });
  });

  describe('who may not name a case manager (and the case manager stays)', () => {
    it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
      const caseId = await freshCase('GASABO-1', caseManager);
      expect(await refused(anonymous, ASSIGN_CASE_MANAGER, { caseId, caseManager: 'demo:anyone' })).toEqual({
        data: null,
        errors: [unauthenticated(e)],
      });
      expect(await caseManagerOf(caseId)).toBe('demo:case-manager');
    });

    const withoutCaseWrite: Role[] = [
      'psychologist',
      'clinician',
      'investigator',
      'social-worker',
      'local-official',
      'analyst',
      'auditor',
      'administrator',
      'ministry-system',
    ];
    it.each(withoutCaseWrite)('refuses a %s (no case:write) with FORBIDDEN MISSING_SCOPE', async (role) => {
      const caseId = await freshCase('GASABO-1', caseManager);
      const p = gasabo(role);
      expect(await refused(p, ASSIGN_CASE_MANAGER, { caseId, caseManager: p.subject })).toEqual({
        data: null,
        errors: [forbidden('MISSING_SCOPE', e)],
      });
      expect(await caseManagerOf(caseId)).toBe('demo:case-manager');
    });

    it.each([
      ['a Huye receptionist', asRole('reception-officer', { centers: ['HUYE-1'] })],
      ['a GASABO-2 case manager (same district, other center)', asRole('case-manager', { centers: ['GASABO-2'] })],
    ])('refuses %s on a GASABO-1 case with FORBIDDEN OUT_OF_SCOPE, exactly as for a missing case', async (_who, p) => {
      const caseId = await freshCase('GASABO-1', caseManager);
      const outOfScope = await refused(p, ASSIGN_CASE_MANAGER, { caseId, caseManager: p.subject });
      expect(outOfScope).toEqual({ data: null, errors: [forbidden('OUT_OF_SCOPE', e)] });
      expect(await refused(p, ASSIGN_CASE_MANAGER, { caseId: MISSING, caseManager: p.subject })).toEqual(outOfScope);
      expect(await caseManagerOf(caseId)).toBe('demo:case-manager');
    });
  });
});

describe('withdrawing a consent does not undo the referral', () => {
  it('keeps the referral; the agency is refused CONSENT_REQUIRED until consent is given again', async () => {
    const opened = await openCase(h, intake('GASABO-1'));
    await recordConsent(h, reception, consentInput(opened.id, 'POLICE'));
    const referral = await referCase(h, reception, opened.id, 'POLICE');
    data(await h.run(reception, WITHDRAW_CONSENT, { input: { caseId: opened.id, scope: 'POLICE' } }));
    expect((await referralsOf(opened.id)).map((r) => r.id)).toEqual([referral.id]);
    expect(await h.run(asDemoUser('investigator'), CASE, { id: opened.id })).toEqual({
      data: { case: null },
      errors: [forbidden('CONSENT_REQUIRED', ['case'])],
    });
    // Each write, and the read of what it answered.
    expect(await accessLogOf(h, opened.id)).toEqual([
      entry(gasabo('reception-officer'), {
        caseId: opened.id,
        action: 'WRITE',
        fields: ['openCase'],
        basis: 'CARE_TEAM',
      }),
      entry(gasabo('reception-officer'), {
        caseId: opened.id,
        action: 'READ',
        fields: CASE_FIELD_PATHS,
        basis: 'CARE_TEAM',
      }),
      entry(reception, { caseId: opened.id, action: 'WRITE', fields: ['recordConsent.POLICE'], basis: 'CARE_TEAM' }),
      entry(reception, { caseId: opened.id, action: 'READ', fields: CONSENT_READ, basis: 'CARE_TEAM' }),
      entry(reception, { caseId: opened.id, action: 'WRITE', fields: ['referCase.POLICE'], basis: 'CARE_TEAM' }),
      entry(reception, { caseId: opened.id, action: 'READ', fields: REFERRAL_READ, basis: 'CARE_TEAM' }),
      entry(reception, { caseId: opened.id, action: 'WRITE', fields: ['withdrawConsent.POLICE'], basis: 'CARE_TEAM' }),
      entry(reception, { caseId: opened.id, action: 'READ', fields: CONSENT_READ, basis: 'CARE_TEAM' }),
    ]);
  });
});
