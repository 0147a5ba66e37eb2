import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import type { Role } from '../../../services/shared/catalogue.js';
import type { Caller } from '../../../services/shared/caller.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import {
  badInput,
  caseNotFound,
  errorsWithoutLocations,
  forbidden,
  invalidVariable,
  unauthenticated,
} from '../../helpers/errors.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogSince,
  BREAK_GLASS,
  CASE_FIELD_PATHS,
  CASE_FIELDS,
  data,
  entry,
  EXCEPTIONAL_ACCESS_REPORT,
  freezeClock,
  gasabo,
  HOUR,
  intake,
  lastLogId,
  MINUTE,
  openCase,
  type OpenedCase,
  OVERRIDE_CONSENT,
  referCase,
  UUID,
  writesNothing,
} from './fixtures.js';

// The two ways around the ordinary rules: a case manager's consent override (shares with one agency despite missing
// consent) and a clinician's break-glass (opens one case to one person). Both take a stated reason and a limited
// time, both are written to the access log with the reason, and both are listed for the data-protection officer.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
});
afterEach(() => {
  vi.useRealTimers();
});

const caseManager = asDemoUser('case-manager');
const MISSING = '6f1c1d7e-3b7a-4c55-9a51-000000000000';
const REASON = 'The guardian who would consent is the suspect in this case.';
const EMERGENCY = 'Survivor brought in unconscious; treating team needs the intake record.';
const CASE = `query One($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`;
const casePath = ['case'];
const iso = (ms: number) => new Date(ms).toISOString();
const TOO_SHORT = { field: 'input.reason', problem: 'must say why in at least 20 letters' };
const TOO_LONG = { field: 'input.reason', problem: 'reason must be shorter than or equal to 2000 characters' };

/** Run an operation and prove it wrote nothing: no row in any center table, no access-log entry. */
async function refused(p: Caller | null, query: string, input: Record<string, unknown>) {
  return writesNothing(h, () => h.run(p, query, { input }));
}

describe('overrideConsent', () => {
  const e = ['overrideConsent'];

  it('records an override for 72 hours by default, logs it with its reason, and opens the referred case to the agency', async () => {
    const opened = await openCase(h, intake('GASABO-1'));
    const now = freezeClock();
    const since = await lastLogId(h);
    expect(
      await h.run(caseManager, OVERRIDE_CONSENT, { input: { caseId: opened.id, agency: 'POLICE', reason: REASON } }),
    ).toEqual({
      data: {
        overrideConsent: {
          id: expect.stringMatching(UUID),
          agency: 'POLICE',
          reason: REASON,
          overriddenBy: 'demo:case-manager',
          overriddenAt: now.toISOString(),
          expiresAt: iso(now.getTime() + 72 * HOUR),
        },
      },
    });
    // The write with its reason, and what it answered, logged as a read of the case's overrides.
    expect(await accessLogSince(h, since)).toEqual([
      entry(caseManager, {
        caseId: opened.id,
        action: 'WRITE',
        fields: ['overrideConsent.POLICE'],
        basis: 'CARE_TEAM',
        reason: REASON,
        at: now.toISOString(),
      }),
      entry(caseManager, {
        caseId: opened.id,
        action: 'READ',
        basis: 'CARE_TEAM',
        at: now.toISOString(),
        fields: [
          'consentOverrides.agency',
          'consentOverrides.expiresAt',
          'consentOverrides.id',
          'consentOverrides.overriddenAt',
          'consentOverrides.overriddenBy',
          'consentOverrides.reason',
        ],
      }),
    ]);
    await referCase(h, caseManager, opened.id, 'POLICE');
    const investigator = asDemoUser('investigator');
    const read = await lastLogId(h);
    expect(await h.run(investigator, CASE, { id: opened.id })).toEqual({ data: { case: opened.view } });
    // The read names the override that allowed it, with its reason.
    expect(await accessLogSince(h, read)).toEqual([
      entry(investigator, {
        caseId: opened.id,
        action: 'READ',
        fields: CASE_FIELD_PATHS,
        basis: 'OVERRIDE',
        reason: REASON,
        at: now.toISOString(),
      }),
    ]);
    // For the police only: health still needs a referral and consent of its own.
    expect(await h.run(asDemoUser('clinician'), CASE, { id: opened.id })).toEqual({
      data: { case: null },
      errors: [forbidden('NOT_REFERRED', casePath)],
    });
  });

  it('lasts the hours asked for: seen one minute before the end, refused at the end', async () => {
    const opened = await openCase(h, intake('GASABO-1'));
    const now = freezeClock();
    expect(
      data<{ overrideConsent: { expiresAt: string } }>(
        await h.run(caseManager, OVERRIDE_CONSENT, {
          input: { caseId: opened.id, agency: 'HEALTH', reason: REASON, hours: 1 },
        }),
      ).overrideConsent.expiresAt,
    ).toBe(iso(now.getTime() + HOUR));
    await referCase(h, caseManager, opened.id, 'HEALTH');
    const clinician = asDemoUser('clinician');
    freezeClock(new Date(now.getTime() + HOUR - MINUTE));
    expect(await h.run(clinician, CASE, { id: opened.id })).toEqual({ data: { case: opened.view } });
    freezeClock(new Date(now.getTime() + HOUR));
    expect(await h.run(clinician, CASE, { id: opened.id })).toEqual({
      data: { case: null },
      errors: [forbidden('CONSENT_REQUIRED', casePath)],
    });
  });

  it.each([
    ['a reason of exactly 20 letters and 1 hour', 'x'.repeat(20), 1],
    [
      'a reason of 20 letters in Kinyarwanda, with spaces and punctuation',
      'Umwana ari mu kaga: ababyeyi ni bo bakekwa.',
      24,
    ],
    ['a reason of exactly 2000 characters and 72 hours', 'y'.repeat(2000), 72],
  ])('accepts %s', async (_what, reason, hours) => {
    const caseId = (await openCase(h, intake('GASABO-1'))).id;
    const now = freezeClock();
    expect(
      await h.run(caseManager, OVERRIDE_CONSENT, { input: { caseId, agency: 'GENDER_MINISTRY', reason, hours } }),
    ).toEqual({
      data: {
        overrideConsent: {
          id: expect.stringMatching(UUID),
          agency: 'GENDER_MINISTRY',
          reason,
          overriddenBy: 'demo:case-manager',
          overriddenAt: now.toISOString(),
          expiresAt: iso(now.getTime() + hours * HOUR),
        },
      },
    });
  });

  it('stores and logs the reason without surrounding white space', async () => {
    const caseId = (await openCase(h, intake('GASABO-1'))).id;
    const since = await lastLogId(h);
    const res = data<{ overrideConsent: { reason: string } }>(
      await h.run(caseManager, OVERRIDE_CONSENT, {
        input: { caseId, agency: 'HEALTH', reason: `  ${REASON}\n` },
      }),
    );
    expect(res.overrideConsent.reason).toBe(REASON);
    // The write carries the reason; the read of the answer is on the care team's basis, which has none.
    expect((await accessLogSince(h, since)).map((x) => [x.action, x.reason])).toEqual([
      ['WRITE', REASON],
      ['READ', null],
    ]);
  });

  describe('bad input is refused with BAD_USER_INPUT naming the field, nothing written', () => {
    it.each([
      ['a reason of 19 letters', { reason: 'x'.repeat(19) }, [TOO_SHORT]],
      ['an empty reason', { reason: '' }, [TOO_SHORT]],
      ['20 dots', { reason: '.'.repeat(20) }, [TOO_SHORT]],
      ['20 zero-width spaces', { reason: '\u200b'.repeat(20) }, [TOO_SHORT]],
      [
        '19 letters padded with zero-width joiners and digits',
        { reason: `${'\u200dx'.repeat(19)} 1234567890` },
        [TOO_SHORT],
      ],
      ['20 Hangul fillers (letters that show nothing)', { reason: '\u3164'.repeat(20) }, [TOO_SHORT]],
      [
        '19 letters and Hangul choseong and halfwidth fillers',
        { reason: `${'x'.repeat(19)}\u115f\uffa0\u3164` },
        [TOO_SHORT],
      ],
      [
        'a ligature that compatibility normalisation would expand to fifteen letters, and five more',
        { reason: '\ufdfa abcde' },
        [TOO_SHORT],
      ],
      ['a blank reason (nothing is left once trimmed)', { reason: ' '.repeat(25) }, [TOO_SHORT]],
      ['a reason of 2001 characters', { reason: 'x'.repeat(2001) }, [TOO_LONG]],
      ['0 hours', { hours: 0 }, [{ field: 'input.hours', problem: 'hours must not be less than 1' }]],
      ['73 hours', { hours: 73 }, [{ field: 'input.hours', problem: 'hours must not be greater than 72' }]],
      [
        'a case id that is not a UUID',
        { caseId: 'GASABO-1/2026/000001' },
        [{ field: 'input.caseId', problem: 'caseId must be a UUID' }],
      ],
      [
        'two problems at once, both named',
        { reason: 'short', hours: -1 },
        [TOO_SHORT, { field: 'input.hours', problem: 'hours must not be less than 1' }],
      ],
    ])('%s', async (_what, over, fields) => {
      const caseId = (await openCase(h, intake('GASABO-1'))).id;
      expect(
        await refused(caseManager, OVERRIDE_CONSENT, { caseId, agency: 'HEALTH', reason: REASON, ...over }),
      ).toEqual({
        data: null,
        errors: [badInput(fields, e)],
      });
    });

    it('refuses STATISTICS (a consent scope, not an agency) before any resolver runs', async () => {
      const caseId = (await openCase(h, intake('GASABO-1'))).id;
      expect(await refused(caseManager, OVERRIDE_CONSENT, { caseId, agency: 'STATISTICS', reason: REASON })).toEqual({
        errors: [
          invalidVariable(
            'Variable "$input" got invalid value "STATISTICS" at "input.agency"; Value "STATISTICS" does not exist in "ServiceAgency" enum.',
          ),
        ],
      });
    });

    // "At least 20 characters" of reason, judged on what is stored: padding must not let an override justified by "n/a"
    // through to the data-protection officer.
    it('refuses a reason that is under 20 characters once its padding is trimmed', async () => {
      const caseId = (await openCase(h, intake('GASABO-1'))).id;
      expect(
        await refused(caseManager, OVERRIDE_CONSENT, { caseId, agency: 'HEALTH', reason: `n/a${' '.repeat(20)}` }),
      ).toEqual({
        data: null,
        errors: [badInput(TOO_SHORT, e)],
      });
    });
  });

  describe('who may not override consent (nothing written)', () => {
    it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
      const caseId = (await openCase(h, intake('GASABO-1'))).id;
      expect(await refused(anonymous, OVERRIDE_CONSENT, { caseId, agency: 'HEALTH', reason: REASON })).toEqual({
        data: null,
        errors: [unauthenticated(e)],
      });
    });

    // Only case managers hold consent:override; the receptionist who records consents does not.
    const withoutOverride: Role[] = [
      'reception-officer',
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
    it.each(withoutOverride)('refuses a %s (no consent:override) with FORBIDDEN MISSING_SCOPE', async (role) => {
      const caseId = (await openCase(h, intake('GASABO-1'))).id;
      expect(await refused(gasabo(role), OVERRIDE_CONSENT, { caseId, agency: 'HEALTH', reason: REASON })).toEqual({
        data: null,
        errors: [forbidden('MISSING_SCOPE', e)],
      });
    });

    it.each([
      ['a Huye case manager', asRole('case-manager', { centers: ['HUYE-1'] })],
      ['a GASABO-2 case manager (same district, other center)', asRole('case-manager', { centers: ['GASABO-2'] })],
    ])('refuses %s on a GASABO-1 case with FORBIDDEN OUT_OF_SCOPE, exactly as for a missing case', async (_who, p) => {
      const caseId = (await openCase(h, intake('GASABO-1'))).id;
      const outOfScope = await refused(p, OVERRIDE_CONSENT, { caseId, agency: 'HEALTH', reason: REASON });
      expect(outOfScope).toEqual({ data: null, errors: [forbidden('OUT_OF_SCOPE', e)] });
      expect(await refused(p, OVERRIDE_CONSENT, { caseId: MISSING, agency: 'HEALTH', reason: REASON })).toEqual(
        outOfScope,
      );
    });
  });
});

describe('breakGlass', () => {
  const e = ['breakGlass'];
  const huyeClinician = asDemoUser('huye-clinician');

  // Emergency access exists for when the ordinary rules fail the survivor: the case must exist, nothing else is asked
  // of a clinician but the scope and a reason.
  it('opens a case of another center to the clinician for 60 minutes by default, logged with the reason', async () => {
    const opened = await openCase(h, intake('GASABO-1'));
    expect(await h.run(huyeClinician, CASE, { id: opened.id })).toEqual({
      data: { case: null },
      errors: [forbidden('OUT_OF_SCOPE', casePath)],
    });
    const now = freezeClock();
    const since = await lastLogId(h);
    expect(await h.run(huyeClinician, BREAK_GLASS, { input: { caseId: opened.id, reason: EMERGENCY } })).toEqual({
      data: {
        breakGlass: {
          id: expect.stringMatching(UUID),
          subject: 'demo:huye-clinician',
          agency: 'HEALTH',
          reason: EMERGENCY,
          startedAt: now.toISOString(),
          expiresAt: iso(now.getTime() + 60 * MINUTE),
        },
      },
    });
    expect(await accessLogSince(h, since)).toEqual([
      entry(huyeClinician, {
        caseId: opened.id,
        action: 'WRITE',
        fields: ['breakGlass'],
        basis: 'BREAK_GLASS',
        reason: EMERGENCY,
        at: now.toISOString(),
      }),
      entry(huyeClinician, {
        caseId: opened.id,
        action: 'READ',
        basis: 'BREAK_GLASS',
        reason: EMERGENCY,
        at: now.toISOString(),
        fields: [
          'breakGlass.agency',
          'breakGlass.expiresAt',
          'breakGlass.id',
          'breakGlass.reason',
          'breakGlass.startedAt',
          'breakGlass.subject',
        ],
      }),
    ]);

    const read = await lastLogId(h);
    expect(await h.run(huyeClinician, CASE, { id: opened.id })).toEqual({ data: { case: opened.view } });
    expect(await accessLogSince(h, read)).toEqual([
      entry(huyeClinician, {
        caseId: opened.id,
        action: 'READ',
        fields: CASE_FIELD_PATHS,
        basis: 'BREAK_GLASS',
        reason: EMERGENCY,
        at: now.toISOString(),
      }),
    ]);
    // One case, by id: lists do not open up.
    expect(await h.run(huyeClinician, `{ cases { nodes { id } totalCount } }`)).toEqual({
      data: { cases: { nodes: [], totalCount: 0 } },
    });
    // One person: the grant is not the health agency's, nor another clinician's.
    expect(await h.run(asDemoUser('clinician'), CASE, { id: opened.id })).toEqual({
      data: { case: null },
      errors: [forbidden('NOT_REFERRED', casePath)],
    });

    freezeClock(new Date(now.getTime() + 60 * MINUTE - 1));
    expect(await h.run(huyeClinician, CASE, { id: opened.id })).toEqual({ data: { case: opened.view } });
    freezeClock(new Date(now.getTime() + 60 * MINUTE));
    expect(await h.run(huyeClinician, CASE, { id: opened.id })).toEqual({
      data: { case: null },
      errors: [forbidden('OUT_OF_SCOPE', casePath)],
    });
  });

  it("opens a case of the clinician's own center that is not referred to health", async () => {
    const opened = await openCase(h, intake('GASABO-1'));
    const clinician = asDemoUser('clinician');
    data(await h.run(clinician, BREAK_GLASS, { input: { caseId: opened.id, reason: EMERGENCY, minutes: 5 } }));
    expect(await h.run(clinician, CASE, { id: opened.id })).toEqual({ data: { case: opened.view } });
  });

  it.each([[5], [240]])('accepts %d minutes', async (minutes) => {
    const caseId = (await openCase(h, intake('GASABO-1'))).id;
    const now = freezeClock();
    expect(await h.run(huyeClinician, BREAK_GLASS, { input: { caseId, reason: EMERGENCY, minutes } })).toEqual({
      data: {
        breakGlass: {
          id: expect.stringMatching(UUID),
          subject: 'demo:huye-clinician',
          agency: 'HEALTH',
          reason: EMERGENCY,
          startedAt: now.toISOString(),
          expiresAt: iso(now.getTime() + minutes * MINUTE),
        },
      },
    });
  });

  it('answers CASE_NOT_FOUND for a case that does not exist, and writes nothing', async () => {
    expect(await refused(huyeClinician, BREAK_GLASS, { caseId: MISSING, reason: EMERGENCY })).toEqual({
      data: null,
      errors: [caseNotFound(e)],
    });
  });

  describe('bad input is refused with BAD_USER_INPUT naming the field, nothing written', () => {
    it.each([
      ['4 minutes', { minutes: 4 }, [{ field: 'input.minutes', problem: 'minutes must not be less than 5' }]],
      ['241 minutes', { minutes: 241 }, [{ field: 'input.minutes', problem: 'minutes must not be greater than 240' }]],
      ['a reason of 19 letters', { reason: 'x'.repeat(19) }, [TOO_SHORT]],
      ['a blank reason (nothing is left once trimmed)', { reason: '\t'.repeat(30) }, [TOO_SHORT]],
      ['20 dots', { reason: '.'.repeat(20) }, [TOO_SHORT]],
      ['20 zero-width spaces', { reason: '\u200b'.repeat(20) }, [TOO_SHORT]],
      ['a reason of 2001 characters', { reason: 'x'.repeat(2001) }, [TOO_LONG]],
      [
        'a case id that is not a UUID',
        { caseId: 'not-a-case' },
        [{ field: 'input.caseId', problem: 'caseId must be a UUID' }],
      ],
      [
        'two problems at once, both named',
        { reason: 'help', minutes: 1000 },
        [TOO_SHORT, { field: 'input.minutes', problem: 'minutes must not be greater than 240' }],
      ],
    ])('%s', async (_what, over, fields) => {
      const caseId = (await openCase(h, intake('GASABO-1'))).id;
      expect(await refused(huyeClinician, BREAK_GLASS, { caseId, reason: EMERGENCY, ...over })).toEqual({
        data: null,
        errors: [badInput(fields, e)],
      });
    });

    it('refuses minutes: null before any resolver runs', async () => {
      const caseId = (await openCase(h, intake('GASABO-1'))).id;
      expect(await refused(huyeClinician, BREAK_GLASS, { caseId, reason: EMERGENCY, minutes: null })).toEqual({
        errors: [
          invalidVariable(
            'Variable "$input" got invalid value null at "input.minutes"; Expected non-nullable type "Int!" not to be null.',
          ),
        ],
      });
    });

    it('refuses a reason that is under 20 characters once its padding is trimmed', async () => {
      const caseId = (await openCase(h, intake('GASABO-1'))).id;
      expect(await refused(huyeClinician, BREAK_GLASS, { caseId, reason: `   urgent${' '.repeat(15)}` })).toEqual({
        data: null,
        errors: [badInput(TOO_SHORT, e)],
      });
    });
  });

  describe('who may not break the glass (nothing written)', () => {
    it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
      const caseId = (await openCase(h, intake('GASABO-1'))).id;
      expect(await refused(anonymous, BREAK_GLASS, { caseId, reason: EMERGENCY })).toEqual({
        data: null,
        errors: [unauthenticated(e)],
      });
    });

    const withoutBreakGlass: Role[] = [
      'reception-officer',
      'case-manager',
      'psychologist',
      'investigator',
      'social-worker',
      'local-official',
      'analyst',
      'auditor',
      'administrator',
      'ministry-system',
    ];
    it.each(withoutBreakGlass)('refuses a %s (no break-glass) with FORBIDDEN MISSING_SCOPE', async (role) => {
      const caseId = (await openCase(h, intake('GASABO-1'))).id;
      expect(await refused(gasabo(role), BREAK_GLASS, { caseId, reason: EMERGENCY })).toEqual({
        data: null,
        errors: [forbidden('MISSING_SCOPE', e)],
      });
    });

    it('refuses the scope before saying whether the case exists: MISSING_SCOPE for a missing case too', async () => {
      expect(await refused(gasabo('investigator'), BREAK_GLASS, { caseId: MISSING, reason: EMERGENCY })).toEqual({
        data: null,
        errors: [forbidden('MISSING_SCOPE', e)],
      });
    });
  });
});

describe('exceptionalAccessReport', () => {
  const e = ['exceptionalAccessReport'];
  const auditor = asDemoUser('auditor');
  // A window of its own, ten days ahead, that no other test of this file writes into.
  const R = new Date(Math.floor(Date.now() / MINUTE) * MINUTE + 10 * 24 * HOUR);
  const atMinute = (n: number) => new Date(R.getTime() + n * MINUTE);
  let a: OpenedCase;
  let b: OpenedCase;

  beforeAll(async () => {
    try {
      freezeClock(atMinute(0));
      a = await openCase(h, intake('GASABO-1'));
      b = await openCase(h, intake('HUYE-1'));
      freezeClock(atMinute(1));
      data(
        await h.run(caseManager, OVERRIDE_CONSENT, {
          input: { caseId: a.id, agency: 'HEALTH', reason: REASON, hours: 2 },
        }),
      );
      freezeClock(atMinute(2));
      data(await h.run(asDemoUser('huye-clinician'), BREAK_GLASS, { input: { caseId: a.id, reason: EMERGENCY } }));
      freezeClock(atMinute(3));
      data(
        await h.run(asDemoUser('clinician'), BREAK_GLASS, { input: { caseId: b.id, reason: EMERGENCY, minutes: 30 } }),
      );
    } finally {
      vi.useRealTimers();
    }
  });

  const rows = () => [
    {
      kind: 'BREAK_GLASS',
      caseId: b.id,
      caseNumber: b.caseNumber,
      subject: 'demo:clinician',
      agency: 'HEALTH',
      reason: EMERGENCY,
      startedAt: atMinute(3).toISOString(),
      expiresAt: atMinute(33).toISOString(),
    },
    {
      kind: 'BREAK_GLASS',
      caseId: a.id,
      caseNumber: a.caseNumber,
      subject: 'demo:huye-clinician',
      agency: 'HEALTH',
      reason: EMERGENCY,
      startedAt: atMinute(2).toISOString(),
      expiresAt: atMinute(62).toISOString(),
    },
    {
      kind: 'CONSENT_OVERRIDE',
      caseId: a.id,
      caseNumber: a.caseNumber,
      subject: 'demo:case-manager',
      agency: 'HEALTH',
      reason: REASON,
      startedAt: atMinute(1).toISOString(),
      expiresAt: atMinute(121).toISOString(),
    },
  ];

  it('lists every break-glass and override since the date, newest first, and logs one audit read per case', async () => {
    const since = await lastLogId(h);
    expect(await h.run(auditor, EXCEPTIONAL_ACCESS_REPORT, { since: R.toISOString() })).toEqual({
      data: { exceptionalAccessReport: rows() },
    });
    const entries = await accessLogSince(h, since);
    expect(entries.sort((x, y) => (x.caseId! < y.caseId! ? -1 : 1))).toEqual(
      [a.id, b.id]
        .sort()
        .map((caseId) =>
          entry(auditor, { caseId, action: 'READ', fields: ['exceptionalAccessReport'], basis: 'AUDIT' }),
        ),
    );
  });

  it('includes what started exactly at `since` and leaves out what started before', async () => {
    expect(await h.run(auditor, EXCEPTIONAL_ACCESS_REPORT, { since: atMinute(2).toISOString() })).toEqual({
      data: { exceptionalAccessReport: rows().slice(0, 2) },
    });
  });

  it('answers an empty list, and logs nothing, when nothing happened since', async () => {
    const since = await lastLogId(h);
    expect(await h.run(auditor, EXCEPTIONAL_ACCESS_REPORT, { since: atMinute(4).toISOString() })).toEqual({
      data: { exceptionalAccessReport: [] },
    });
    expect(await accessLogSince(h, since)).toEqual([]);
  });

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    expect(await h.run(anonymous, EXCEPTIONAL_ACCESS_REPORT, { since: R.toISOString() })).toEqual({
      data: null,
      errors: [unauthenticated(e)],
    });
  });

  const withoutAudit: Role[] = [
    'reception-officer',
    'case-manager',
    'psychologist',
    'clinician',
    'investigator',
    'social-worker',
    'local-official',
    'analyst',
    'administrator',
    'ministry-system',
  ];
  it.each(withoutAudit)('refuses a %s (no audit:read) with FORBIDDEN MISSING_SCOPE, and logs nothing', async (role) => {
    const since = await lastLogId(h);
    expect(await h.run(gasabo(role), EXCEPTIONAL_ACCESS_REPORT, { since: R.toISOString() })).toEqual({
      data: null,
      errors: [forbidden('MISSING_SCOPE', e)],
    });
    expect(await accessLogSince(h, since)).toEqual([]);
  });

  it.each(['0000-01-01T00:00:00Z', '0000-12-31T23:59:59.999Z'])(
    'refuses a since of %s with BAD_USER_INPUT naming it: no such year reaches the database',
    async (since) => {
      expect(await h.run(auditor, EXCEPTIONAL_ACCESS_REPORT, { since })).toEqual({
        data: null,
        errors: [badInput([{ field: 'since', problem: 'must be a date-time in the years 1 to 9999' }], e)],
      });
    },
  );

  it('answers a since in the year 1 (nothing happened then)', async () => {
    expect(await h.run(auditor, EXCEPTIONAL_ACCESS_REPORT, { since: '0001-01-01T00:00:00Z' })).toEqual({
      data: { exceptionalAccessReport: expect.any(Array) },
    });
  });

  it('refuses a since that is not a date-time before any resolver runs', async () => {
    expect(await h.run(auditor, EXCEPTIONAL_ACCESS_REPORT, { since: 'yesterday' })).toEqual({
      errors: [
        invalidVariable(
          'Variable "$since" got invalid value "yesterday"; DateTime cannot represent an invalid date-time-string yesterday.',
        ),
      ],
    });
  });
});
