import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { Consent } from '../../../services/center/entities/consent.entity.js';
import type { Role } from '../../../services/shared/catalogue.js';
import type { Caller } from '../../../services/shared/caller.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, errorsWithoutLocations, forbidden, invalidVariable, unauthenticated } from '../../helpers/errors.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogOf,
  accessLogSince,
  CASE_CONSENTS,
  CASE_FIELD_PATHS,
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
  RECORD_CONSENT,
  recordConsent,
  rowCounts,
  survivorInput,
  UUID,
  WITHDRAW_CONSENT,
  writesNothing,
} from './fixtures.js';

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
});
afterEach(() => {
  vi.useRealTimers();
});

const reception = asDemoUser('reception');
const MISSING = '6f1c1d7e-3b7a-4c55-9a51-000000000000';

/** A new case at GASABO-1 for an adult survivor, without consents. */
async function freshCase(centerCode = 'GASABO-1'): Promise<string> {
  return (await openCase(h, intake(centerCode))).id;
}

type ConsentView = {
  id: string;
  scope: string;
  givenBy: string;
  givenAt: string;
  expiresAt: string | null;
  withdrawnAt: string | null;
  active: boolean;
};

async function consentsOf(caseId: string): Promise<ConsentView[]> {
  return data<{ case: { consents: ConsentView[] } }>(await h.run(reception, CASE_CONSENTS, { id: caseId })).case
    .consents;
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('recordConsent', () => {
  it("records the survivor's consent, given now, in force until withdrawn", async () => {
    const caseId = await freshCase();
    const now = freezeClock();
    const res = await h.run(reception, RECORD_CONSENT, { input: consentInput(caseId, 'HEALTH') });
    expect(res).toEqual({
      data: {
        recordConsent: {
          id: expect.stringMatching(UUID),
          scope: 'HEALTH',
          givenBy: 'SURVIVOR',
          givenAt: now.toISOString(),
          expiresAt: null,
          withdrawnAt: null,
          active: true,
        },
      },
    });
    const row = await h.orm.em.fork().findOneOrFail(Consent, { case: caseId });
    expect(row.recordedBy).toBe('demo:reception');
    // The write, and what it answered, logged as a read (a consent is seen as the case's consents).
    expect(await accessLogOf(h, caseId)).toEqual([
      entry(gasabo('reception-officer'), { caseId, action: 'WRITE', fields: ['openCase'], basis: 'CARE_TEAM' }),
      entry(gasabo('reception-officer'), { caseId, action: 'READ', fields: CASE_FIELD_PATHS, basis: 'CARE_TEAM' }),
      entry(reception, {
        caseId,
        action: 'WRITE',
        fields: ['recordConsent.HEALTH'],
        basis: 'CARE_TEAM',
        at: now.toISOString(),
      }),
      entry(reception, { caseId, action: 'READ', fields: CONSENT_READ, basis: 'CARE_TEAM', at: now.toISOString() }),
    ]);
    expect(await consentsOf(caseId)).toEqual([(res.data as { recordConsent: ConsentView }).recordConsent]);
  });

  it('records a consent given earlier, with an expiry, by the case manager', async () => {
    const caseId = await freshCase();
    const now = freezeClock();
    const input = consentInput(caseId, 'STATISTICS', {
      givenAt: iso(now.getTime() - 3 * HOUR),
      expiresAt: iso(now.getTime() + 30 * 24 * HOUR),
    });
    const since = await lastLogId(h);
    expect(await h.run(asDemoUser('case-manager'), RECORD_CONSENT, { input })).toEqual({
      data: {
        recordConsent: {
          id: expect.stringMatching(UUID),
          scope: 'STATISTICS',
          givenBy: 'SURVIVOR',
          givenAt: input.givenAt,
          expiresAt: input.expiresAt,
          withdrawnAt: null,
          active: true,
        },
      },
    });
    // Logged when it was recorded, not when it was given.
    expect(await accessLogSince(h, since)).toEqual([
      entry(asDemoUser('case-manager'), {
        caseId,
        action: 'WRITE',
        fields: ['recordConsent.STATISTICS'],
        basis: 'CARE_TEAM',
        at: now.toISOString(),
      }),
      entry(asDemoUser('case-manager'), {
        caseId,
        action: 'READ',
        fields: CONSENT_READ,
        basis: 'CARE_TEAM',
        at: now.toISOString(),
      }),
    ]);
  });

  it('supersedes the consent in force for the same scope: history kept, only the newest active', async () => {
    const caseId = await freshCase();
    const t1 = freezeClock(new Date(Date.now() - 2 * HOUR));
    const first = await recordConsent(h, reception, consentInput(caseId, 'HEALTH'));
    freezeClock(new Date(t1.getTime() + MINUTE));
    const police = await recordConsent(h, reception, consentInput(caseId, 'POLICE'));
    const t2 = freezeClock(new Date(t1.getTime() + HOUR));
    const second = await recordConsent(
      h,
      reception,
      consentInput(caseId, 'HEALTH', { expiresAt: iso(t2.getTime() + 24 * HOUR) }),
    );

    expect(second).toEqual({
      id: expect.stringMatching(UUID),
      scope: 'HEALTH',
      givenBy: 'SURVIVOR',
      givenAt: t2.toISOString(),
      expiresAt: iso(t2.getTime() + 24 * HOUR),
      withdrawnAt: null,
      active: true,
    });
    expect(await consentsOf(caseId)).toEqual([
      { ...first, withdrawnAt: t2.toISOString(), active: false },
      police,
      second,
    ]);
  });

  it('supersedes again and again, keeping every earlier consent with its own withdrawal time', async () => {
    const caseId = await freshCase();
    const t0 = Date.now() - 3 * HOUR;
    const recorded: Record<string, unknown>[] = [];
    for (let i = 0; i < 3; i++) {
      freezeClock(new Date(t0 + i * HOUR));
      recorded.push(await recordConsent(h, reception, consentInput(caseId, 'GENDER_MINISTRY')));
    }
    expect(await consentsOf(caseId)).toEqual([
      { ...recorded[0], withdrawnAt: iso(t0 + HOUR), active: false },
      { ...recorded[1], withdrawnAt: iso(t0 + 2 * HOUR), active: false },
      { ...recorded[2], withdrawnAt: null, active: true },
    ]);
  });

  // Two receptionists recording the same consent at once must not leave two consents in force: withdrawConsent
  // withdraws only the newest, and sharing would go on under the other after the survivor withdrew.
  it('leaves exactly one consent in force when several are recorded for one scope at the same time', async () => {
    const caseId = await freshCase();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => h.run(reception, RECORD_CONSENT, { input: consentInput(caseId, 'POLICE') })),
    );
    expect(answers.map((a) => a.errors)).toEqual(Array(6).fill(undefined));
    const consents = await consentsOf(caseId);
    expect(consents).toHaveLength(6);
    expect(consents.filter((c) => c.active)).toHaveLength(1);
    data(await h.run(reception, WITHDRAW_CONSENT, { input: { caseId, scope: 'POLICE' } }));
    expect((await consentsOf(caseId)).filter((c) => c.active)).toEqual([]);
  });

  // The same race, made certain: the request that takes the case's lock second started first, so its own "now" is
  // earlier than the consent the first one recorded. That consent must still be superseded.
  it('leaves exactly one consent in force when the later-started recording takes the lock first', async () => {
    const caseId = await freshCase();
    const started = Date.now();
    freezeClock(new Date(started + 1000)); // the request that started later, and commits first
    data(await h.run(reception, RECORD_CONSENT, { input: consentInput(caseId, 'POLICE') }));
    freezeClock(new Date(started)); // the one that started first, and took the lock second
    data(await h.run(reception, RECORD_CONSENT, { input: consentInput(caseId, 'POLICE') }));
    freezeClock(new Date(started + 2000));
    expect((await consentsOf(caseId)).map((c) => c.active)).toEqual([true, false]);
    data(await h.run(reception, WITHDRAW_CONSENT, { input: { caseId, scope: 'POLICE' } }));
    expect((await consentsOf(caseId)).filter((c) => c.active)).toEqual([]);
  });

  describe('who may not record a consent', () => {
    async function refused(principal: Caller | null, input: Record<string, unknown>) {
      return writesNothing(h, () => h.run(principal, RECORD_CONSENT, { input }));
    }
    const e = ['recordConsent'];

    it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
      const caseId = await freshCase();
      expect(await refused(anonymous, consentInput(caseId, 'HEALTH'))).toEqual({
        data: null,
        errors: [unauthenticated(e)],
      });
    });

    const withoutConsentWrite: [Role, { centers?: string[]; district?: string }][] = [
      ['psychologist', { centers: ['GASABO-1'] }],
      ['clinician', { centers: ['GASABO-1'] }],
      ['investigator', { centers: ['GASABO-1'] }],
      ['social-worker', { district: 'Gasabo' }],
      ['local-official', { district: 'Gasabo' }],
      ['analyst', {}],
      ['auditor', {}],
      ['administrator', {}],
      ['ministry-system', {}],
    ];
    it.each(withoutConsentWrite)(
      'refuses a %s (no consent:write) with FORBIDDEN MISSING_SCOPE',
      async (role, where) => {
        const caseId = await freshCase();
        expect(await refused(asRole(role, where), consentInput(caseId, 'HEALTH'))).toEqual({
          data: null,
          errors: [forbidden('MISSING_SCOPE', e)],
        });
      },
    );

    it.each([
      ['a Huye receptionist', asRole('reception-officer', { centers: ['HUYE-1'] })],
      ['a GASABO-2 case manager (same district, other center)', asRole('case-manager', { centers: ['GASABO-2'] })],
    ])(
      'refuses %s on a GASABO-1 case with FORBIDDEN OUT_OF_SCOPE, and the same for a missing case',
      async (_who, principal) => {
        const caseId = await freshCase();
        const outOfScope = await refused(principal, consentInput(caseId, 'HEALTH'));
        expect(outOfScope).toEqual({ data: null, errors: [forbidden('OUT_OF_SCOPE', e)] });
        expect(await refused(principal, consentInput(MISSING, 'HEALTH'))).toEqual(outOfScope);
      },
    );

    it('does not let an out-of-scope caller supersede the consent in force', async () => {
      const caseId = await freshCase();
      const inForce = await recordConsent(h, reception, consentInput(caseId, 'HEALTH'));
      await refused(asRole('reception-officer', { centers: ['HUYE-1'] }), consentInput(caseId, 'HEALTH'));
      expect(await consentsOf(caseId)).toEqual([inForce]);
    });
  });

  describe('bad input is refused with BAD_USER_INPUT naming the field; the consent in force stays', () => {
    const e = ['recordConsent'];

    async function refusedOn(caseId: string, input: Record<string, unknown>) {
      const before = await consentsOf(caseId);
      const log = await accessLogOf(h, caseId);
      const res = await h.run(reception, RECORD_CONSENT, {
        input: consentInput(caseId, 'HEALTH', input),
      });
      expect(await consentsOf(caseId)).toEqual(before);
      // consentsOf reads the case (a READ entry); the refused write adds nothing besides.
      expect((await accessLogOf(h, caseId)).filter((x) => x.action === 'WRITE')).toEqual(
        log.filter((x) => x.action === 'WRITE'),
      );
      return res;
    }

    it('refuses a consent dated more than a day before the case was opened (back-dated by years), and accepts exactly a day', async () => {
      const now = freezeClock();
      const caseId = await freshCase();
      const tooEarly = { field: 'input.givenAt', problem: 'must not be more than a day before the case was opened' };
      expect(await refusedOn(caseId, { givenAt: iso(now.getTime() - 3 * 365 * 24 * HOUR) })).toEqual({
        data: null,
        errors: [badInput(tooEarly, e)],
      });
      expect(await refusedOn(caseId, { givenAt: iso(now.getTime() - 24 * HOUR - 1) })).toEqual({
        data: null,
        errors: [badInput(tooEarly, e)],
      });
      expect(
        await recordConsent(h, reception, consentInput(caseId, 'HEALTH', { givenAt: iso(now.getTime() - 24 * HOUR) })),
      ).toMatchObject({ givenAt: iso(now.getTime() - 24 * HOUR), active: true });
    });

    it("refuses a guardian's consent for a survivor of 16 or more: from 16 the survivor consents for themselves", async () => {
      const caseId = (await openCase(h, intake('GASABO-1', { survivor: survivorInput({ estimatedAge: 16 }) }))).id;
      expect(await refusedOn(caseId, { givenBy: 'GUARDIAN' })).toEqual({
        data: null,
        errors: [
          badInput(
            {
              field: 'input.givenBy',
              problem: 'from 16 the survivor consents for themselves, not a guardian',
            },
            e,
          ),
        ],
      });
      expect(await recordConsent(h, reception, consentInput(caseId, 'HEALTH'))).toMatchObject({
        givenBy: 'SURVIVOR',
        active: true,
      });
    });

    it('names every problem in one answer: a back-dated consent given by a guardian for an adult', async () => {
      const now = freezeClock();
      const caseId = (await openCase(h, intake('GASABO-1', { survivor: survivorInput({ estimatedAge: 30 }) }))).id;
      expect(await refusedOn(caseId, { givenBy: 'GUARDIAN', givenAt: iso(now.getTime() - 3 * 24 * HOUR) })).toEqual({
        data: null,
        errors: [
          badInput(
            [
              { field: 'input.givenAt', problem: 'must not be more than a day before the case was opened' },
              { field: 'input.givenBy', problem: 'from 16 the survivor consents for themselves, not a guardian' },
            ],
            e,
          ),
        ],
      });
    });

    it('names both times at once when givenAt is in the future and expiresAt before it', async () => {
      const now = freezeClock();
      const caseId = await freshCase();
      expect(
        await refusedOn(caseId, { givenAt: iso(now.getTime() + 6 * MINUTE), expiresAt: iso(now.getTime()) }),
      ).toEqual({
        data: null,
        errors: [
          badInput(
            [
              { field: 'input.givenAt', problem: 'must not be in the future' },
              { field: 'input.expiresAt', problem: 'must be after givenAt' },
            ],
            e,
          ),
        ],
      });
    });

    it('refuses a NUL byte in the case id with BAD_USER_INPUT, not an internal error', async () => {
      expect(await h.run(reception, RECORD_CONSENT, { input: consentInput('\u0000', 'HEALTH') })).toEqual({
        data: null,
        errors: [
          badInput(
            [
              { field: 'input.caseId', problem: 'must not contain control characters' },
              { field: 'input.caseId', problem: 'caseId must be a UUID' },
            ],
            e,
          ),
        ],
      });
    });

    it('refuses a case id that is not a UUID', async () => {
      const before = await rowCounts(h);
      expect(
        await h.run(reception, RECORD_CONSENT, {
          input: consentInput('GASABO-1/2026/000001', 'HEALTH'),
        }),
      ).toEqual({
        data: null,
        errors: [badInput({ field: 'input.caseId', problem: 'caseId must be a UUID' }, e)],
      });
      expect(await rowCounts(h)).toEqual(before);
    });

    it('accepts givenAt exactly 5 minutes ahead (clock skew) and refuses 5 minutes and 1 millisecond, or 6 minutes', async () => {
      const caseId = await freshCase();
      const now = freezeClock();
      expect(await refusedOn(caseId, { givenAt: iso(now.getTime() + 5 * MINUTE + 1) })).toEqual({
        data: null,
        errors: [badInput({ field: 'input.givenAt', problem: 'must not be in the future' }, e)],
      });
      expect(await refusedOn(caseId, { givenAt: iso(now.getTime() + 6 * MINUTE) })).toEqual({
        data: null,
        errors: [badInput({ field: 'input.givenAt', problem: 'must not be in the future' }, e)],
      });
      expect(
        await recordConsent(h, reception, consentInput(caseId, 'HEALTH', { givenAt: iso(now.getTime() + 5 * MINUTE) })),
      ).toMatchObject({ givenAt: iso(now.getTime() + 5 * MINUTE), active: false });
    });

    it.each([
      ['at the moment it was given', 0],
      ['before it was given', -MINUTE],
    ])('refuses a consent that expires %s', async (_what, offset) => {
      const caseId = await freshCase();
      await recordConsent(h, reception, consentInput(caseId, 'HEALTH'));
      const givenAt = iso(Date.now() - HOUR);
      expect(await refusedOn(caseId, { givenAt, expiresAt: iso(Date.parse(givenAt) + offset) })).toEqual({
        data: null,
        errors: [badInput({ field: 'input.expiresAt', problem: 'must be after givenAt' }, e)],
      });
    });

    it('accepts a consent that expires one millisecond after it was given', async () => {
      const caseId = await freshCase();
      const givenAt = iso(Date.now() - HOUR);
      expect(
        await recordConsent(
          h,
          reception,
          consentInput(caseId, 'HEALTH', { givenAt, expiresAt: iso(Date.parse(givenAt) + 1) }),
        ),
      ).toMatchObject({ givenAt, expiresAt: iso(Date.parse(givenAt) + 1), active: false });
    });

    it('refuses an unknown scope before any resolver runs', async () => {
      const caseId = await freshCase();
      const res = await h.run(reception, RECORD_CONSENT, { input: consentInput(caseId, 'EVERYONE') });
      expect(res).toEqual({
        errors: [
          invalidVariable(
            'Variable "$input" got invalid value "EVERYONE" at "input.scope"; Value "EVERYONE" does not exist in "ConsentScope" enum.',
          ),
        ],
      });
    });
  });
});

describe('withdrawConsent', () => {
  const e = ['withdrawConsent'];

  it('withdraws the consent in force: withdrawnAt now, no longer active, and logs the write and the read of its answer', async () => {
    const caseId = await freshCase();
    freezeClock(new Date(Date.now() - HOUR));
    const given = await recordConsent(h, reception, consentInput(caseId, 'POLICE'));
    const now = freezeClock(new Date(Date.now() + 30 * MINUTE));
    const since = await lastLogId(h);
    const res = await h.run(reception, WITHDRAW_CONSENT, { input: { caseId, scope: 'POLICE' } });
    expect(res).toEqual({ data: { withdrawConsent: { ...given, withdrawnAt: now.toISOString(), active: false } } });
    expect(await accessLogSince(h, since)).toEqual([
      entry(reception, {
        caseId,
        action: 'WRITE',
        fields: ['withdrawConsent.POLICE'],
        basis: 'CARE_TEAM',
        at: now.toISOString(),
      }),
      entry(reception, { caseId, action: 'READ', fields: CONSENT_READ, basis: 'CARE_TEAM', at: now.toISOString() }),
    ]);
    expect(await consentsOf(caseId)).toEqual([{ ...given, withdrawnAt: now.toISOString(), active: false }]);
  });

  it('withdraws only the scope named', async () => {
    const caseId = await freshCase();
    const t0 = Date.now() - HOUR;
    freezeClock(new Date(t0));
    const health = await recordConsent(h, reception, consentInput(caseId, 'HEALTH'));
    freezeClock(new Date(t0 + MINUTE));
    const police = await recordConsent(h, reception, consentInput(caseId, 'POLICE'));
    const now = freezeClock(new Date(t0 + HOUR));
    data(await h.run(asDemoUser('case-manager'), WITHDRAW_CONSENT, { input: { caseId, scope: 'POLICE' } }));
    expect(await consentsOf(caseId)).toEqual([health, { ...police, withdrawnAt: now.toISOString(), active: false }]);
  });

  it('refuses with BAD_USER_INPUT on input.scope when no consent was ever recorded for the scope', async () => {
    const caseId = await freshCase();
    await recordConsent(h, reception, consentInput(caseId, 'HEALTH'));
    expect(await h.run(reception, WITHDRAW_CONSENT, { input: { caseId, scope: 'STATISTICS' } })).toEqual({
      data: null,
      errors: [badInput({ field: 'input.scope', problem: 'no consent in force for this scope' }, e)],
    });
  });

  it('refuses a second withdrawal, leaving the first withdrawal time alone, and logs nothing', async () => {
    const caseId = await freshCase();
    await recordConsent(h, reception, consentInput(caseId, 'HEALTH'));
    data(await h.run(reception, WITHDRAW_CONSENT, { input: { caseId, scope: 'HEALTH' } }));
    const after = await consentsOf(caseId);
    const before = await rowCounts(h);
    expect(await h.run(reception, WITHDRAW_CONSENT, { input: { caseId, scope: 'HEALTH' } })).toEqual({
      data: null,
      errors: [badInput({ field: 'input.scope', problem: 'no consent in force for this scope' }, e)],
    });
    expect(await rowCounts(h)).toEqual(before);
    expect(await consentsOf(caseId)).toEqual(after);
  });

  // A consent that has expired is not in force: there is nothing to withdraw, and stamping withdrawnAt on it would
  // rewrite its history (it lapsed, the survivor did not withdraw it).
  it('refuses with BAD_USER_INPUT when the only consent of the scope has expired', async () => {
    const caseId = await freshCase();
    const now = Date.now();
    const expired = await recordConsent(
      h,
      reception,
      consentInput(caseId, 'HEALTH', { givenAt: iso(now - 2 * HOUR), expiresAt: iso(now - HOUR) }),
    );
    expect(expired).toMatchObject({ active: false, withdrawnAt: null });
    expect(await h.run(reception, WITHDRAW_CONSENT, { input: { caseId, scope: 'HEALTH' } })).toEqual({
      data: null,
      errors: [badInput({ field: 'input.scope', problem: 'no consent in force for this scope' }, e)],
    });
    expect(await consentsOf(caseId)).toEqual([expired]);
  });

  it('does not stamp a withdrawal on an expired consent when a new one supersedes it', async () => {
    const caseId = await freshCase();
    const now = Date.now();
    const expired = await recordConsent(
      h,
      reception,
      consentInput(caseId, 'HEALTH', { givenAt: iso(now - 2 * HOUR), expiresAt: iso(now - HOUR) }),
    );
    const renewed = await recordConsent(h, reception, consentInput(caseId, 'HEALTH'));
    expect(await consentsOf(caseId)).toEqual([expired, renewed]);
  });

  it('refuses a case id that is not a UUID, and writes nothing', async () => {
    const before = await rowCounts(h);
    expect(await h.run(reception, WITHDRAW_CONSENT, { input: { caseId: 'x', scope: 'HEALTH' } })).toEqual({
      data: null,
      errors: [badInput({ field: 'input.caseId', problem: 'caseId must be a UUID' }, e)],
    });
    expect(await rowCounts(h)).toEqual(before);
  });

  describe('who may not withdraw a consent (and it stays in force)', () => {
    it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
      const caseId = await freshCase();
      const inForce = await recordConsent(h, reception, consentInput(caseId, 'HEALTH'));
      const before = await rowCounts(h);
      expect(await h.run(anonymous, WITHDRAW_CONSENT, { input: { caseId, scope: 'HEALTH' } })).toEqual({
        data: null,
        errors: [unauthenticated(e)],
      });
      expect(await rowCounts(h)).toEqual(before);
      expect(await consentsOf(caseId)).toEqual([inForce]);
    });

    it.each([['psychologist'], ['clinician'], ['investigator'], ['social-worker'], ['ministry-system'], ['auditor']])(
      'refuses the %s (no consent:write) with FORBIDDEN MISSING_SCOPE',
      async (login) => {
        const caseId = await freshCase();
        const inForce = await recordConsent(h, reception, consentInput(caseId, 'HEALTH'));
        const before = await rowCounts(h);
        expect(await h.run(asDemoUser(login), WITHDRAW_CONSENT, { input: { caseId, scope: 'HEALTH' } })).toEqual({
          data: null,
          errors: [forbidden('MISSING_SCOPE', e)],
        });
        expect(await rowCounts(h)).toEqual(before);
        expect(await consentsOf(caseId)).toEqual([inForce]);
      },
    );

    it('refuses a Huye receptionist with FORBIDDEN OUT_OF_SCOPE, exactly as for a missing case', async () => {
      const caseId = await freshCase();
      const inForce = await recordConsent(h, reception, consentInput(caseId, 'HEALTH'));
      const huye = asRole('reception-officer', { centers: ['HUYE-1'] });
      const before = await rowCounts(h);
      const outOfScope = await h.run(huye, WITHDRAW_CONSENT, { input: { caseId, scope: 'HEALTH' } });
      expect(outOfScope).toEqual({ data: null, errors: [forbidden('OUT_OF_SCOPE', e)] });
      expect(await h.run(huye, WITHDRAW_CONSENT, { input: { caseId: MISSING, scope: 'HEALTH' } })).toEqual(outOfScope);
      // ... and without revealing whether a consent is in force: a scope never consented to gets the same answer.
      expect(await h.run(huye, WITHDRAW_CONSENT, { input: { caseId, scope: 'STATISTICS' } })).toEqual(outOfScope);
      expect(await rowCounts(h)).toEqual(before);
      expect(await consentsOf(caseId)).toEqual([inForce]);
    });
  });
});

describe('Consent.active', () => {
  it('is true until the instant of expiry and false from that instant on', async () => {
    const caseId = await freshCase();
    const t = freezeClock();
    await recordConsent(
      h,
      reception,
      consentInput(caseId, 'HEALTH', { givenAt: iso(t.getTime() - HOUR), expiresAt: iso(t.getTime() + MINUTE) }),
    );
    const activeAt = async (ms: number) => {
      freezeClock(new Date(ms));
      return (await consentsOf(caseId)).map((c) => c.active);
    };
    expect(await activeAt(t.getTime())).toEqual([true]);
    expect(await activeAt(t.getTime() + MINUTE - 1)).toEqual([true]);
    expect(await activeAt(t.getTime() + MINUTE)).toEqual([false]);
    expect(await activeAt(t.getTime() + 2 * MINUTE)).toEqual([false]);
  });

  it('is false for a consent expiring exactly now and true for one expiring a minute later', async () => {
    const caseId = await freshCase();
    const now = freezeClock();
    const lapsing = await recordConsent(
      h,
      reception,
      consentInput(caseId, 'HEALTH', { givenAt: iso(now.getTime() - HOUR), expiresAt: now.toISOString() }),
    );
    const lasting = await recordConsent(
      h,
      reception,
      consentInput(caseId, 'POLICE', { givenAt: iso(now.getTime() - HOUR), expiresAt: iso(now.getTime() + MINUTE) }),
    );
    expect(lapsing).toMatchObject({ expiresAt: now.toISOString(), active: false });
    expect(lasting).toMatchObject({ expiresAt: iso(now.getTime() + MINUTE), active: true });
  });

  it('is false before givenAt (a consent dated a few minutes ahead) and true from givenAt on', async () => {
    const caseId = await freshCase();
    const now = freezeClock();
    const ahead = await recordConsent(
      h,
      reception,
      consentInput(caseId, 'HEALTH', { givenAt: iso(now.getTime() + 3 * MINUTE) }),
    );
    expect(ahead).toMatchObject({ active: false });
    freezeClock(new Date(now.getTime() + 3 * MINUTE));
    expect((await consentsOf(caseId)).map((c) => c.active)).toEqual([true]);
  });

  it('is false once withdrawn, even before its expiry', async () => {
    const caseId = await freshCase();
    await recordConsent(h, reception, consentInput(caseId, 'HEALTH', { expiresAt: iso(Date.now() + 24 * HOUR) }));
    data(await h.run(reception, WITHDRAW_CONSENT, { input: { caseId, scope: 'HEALTH' } }));
    expect((await consentsOf(caseId)).map((c) => c.active)).toEqual([false]);
  });
});
