import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { Case } from '../../../services/center/entities/case.entity.js';
import { SurvivorIdentity } from '../../../services/center/entities/survivor-identity.entity.js';
import type { Role } from '../../../services/shared/catalogue.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, errorsWithoutLocations, forbidden, invalidVariable, unauthenticated } from '../../helpers/errors.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogOf,
  caseNumberOf,
  entry,
  dayBefore,
  freezeClock,
  HOUR,
  intake,
  lastCaseNumber,
  MINUTE,
  OPEN_CASE,
  openCase,
  type OpenCaseVariables,
  rowCounts,
  SURVIVOR_CODE,
  utcDay,
  UUID,
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
const year = () => new Date().getUTCFullYear();

/** Run openCase and prove that the answer wrote nothing at all, not even a case number or an access-log entry. */
async function refused(principal: Parameters<SubgraphHarness['run']>[0], input: unknown) {
  return writesNothing(h, () => h.run(principal, OPEN_CASE, { input }));
}

describe('openCase: a survivor seen for the first time', () => {
  /** Every field FULL asks of the answer, as the access log names them. */
  const OPEN_CASE_FIELDS = [
    'caseNumber',
    'center.code',
    'center.district',
    'center.id',
    'center.name',
    'consents.id',
    'id',
    'incidentAt',
    'incidentType',
    'narrative',
    'needs',
    'openedAt',
    'status',
    'survivor.child',
    'survivor.code',
    'survivor.dateOfBirth',
    'survivor.estimatedAge',
    'survivor.id',
    'survivor.identity.familyName',
    'survivor.identity.givenName',
    'survivor.identity.guardian.name',
    'survivor.identity.guardian.phone',
    'survivor.identity.guardian.relationship',
    'survivor.identity.phone',
    'survivor.nationality',
    'survivor.sex',
  ];
  const FULL = `mutation Open($input: OpenCaseInput!) {
    openCase(input: $input) {
      id caseNumber openedAt incidentAt incidentType needs status narrative
      center { id code name district }
      survivor {
        id code sex dateOfBirth estimatedAge nationality child
        identity { givenName familyName phone guardian { name relationship phone } }
      }
      consents { id }
    }
  }`;

  it("opens the case at the reception officer's center, with the survivor, identity and narrative, all at once", async () => {
    const now = freezeClock();
    const dateOfBirth = dayBefore(now, 13, 40);
    const before = await rowCounts(h);
    const lastNumber = await lastCaseNumber(h, 'GASABO-1', now.getUTCFullYear());
    const res = await h.run(reception, FULL, {
      input: {
        centerCode: 'GASABO-1',
        survivor: {
          sex: 'FEMALE',
          dateOfBirth,
          nationality: 'RW',
          givenName: 'Aline',
          familyName: 'Uwase',
          phone: '+250 788 000 001',
          guardian: { name: 'Jeanne Mukamana', relationship: 'mother', phone: '0788000002' },
        },
        incidentAt: new Date(now.getTime() - 20 * HOUR).toISOString(),
        incidentType: 'RAPE',
        needs: ['MEDICAL', 'POLICE', 'PSYCHOSOCIAL'],
        narrative: 'Told at reception.',
      },
    });

    expect(res).toEqual({
      data: {
        openCase: {
          id: expect.stringMatching(UUID),
          caseNumber: `GASABO-1/${now.getUTCFullYear()}/${String(lastNumber + 1).padStart(6, '0')}`,
          openedAt: now.toISOString(),
          incidentAt: new Date(now.getTime() - 20 * HOUR).toISOString(),
          incidentType: 'RAPE',
          needs: ['MEDICAL', 'POLICE', 'PSYCHOSOCIAL'],
          status: 'OPEN',
          narrative: 'Told at reception.',
          center: {
            id: expect.stringMatching(UUID),
            code: 'GASABO-1',
            name: 'Isange One Stop Center, Kacyiru Police Hospital',
            district: 'Gasabo',
          },
          survivor: {
            id: expect.stringMatching(UUID),
            code: expect.stringMatching(SURVIVOR_CODE),
            sex: 'FEMALE',
            dateOfBirth,
            estimatedAge: null,
            nationality: 'RW',
            child: true,
            identity: {
              givenName: 'Aline',
              familyName: 'Uwase',
              phone: '+250 788 000 001',
              guardian: { name: 'Jeanne Mukamana', relationship: 'mother', phone: '0788000002' },
            },
          },
          consents: [],
        },
      },
    });
    expect(await rowCounts(h)).toEqual({
      ...before,
      survivors: before.survivors + 1,
      identities: before.identities + 1,
      cases: before.cases + 1,
      sequences: before.sequences + (lastNumber === 0 ? 1 : 0),
      accessLog: before.accessLog + 2,
    });
    expect(await lastCaseNumber(h, 'GASABO-1', now.getUTCFullYear())).toBe(lastNumber + 1);
    const opened = (res.data as { openCase: { id: string; survivor: { id: string } } }).openCase;
    const row = await h.orm.em.fork().findOneOrFail(Case, opened.id);
    expect(row.openedBy).toBe('demo:reception');
    // A receptionist is not a case manager: nobody coordinates the case yet.
    expect(row.caseManager).toBeNull();
    const identity = await h.orm.em.fork().findOneOrFail(SurvivorIdentity, { survivor: opened.survivor.id });
    expect(identity.givenName).toBe('Aline');
    // The write is in the access log, in the same transaction: who, what, on which basis. What the mutation answered
    // is a read, and is logged as one: every field of the answer, the survivor's identity included.
    expect(await accessLogOf(h, opened.id)).toEqual([
      entry(reception, {
        caseId: opened.id,
        action: 'WRITE',
        fields: ['openCase'],
        basis: 'CARE_TEAM',
        at: now.toISOString(),
      }),
      entry(reception, {
        caseId: opened.id,
        action: 'READ',
        fields: OPEN_CASE_FIELDS,
        basis: 'CARE_TEAM',
        at: now.toISOString(),
      }),
    ]);
  });

  it('makes a case manager who opens a case its case manager, and logs the write and the read of its answer under their name', async () => {
    const now = freezeClock();
    const cm = asDemoUser('case-manager');
    const res = await h.run(
      cm,
      `mutation Open($input: OpenCaseInput!) { openCase(input: $input) { id caseManager } }`,
      {
        input: intake('GASABO-1'),
      },
    );
    expect(res).toEqual({ data: { openCase: { id: expect.stringMatching(UUID), caseManager: 'demo:case-manager' } } });
    const id = (res.data as { openCase: { id: string } }).openCase.id;
    expect(await accessLogOf(h, id)).toEqual([
      entry(cm, { caseId: id, action: 'WRITE', fields: ['openCase'], basis: 'CARE_TEAM', at: now.toISOString() }),
      entry(cm, {
        caseId: id,
        action: 'READ',
        fields: ['caseManager', 'id'],
        basis: 'CARE_TEAM',
        at: now.toISOString(),
      }),
    ]);
  });

  it('takes an estimated age when the date of birth is unknown, and optional fields stay empty', async () => {
    const res = await h.run(reception, OPEN_CASE, {
      input: intake('GASABO-1', {
        survivor: { sex: 'MALE', estimatedAge: 9 },
        incidentType: 'SEXUAL_ASSAULT',
        needs: [],
      }),
    });
    expect(res).toEqual({
      data: {
        openCase: {
          id: expect.stringMatching(UUID),
          caseNumber: expect.stringMatching(caseNumberOf('GASABO-1')),
          openedAt: expect.any(String),
          incidentAt: expect.any(String),
          incidentType: 'SEXUAL_ASSAULT',
          needs: [],
          status: 'OPEN',
          center: { code: 'GASABO-1', district: 'Gasabo' },
          survivor: {
            id: expect.stringMatching(UUID),
            code: expect.stringMatching(SURVIVOR_CODE),
            sex: 'MALE',
            age: 9,
            child: true,
          },
        },
      },
    });
  });

  it('lets a case manager open a case too, and a receptionist of two centers open at either', async () => {
    await expect(openCase(h, intake('GASABO-1'), asDemoUser('case-manager'))).resolves.toMatchObject({
      caseNumber: expect.stringMatching(caseNumberOf('GASABO-1')),
    });
    const twoCenters = asRole('reception-officer', { centers: ['GASABO-1', 'HUYE-1'] });
    await expect(openCase(h, intake('HUYE-1'), twoCenters)).resolves.toMatchObject({
      caseNumber: expect.stringMatching(caseNumberOf('HUYE-1')),
    });
  });

  it('takes surrounding blanks off what it stores (names, guardian, narrative)', async () => {
    const query = `mutation Open($input: OpenCaseInput!) {
      openCase(input: $input) { narrative survivor { identity { givenName familyName guardian { name relationship } } } }
    }`;
    expect(
      await h.run(reception, query, {
        input: intake(' GASABO-1 ', {
          survivor: {
            sex: 'FEMALE',
            estimatedAge: 12,
            givenName: '  Aline ',
            familyName: 'Uwase\t',
            guardian: { name: ' Jeanne Mukamana ', relationship: 'mother ' },
          },
          narrative: '\n Told at reception. ',
        }),
      }),
    ).toEqual({
      data: {
        openCase: {
          narrative: 'Told at reception.',
          survivor: {
            identity: {
              givenName: 'Aline',
              familyName: 'Uwase',
              guardian: { name: 'Jeanne Mukamana', relationship: 'mother' },
            },
          },
        },
      },
    });
  });

  it('gives every new survivor a different code', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) codes.add((await openCase(h, intake('GASABO-1'))).survivorCode);
    expect(codes.size).toBe(5);
  });
});

describe('openCase: a returning survivor', () => {
  it('opens a second case for the same survivor without creating another survivor', async () => {
    const first = await openCase(h, intake('GASABO-1'));
    const before = await rowCounts(h);
    const res = await h.run(reception, OPEN_CASE, {
      input: intake('GASABO-1', { survivor: null, survivorId: first.survivorId, incidentType: 'PHYSICAL_ASSAULT' }),
    });
    expect(res).toEqual({
      data: {
        openCase: {
          id: expect.stringMatching(UUID),
          caseNumber: expect.stringMatching(caseNumberOf('GASABO-1')),
          openedAt: expect.any(String),
          incidentAt: expect.any(String),
          incidentType: 'PHYSICAL_ASSAULT',
          needs: ['MEDICAL'],
          status: 'OPEN',
          center: { code: 'GASABO-1', district: 'Gasabo' },
          survivor: { id: first.survivorId, code: first.survivorCode, sex: 'FEMALE', age: 30, child: false },
        },
      },
    });
    const after = await rowCounts(h);
    // The write, and the read of what it answered.
    expect(after).toEqual({ ...before, cases: before.cases + 1, accessLog: before.accessLog + 2 });
  });

  it('refuses an unknown survivor id, naming input.survivorId, and writes nothing', async () => {
    const res = await refused(
      reception,
      intake('GASABO-1', { survivor: null, survivorId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(res).toEqual({
      data: null,
      errors: [badInput({ field: 'input.survivorId', problem: 'no survivor has this id' }, ['openCase'])],
    });
  });

  it('refuses a survivor id that is not a UUID', async () => {
    const res = await refused(reception, intake('GASABO-1', { survivor: null, survivorId: 'SV-ABCDEFGH' }));
    expect(res).toEqual({
      data: null,
      errors: [badInput({ field: 'input.survivorId', problem: 'survivorId must be a UUID' }, ['openCase'])],
    });
  });

  // A survivor seen only at Huye is none of Gasabo's business: knowing (or guessing) the id must not let Gasabo's
  // reception attach a case to them, which would then show Gasabo the survivor's names, phone and guardian
  // (Case.survivor.identity) and every later case. The answer must be the one for an id that does not exist.
  it('does not let a receptionist attach a case to a survivor known only at another center', async () => {
    const atHuye = await openCase(
      h,
      intake('HUYE-1', { survivor: { sex: 'FEMALE', estimatedAge: 22, givenName: 'Solange' } }),
    );
    const unknown = await refused(
      reception,
      intake('GASABO-1', { survivor: null, survivorId: '00000000-0000-4000-8000-000000000001' }),
    );
    const before = await rowCounts(h);
    const outOfScope = await h.run(reception, OPEN_CASE, {
      input: intake('GASABO-1', { survivor: null, survivorId: atHuye.survivorId }),
    });
    expect(outOfScope).toEqual(unknown);
    expect(await rowCounts(h)).toEqual(before);
  });
});

describe('openCase: who may not open a case', () => {
  it('refuses an anonymous caller with UNAUTHENTICATED and writes nothing', async () => {
    expect(await refused(anonymous, intake('GASABO-1'))).toEqual({
      data: null,
      errors: [unauthenticated(['openCase'])],
    });
  });

  it("does not validate an anonymous caller's input: UNAUTHENTICATED comes first", async () => {
    expect(await refused(anonymous, intake('NOWHERE-9', { survivor: { sex: 'FEMALE', estimatedAge: 500 } }))).toEqual({
      data: null,
      errors: [unauthenticated(['openCase'])],
    });
  });

  const withoutCaseWrite: [string, Role, { centers?: string[]; district?: string }][] = [
    ['psychologist', 'psychologist', { centers: ['GASABO-1'] }],
    ['clinician', 'clinician', { centers: ['GASABO-1'] }],
    ['investigator', 'investigator', { centers: ['GASABO-1'] }],
    ['social-worker', 'social-worker', { district: 'Gasabo' }],
    ['local-official', 'local-official', { district: 'Gasabo' }],
    ['analyst', 'analyst', {}],
    ['auditor', 'auditor', {}],
    ['administrator', 'administrator', {}],
    ['ministry-system', 'ministry-system', {}],
  ];
  it.each(withoutCaseWrite)(
    'refuses a %s (no case:write) with FORBIDDEN MISSING_SCOPE and writes nothing',
    async (_n, role, where) => {
      expect(await refused(asRole(role, where), intake('GASABO-1'))).toEqual({
        data: null,
        errors: [forbidden('MISSING_SCOPE', ['openCase'])],
      });
    },
  );

  it('refuses a Huye receptionist opening a case at GASABO-1 with FORBIDDEN OUT_OF_SCOPE and writes nothing', async () => {
    const huyeReception = asRole('reception-officer', { centers: ['HUYE-1'] });
    expect(await refused(huyeReception, intake('GASABO-1'))).toEqual({
      data: null,
      errors: [forbidden('OUT_OF_SCOPE', ['openCase'])],
    });
  });

  it('refuses the GASABO-1 receptionist at GASABO-2, the other center of the same district', async () => {
    expect(await refused(reception, intake('GASABO-2'))).toEqual({
      data: null,
      errors: [forbidden('OUT_OF_SCOPE', ['openCase'])],
    });
  });
});

describe('openCase: bad input is refused with BAD_USER_INPUT naming the field, and nothing is written', () => {
  const e = ['openCase'];
  const tomorrow = () => dayBefore(new Date(), 0, -1); // Kigali's tomorrow
  const cases: [string, () => OpenCaseVariables, { field: string; problem: string }[]][] = [
    [
      'both survivor and survivorId',
      () => intake('GASABO-1', { survivorId: '00000000-0000-4000-8000-000000000000' }),
      [{ field: 'input.survivor', problem: 'give either survivor (new) or survivorId (returning), exactly one' }],
    ],
    [
      'neither survivor nor survivorId',
      () => intake('GASABO-1', { survivor: null }),
      [{ field: 'input.survivor', problem: 'give either survivor (new) or survivorId (returning), exactly one' }],
    ],
    [
      'both incidentType and classification',
      () =>
        intake('GASABO-1', {
          classification: {
            penetration: true,
            unwantedSexualContact: false,
            physicalAssault: false,
            forcedMarriage: false,
            denialOfResources: false,
            psychologicalAbuse: false,
          },
        }),
      [{ field: 'input.incidentType', problem: 'give either incidentType or classification, exactly one' }],
    ],
    [
      'neither incidentType nor classification',
      () => intake('GASABO-1', { incidentType: null }),
      [{ field: 'input.incidentType', problem: 'give either incidentType or classification, exactly one' }],
    ],
    [
      'neither a date of birth nor an estimated age',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE' } }),
      [{ field: 'input.survivor.dateOfBirth', problem: 'give a date of birth or an estimated age' }],
    ],
    [
      'a date of birth tomorrow',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE', dateOfBirth: tomorrow() } }),
      [{ field: 'input.survivor.dateOfBirth', problem: 'must not be in the future' }],
    ],
    [
      'a date of birth in year 1',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE', dateOfBirth: '0001-06-01' } }),
      [{ field: 'input.survivor.dateOfBirth', problem: 'must be within the last 120 years' }],
    ],
    [
      'a date of birth in 1800',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE', dateOfBirth: '1800-06-01' } }),
      [{ field: 'input.survivor.dateOfBirth', problem: 'must be within the last 120 years' }],
    ],
    [
      'a date of birth and an estimated age together',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE', dateOfBirth: '2001-06-01', estimatedAge: 30 } }),
      [{ field: 'input.survivor.estimatedAge', problem: 'give a date of birth or an estimated age, not both' }],
    ],
    [
      'an incident in year 1',
      () => intake('GASABO-1', { incidentAt: '0001-06-01T00:00:00.000Z' }),
      [{ field: 'input.incidentAt', problem: 'must be within the last 120 years' }],
    ],
    [
      'an incident before the date of birth',
      () =>
        intake('GASABO-1', {
          survivor: { sex: 'FEMALE', dateOfBirth: '2001-06-01' },
          incidentAt: '2001-05-31T21:59:59.000Z',
        }),
      [{ field: 'input.incidentAt', problem: "must not be before the survivor's birth" }],
    ],
    [
      'an incident before the birth an estimated age gives',
      () =>
        intake('GASABO-1', {
          survivor: { sex: 'FEMALE', estimatedAge: 10 },
          incidentAt: new Date(Date.now() - 12 * 365.25 * 24 * 3600_000).toISOString(),
        }),
      [{ field: 'input.incidentAt', problem: "must not be before the survivor's birth" }],
    ],
    [
      'a NUL byte in a name',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE', estimatedAge: 20, givenName: 'Ali\u0000ne' } }),
      [{ field: 'input.survivor.givenName', problem: 'must not contain control characters' }],
    ],
    [
      'a lone surrogate in a family name (it would be stored as U+FFFD)',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE', estimatedAge: 20, familyName: 'Uwera\ud800X' } }),
      [
        {
          field: 'input.survivor.familyName',
          problem: 'must be well-formed Unicode (a lone surrogate is no character)',
        },
      ],
    ],
    [
      'a NUL byte in the narrative and in the center code',
      () => intake('GASABO-1\u0000', { narrative: 'told\u0000' }),
      [
        { field: 'input.centerCode', problem: 'must not contain control characters' },
        { field: 'input.narrative', problem: 'must not contain control characters' },
      ],
    ],
    [
      'a date of birth in month 13',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE', dateOfBirth: '2001-13-01' } }),
      [{ field: 'input.survivor.dateOfBirth', problem: 'must be a date as YYYY-MM-DD' }],
    ],
    [
      'a date of birth written DD/MM/YYYY',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE', dateOfBirth: '27/11/2001' } }),
      [{ field: 'input.survivor.dateOfBirth', problem: 'must be a date as YYYY-MM-DD' }],
    ],
    [
      'a negative estimated age',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE', estimatedAge: -1 } }),
      [{ field: 'input.survivor.estimatedAge', problem: 'estimatedAge must not be less than 0' }],
    ],
    [
      'an estimated age of 121',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE', estimatedAge: 121 } }),
      [{ field: 'input.survivor.estimatedAge', problem: 'estimatedAge must not be greater than 120' }],
    ],
    [
      'a lower-case nationality',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE', estimatedAge: 20, nationality: 'rw' } }),
      [{ field: 'input.survivor.nationality', problem: 'must be an ISO 3166-1 alpha-2 code such as RW' }],
    ],
    [
      'a three-letter nationality',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE', estimatedAge: 20, nationality: 'RWA' } }),
      [{ field: 'input.survivor.nationality', problem: 'must be an ISO 3166-1 alpha-2 code such as RW' }],
    ],
    [
      'a phone number with letters',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE', estimatedAge: 20, phone: 'call me' } }),
      [{ field: 'input.survivor.phone', problem: 'must be a phone number' }],
    ],
    [
      'an empty given name',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE', estimatedAge: 20, givenName: '' } }),
      [{ field: 'input.survivor.givenName', problem: 'must not be blank' }],
    ],
    [
      'a given name of spaces only',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE', estimatedAge: 20, givenName: '   ' } }),
      [{ field: 'input.survivor.givenName', problem: 'must not be blank' }],
    ],
    [
      'a guardian without a name',
      () =>
        intake('GASABO-1', {
          survivor: { sex: 'FEMALE', estimatedAge: 8, guardian: { name: '', relationship: 'aunt' } },
        }),
      [{ field: 'input.survivor.guardian.name', problem: 'must not be blank' }],
    ],
    [
      'a guardian phone that is not a phone number',
      () =>
        intake('GASABO-1', {
          survivor: { sex: 'FEMALE', estimatedAge: 8, guardian: { name: 'Marie', relationship: 'aunt', phone: '12' } },
        }),
      [{ field: 'input.survivor.guardian.phone', problem: 'must be a phone number' }],
    ],
    [
      'the same need twice',
      () => intake('GASABO-1', { needs: ['MEDICAL', 'MEDICAL'] }),
      [{ field: 'input.needs', problem: "All needs's elements must be unique" }],
    ],
    ['an empty center code', () => intake('', {}), [{ field: 'input.centerCode', problem: 'must not be blank' }]],
    [
      'a narrative of 20 001 characters',
      () => intake('GASABO-1', { narrative: 'x'.repeat(20_001) }),
      [{ field: 'input.narrative', problem: 'narrative must be shorter than or equal to 20000 characters' }],
    ],
    [
      'an incident next week',
      () => intake('GASABO-1', { incidentAt: new Date(Date.now() + 7 * 24 * HOUR).toISOString() }),
      [{ field: 'input.incidentAt', problem: 'must not be in the future' }],
    ],
    [
      'an unknown center code',
      () => intake('NOWHERE-1'),
      [{ field: 'input.centerCode', problem: 'no center has this code' }],
    ],
    [
      'every problem of how the fields fit named at once, with the unknown center',
      () =>
        intake('NOWHERE-1', {
          classification: {
            penetration: true,
            unwantedSexualContact: false,
            physicalAssault: false,
            forcedMarriage: false,
            denialOfResources: false,
            psychologicalAbuse: false,
          },
          incidentAt: new Date(Date.now() + 7 * 24 * HOUR).toISOString(),
          survivor: { sex: 'FEMALE', dateOfBirth: tomorrow() },
        }),
      [
        { field: 'input.incidentType', problem: 'give either incidentType or classification, exactly one' },
        { field: 'input.incidentAt', problem: 'must not be in the future' },
        { field: 'input.survivor.dateOfBirth', problem: 'must not be in the future' },
        { field: 'input.centerCode', problem: 'no center has this code' },
      ],
    ],
    [
      'a date of birth and an estimated age, and an incident before the birth, named together',
      () =>
        intake('GASABO-1', {
          survivor: { sex: 'FEMALE', dateOfBirth: '2001-06-01', estimatedAge: 30 },
          incidentAt: '2001-05-31T21:59:59.000Z',
        }),
      [{ field: 'input.survivor.estimatedAge', problem: 'give a date of birth or an estimated age, not both' }],
    ],
    [
      'two problems at once, both named',
      () => intake('GASABO-1', { survivor: { sex: 'FEMALE', estimatedAge: 200, nationality: 'rw' } }),
      [
        { field: 'input.survivor.estimatedAge', problem: 'estimatedAge must not be greater than 120' },
        { field: 'input.survivor.nationality', problem: 'must be an ISO 3166-1 alpha-2 code such as RW' },
      ],
    ],
  ];

  it.each(cases)('%s', async (_what, input, fields) => {
    expect(await refused(reception, input())).toEqual({ data: null, errors: [badInput(fields, e)] });
  });

  it('accepts a narrative of exactly 20 000 characters', async () => {
    await expect(openCase(h, intake('GASABO-1', { narrative: 'x'.repeat(20_000) }))).resolves.toMatchObject({
      caseNumber: expect.stringMatching(caseNumberOf('GASABO-1')),
    });
  });

  it('accepts a date of birth today (a newborn) and the estimated ages 0 and 120', async () => {
    for (const survivor of [
      { sex: 'FEMALE', dateOfBirth: utcDay(freezeClock()) },
      { sex: 'FEMALE', estimatedAge: 0 },
      { sex: 'FEMALE', estimatedAge: 120 },
    ]) {
      await expect(openCase(h, intake('GASABO-1', { survivor }))).resolves.toMatchObject({
        survivorId: expect.stringMatching(UUID),
      });
    }
  });

  // The pattern YYYY-MM-DD lets 31 February through; PostgreSQL then refuses the date and the caller gets an opaque
  // INTERNAL_SERVER_ERROR instead of being told which field to correct.
  it.each([['2001-02-31'], ['2001-04-31'], ['2023-02-29']])(
    'refuses the calendar date that does not exist %s as BAD_USER_INPUT on input.survivor.dateOfBirth',
    async (dateOfBirth) => {
      const res = await refused(reception, intake('GASABO-1', { survivor: { sex: 'FEMALE', dateOfBirth } }));
      expect(res).toEqual({
        data: null,
        errors: [
          {
            ...badInput({ field: 'input.survivor.dateOfBirth', problem: expect.any(String) }, ['openCase']),
            message: expect.stringMatching(/^input\.survivor\.dateOfBirth: /),
          },
        ],
      });
    },
  );
});

describe('openCase: incidentAt and the clock-skew tolerance', () => {
  const e = ['openCase'];

  it('accepts an incident exactly 5 minutes ahead of the server clock', async () => {
    const now = freezeClock();
    const res = await h.run(reception, OPEN_CASE, {
      input: intake('GASABO-1', { incidentAt: new Date(now.getTime() + 5 * MINUTE).toISOString() }),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({
      openCase: { incidentAt: new Date(now.getTime() + 5 * MINUTE).toISOString(), openedAt: now.toISOString() },
    });
  });

  it.each([
    ['5 minutes and 1 millisecond', 5 * MINUTE + 1],
    ['6 minutes (5 + 1)', 6 * MINUTE],
  ])('refuses an incident %s ahead, and writes nothing', async (_what, ahead) => {
    const now = freezeClock();
    const res = await refused(
      reception,
      intake('GASABO-1', { incidentAt: new Date(now.getTime() + ahead).toISOString() }),
    );
    expect(res).toEqual({
      data: null,
      errors: [badInput({ field: 'input.incidentAt', problem: 'must not be in the future' }, e)],
    });
  });

  it('accepts an incident long ago', async () => {
    await expect(openCase(h, intake('GASABO-1', { incidentAt: '2019-03-08T06:30:00.000Z' }))).resolves.toMatchObject({
      caseNumber: expect.stringMatching(caseNumberOf('GASABO-1')),
    });
  });

  it('refuses an incidentAt that is not a date-time before any resolver runs', async () => {
    const res = await refused(reception, intake('GASABO-1', { incidentAt: 'yesterday' }));
    expect(res).toEqual({
      errors: [
        invalidVariable(
          'Variable "$input" got invalid value "yesterday" at "input.incidentAt"; DateTime cannot represent an invalid date-time-string yesterday.',
        ),
      ],
    });
  });
});

describe('openCase: case numbers', () => {
  // Each test uses centers no other test in this file opens cases at, so that the numbers are known.

  it('numbers the cases of a center 000001, 000002, ... and each center separately', async () => {
    const y = year();
    const a1 = await openCase(h, intake('KICUKIRO-2'));
    const b1 = await openCase(h, intake('NYARUGENGE-2'));
    const a2 = await openCase(h, intake('KICUKIRO-2'));
    const a3 = await openCase(h, intake('KICUKIRO-2'));
    const b2 = await openCase(h, intake('NYARUGENGE-2'));
    expect([a1, a2, a3, b1, b2].map((c) => c.caseNumber)).toEqual([
      `KICUKIRO-2/${y}/000001`,
      `KICUKIRO-2/${y}/000002`,
      `KICUKIRO-2/${y}/000003`,
      `NYARUGENGE-2/${y}/000001`,
      `NYARUGENGE-2/${y}/000002`,
    ]);
  });

  it('gives concurrent intakes at one center distinct consecutive numbers', async () => {
    const y = year();
    const opened = await Promise.all(Array.from({ length: 8 }, () => openCase(h, intake('RUSIZI-2'))));
    expect(opened.map((c) => c.caseNumber).sort()).toEqual(
      Array.from({ length: 8 }, (_, i) => `RUSIZI-2/${y}/${String(i + 1).padStart(6, '0')}`),
    );
    expect(await lastCaseNumber(h, 'RUSIZI-2', y)).toBe(8);
  });

  it('does not use up a number on a refused intake', async () => {
    const y = year();
    const first = await openCase(h, intake('KAYONZA-2'));
    const kayonza = asRole('reception-officer', { centers: ['KAYONZA-2'] });
    await refused(asRole('reception-officer', { centers: ['HUYE-1'] }), intake('KAYONZA-2'));
    await refused(kayonza, intake('KAYONZA-2', { survivor: null, survivorId: '00000000-0000-4000-8000-000000000000' }));
    await refused(kayonza, intake('KAYONZA-2', { survivor: { sex: 'FEMALE' } }));
    const second = await openCase(h, intake('KAYONZA-2'));
    expect([first.caseNumber, second.caseNumber]).toEqual([`KAYONZA-2/${y}/000001`, `KAYONZA-2/${y}/000002`]);
  });
});
