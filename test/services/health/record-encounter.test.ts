import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Encounter } from '../../../services/health/entities/encounter.entity.js';
import { health } from '../../../services/health/index.js';
import { callerFromClaims } from '../../../services/shared/caller.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import {
  badInput,
  errorsWithoutLocations,
  forbidden,
  invalidVariable,
  type Problem,
  unauthenticated,
} from '../../helpers/errors.js';
import { asDemoUser } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogOf,
  CLINICIAN,
  entry,
  HUYE_CLINICIAN,
  referredCase as referredAt,
  refWith,
  sharing,
} from './fixtures.js';

/**
 * A case referred to health whose incident happened before the first center opened: care is never recorded before
 * the incident, and these tests write at every time since then.
 */
const referredCase = (h: SubgraphHarness, centerCode = 'GASABO-1') =>
  referredAt(h, centerCode, 'REQUESTED', new Date('2008-12-31T00:00:00Z'));

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(health, await testDatabase()));
});

// A write answers the id of the record and its case; the record itself is read through Case.medical, under the read
// rules (the center's sharing facts), never from the mutation. So what was written is checked on the stored row.
const RECORD_ENCOUNTER = `
  mutation Record($input: RecordEncounterInput!) {
    recordEncounter(input: $input) { id caseId }
  }`;

const MINUTE = 60_000;
const SEEN_AT = '2025-06-01T08:30:00.000Z';

/** The input of a write on `caseId` (a case health knows of: see `referredCase`). */
function input(caseId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { caseId, seenAt: SEEN_AT, findings: 'Bruising on both forearms.', injuriesObserved: true, ...over };
}

/** What a successful write answers: the new record's id and its case, in canonical (lower-case) form. */
const written = (caseId: string) => ({
  data: { recordEncounter: { id: expect.any(String), caseId: caseId.toLowerCase() } },
});
const idOf = (res: { data?: Record<string, unknown> | null }) => (res.data?.recordEncounter as { id: string }).id;

const countAll = () => h.orm.em.fork().count(Encounter, {});
const countFor = (caseId: string) => h.orm.em.fork().count(Encounter, { caseId });

/** The stored encounter, as the record's columns hold it. */
async function stored(id: string) {
  const e = await h.orm.em.fork().findOneOrFail(Encounter, { id });
  return {
    caseId: e.caseId,
    centerCode: e.centerCode,
    seenAt: e.seenAt.toISOString(),
    findings: e.findings,
    injuriesObserved: e.injuriesObserved,
    recordedBy: e.recordedBy,
  };
}

function refusedInput(...problems: Problem[]) {
  return { data: null, errors: [badInput(problems, ['recordEncounter'])] };
}

const FORBIDDEN = {
  data: null,
  errors: [forbidden('MISSING_SCOPE', ['recordEncounter'])],
};

/** An unknown case, and a known one out of the writer's scope, get this same answer. */
const NOT_REFERRED = {
  data: null,
  errors: [forbidden('NOT_REFERRED', ['recordEncounter'])],
};

/** A clinician working at two hospitals' centers. */
const twoCenters = callerFromClaims({
  sub: 'idp:clinician-two-centers',
  agency: 'health',
  roles: ['clinician'],
  scope: 'case:read medical:read medical:write',
  centers: ['GASABO-1', 'HUYE-1'],
});
const TWO_CENTERS = { subject: 'idp:clinician-two-centers', agency: 'health', roles: ['clinician'] };

const writeEntry = (caseId: string, who = CLINICIAN) =>
  entry({ ...who, caseId, action: 'WRITE', fields: ['recordEncounter'], basis: 'OWN_RECORD' });

const UNAUTHENTICATED = {
  data: null,
  errors: [unauthenticated(['recordEncounter'])],
};

describe('recordEncounter: who may record', () => {
  it("a clinician records an encounter on a case at their center, stamped with their subject and the case's center, and the write is logged", async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, {
      input: input(caseId, { findings: 'No visible injuries; patient distressed.', injuriesObserved: false }),
    });
    expect(res).toEqual(written(caseId));
    expect(await stored(idOf(res))).toEqual({
      caseId,
      centerCode: 'GASABO-1',
      seenAt: SEEN_AT,
      findings: 'No visible injuries; patient distressed.',
      injuriesObserved: false,
      recordedBy: 'demo:clinician',
    });
    expect(await countFor(caseId)).toBe(1);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  it('the answer carries the ids, not the slice: the record is read through Case.medical under the read rules, and that read is logged', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input(caseId) });
    expect(res).toEqual(written(caseId));
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);

    // With the facts the center sends, the new encounter is there, and the read is logged after the write.
    const read = await h.run(
      asDemoUser('clinician'),
      `
      query Medical($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id medical { encounters { findings } } } } }`,
      refWith(caseId, sharing()),
    );
    expect(read).toEqual({
      data: { _entities: [{ id: caseId, medical: { encounters: [{ findings: 'Bruising on both forearms.' }] } }] },
    });
    expect(await accessLogOf(h, caseId)).toEqual([
      writeEntry(caseId),
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: ['medical.encounters.findings'], basis: 'CONSENT' }),
    ]);
  });

  it('a case id in upper case is stored, answered and logged in canonical form', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input(caseId.toUpperCase()) });
    expect(res).toEqual(written(caseId));
    expect((await stored(idOf(res))).caseId).toBe(caseId);
    expect(await countFor(caseId)).toBe(1);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  // Everyone but the clinician lacks medical:write. The case manager reads the medical record but must not write it.
  it.each([
    'case-manager',
    'reception',
    'psychologist',
    'investigator',
    'social-worker',
    'local-official',
    'analyst',
    'auditor',
    'admin',
    'ministry-system',
  ])('%s may not record an encounter (FORBIDDEN, MISSING_SCOPE); nothing is written or logged', async (login) => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser(login), RECORD_ENCOUNTER, { input: input(caseId) });
    expect(res).toEqual(FORBIDDEN);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('an anonymous caller is refused (UNAUTHENTICATED); nothing is written or logged', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(anonymous, RECORD_ENCOUNTER, { input: input(caseId) });
    expect(res).toEqual(UNAUTHENTICATED);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a token that claims medical:write for a role the catalogue does not grant it to is still refused', async () => {
    const overGranted = callerFromClaims({
      sub: 'idp:over-granted',
      agency: 'police',
      roles: ['investigator'],
      scope: 'case:read police:read medical:write',
      centers: ['GASABO-1'],
    });
    const caseId = await referredCase(h);
    const res = await h.run(overGranted, RECORD_ENCOUNTER, { input: input(caseId) });
    expect(res).toEqual(FORBIDDEN);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a clinician whose token does not carry medical:write is refused', async () => {
    const narrowed = callerFromClaims({
      sub: 'demo:clinician',
      agency: 'health',
      roles: ['clinician'],
      scope: 'case:read medical:read',
      centers: ['GASABO-1'],
    });
    const caseId = await referredCase(h);
    const res = await h.run(narrowed, RECORD_ENCOUNTER, { input: input(caseId) });
    expect(res).toEqual(FORBIDDEN);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('authorization is decided before validation: a caller without the scope learns nothing about the input', async () => {
    const bad = input('not-a-uuid', { findings: '', seenAt: new Date(Date.now() + 60 * MINUTE).toISOString() });
    expect(await h.run(asDemoUser('case-manager'), RECORD_ENCOUNTER, { input: bad })).toEqual(FORBIDDEN);
    expect(await h.run(anonymous, RECORD_ENCOUNTER, { input: bad })).toEqual(UNAUTHENTICATED);
  });
});

describe('recordEncounter: on which case, and where', () => {
  it('refuses a case health has not been told of (FORBIDDEN, NOT_REFERRED); nothing is written or logged', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input(caseId) });
    expect(res).toEqual(NOT_REFERRED);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('an unknown case is refused the same way to every clinician, even one of two centers', async () => {
    const caseId = randomUUID();
    expect(await h.run(twoCenters, RECORD_ENCOUNTER, { input: input(caseId) })).toEqual(NOT_REFERRED);
    expect(await h.run(asDemoUser('huye-clinician'), RECORD_ENCOUNTER, { input: input(caseId.toUpperCase()) })).toEqual(
      NOT_REFERRED,
    );
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a clinician records on a case at their own center, and the record is at that center', async () => {
    const caseId = await referredCase(h, 'HUYE-1');
    const res = await h.run(asDemoUser('huye-clinician'), RECORD_ENCOUNTER, { input: input(caseId) });
    expect(res).toEqual(written(caseId));
    expect(await stored(idOf(res))).toEqual({
      caseId,
      centerCode: 'HUYE-1',
      seenAt: SEEN_AT,
      findings: 'Bruising on both forearms.',
      injuriesObserved: true,
      recordedBy: 'demo:huye-clinician',
    });
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId, HUYE_CLINICIAN)]);
  });

  // No agency can block another's record: the refused write leaves nothing behind, so the clinician of the case's
  // center then records on it as on any case.
  it('the GASABO-1 clinician is refused on a HUYE-1 case (FORBIDDEN, NOT_REFERRED), and the HUYE-1 clinician then records on it', async () => {
    const caseId = await referredCase(h, 'HUYE-1');
    const refused = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input(caseId) });
    expect(refused).toEqual(NOT_REFERRED);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);

    const accepted = await h.run(asDemoUser('huye-clinician'), RECORD_ENCOUNTER, { input: input(caseId) });
    expect(accepted).toEqual(written(caseId));
    expect(await stored(idOf(accepted))).toEqual({
      caseId,
      centerCode: 'HUYE-1',
      seenAt: SEEN_AT,
      findings: 'Bruising on both forearms.',
      injuriesObserved: true,
      recordedBy: 'demo:huye-clinician',
    });
    expect(await countFor(caseId)).toBe(1);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId, HUYE_CLINICIAN)]);
  });

  it('the HUYE-1 clinician is refused on a GASABO-1 case (FORBIDDEN, NOT_REFERRED); nothing is written or logged', async () => {
    const caseId = await referredCase(h, 'GASABO-1');
    const res = await h.run(asDemoUser('huye-clinician'), RECORD_ENCOUNTER, { input: input(caseId) });
    expect(res).toEqual(NOT_REFERRED);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a clinician is refused on a case at the other center of their district (FORBIDDEN, NOT_REFERRED); nothing is written or logged', async () => {
    const caseId = await referredCase(h, 'GASABO-2');
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input(caseId) });
    expect(res).toEqual(NOT_REFERRED);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it.each(['GASABO-1', 'HUYE-1'])(
    'a clinician of two centers writing on a case at %s gets a record at that center',
    async (centerCode) => {
      const caseId = await referredCase(h, centerCode);
      const res = await h.run(twoCenters, RECORD_ENCOUNTER, { input: input(caseId) });
      expect(res).toEqual(written(caseId));
      expect(await stored(idOf(res))).toEqual({
        caseId,
        centerCode,
        seenAt: SEEN_AT,
        findings: 'Bruising on both forearms.',
        injuriesObserved: true,
        recordedBy: 'idp:clinician-two-centers',
      });
      expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId, TWO_CENTERS)]);
    },
  );

  it('a clinician of two centers is refused on a case at a center they do not work at (FORBIDDEN, NOT_REFERRED); nothing is written or logged', async () => {
    const caseId = await referredCase(h, 'KICUKIRO-1');
    const res = await h.run(twoCenters, RECORD_ENCOUNTER, { input: input(caseId) });
    expect(res).toEqual(NOT_REFERRED);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('the place cannot be named: centerCode is not a field of the input, refused before any resolver runs', async () => {
    const caseId = await referredCase(h, 'HUYE-1');
    const res = await h.run(twoCenters, RECORD_ENCOUNTER, { input: input(caseId, { centerCode: 'GASABO-1' }) });
    expect(res).toEqual({
      errors: [
        invalidVariable(
          `Variable "$input" got invalid value { caseId: "${caseId}", seenAt: "${SEEN_AT}", findings: "Bruising on both forearms.", ` +
            'injuriesObserved: true, centerCode: "GASABO-1" }; Field "centerCode" is not defined by type "RecordEncounterInput".',
        ),
      ],
    });
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });
});

describe('recordEncounter: input', () => {
  it('refuses a case id that is not a UUID, naming input.caseId, and writes nothing', async () => {
    const before = await countAll();
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input('GASABO-1-2025-0001') });
    expect(res).toEqual(refusedInput({ field: 'input.caseId', problem: 'caseId must be a UUID' }));
    expect(await countAll()).toBe(before);
  });

  it('refuses empty findings as blank, naming input.findings once, and writes nothing', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input(caseId, { findings: '' }) });
    expect(res).toEqual(refusedInput({ field: 'input.findings', problem: 'must not be blank' }));
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('accepts findings of exactly 20 000 characters and refuses 20 001', async () => {
    const caseId = await referredCase(h);
    const longest = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, {
      input: input(caseId, { findings: 'a'.repeat(20_000) }),
    });
    expect(longest).toEqual(written(caseId));
    expect((await stored(idOf(longest))).findings).toBe('a'.repeat(20_000));
    expect(await countFor(caseId)).toBe(1);

    const tooLong = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, {
      input: input(caseId, { findings: 'a'.repeat(20_001) }),
    });
    expect(tooLong).toEqual(
      refusedInput({ field: 'input.findings', problem: 'findings must be shorter than or equal to 20000 characters' }),
    );
    expect(await countFor(caseId)).toBe(1);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  // Inputs are trimmed before validation: the length rule judges what is stored.
  it('findings are stored without their surrounding blanks, and their length is counted without them', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, {
      input: input(caseId, { findings: ' \n Bruising on both forearms.\t ' }),
    });
    expect(res).toEqual(written(caseId));
    expect((await stored(idOf(res))).findings).toBe('Bruising on both forearms.');

    const padded = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, {
      input: input(caseId, { findings: `  ${'a'.repeat(20_000)}  ` }),
    });
    expect(padded).toEqual(written(caseId));
    expect((await stored(idOf(padded))).findings).toBe('a'.repeat(20_000));
    expect(await countFor(caseId)).toBe(2);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId), writeEntry(caseId)]);
  });

  it('a case id with blanks around it is taken without the blanks', async () => {
    const caseId = await referredCase(h, 'HUYE-1');
    const res = await h.run(asDemoUser('huye-clinician'), RECORD_ENCOUNTER, {
      input: input(` ${caseId.toUpperCase()} `),
    });
    expect(res).toEqual(written(caseId));
    expect(await stored(idOf(res))).toEqual({
      caseId,
      centerCode: 'HUYE-1',
      seenAt: SEEN_AT,
      findings: 'Bruising on both forearms.',
      injuriesObserved: true,
      recordedBy: 'demo:huye-clinician',
    });
    expect(await countFor(caseId)).toBe(1);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId, HUYE_CLINICIAN)]);
  });

  it('refuses findings that are only blanks, naming input.findings, and writes nothing', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, {
      input: input(caseId, { findings: ' \t\n ' }),
    });
    expect(res).toEqual(refusedInput({ field: 'input.findings', problem: 'must not be blank' }));
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('names every offending field at once', async () => {
    const before = await countAll();
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input('x', { findings: '' }) });
    expect(res).toEqual(
      refusedInput(
        { field: 'input.caseId', problem: 'caseId must be a UUID' },
        { field: 'input.findings', problem: 'must not be blank' },
      ),
    );
    expect(await countAll()).toBe(before);
  });

  it('accepts seenAt 5 minutes ahead of now (clock-skew tolerance)', async () => {
    const caseId = await referredCase(h);
    const seenAt = new Date(Date.now() + 5 * MINUTE).toISOString();
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input(caseId, { seenAt }) });
    expect(res).toEqual(written(caseId));
    expect((await stored(idOf(res))).seenAt).toBe(seenAt);
    expect(await countFor(caseId)).toBe(1);
  });

  it('refuses seenAt 6 minutes ahead of now, naming input.seenAt, and writes nothing', async () => {
    const caseId = await referredCase(h);
    const seenAt = new Date(Date.now() + 6 * MINUTE).toISOString();
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input(caseId, { seenAt }) });
    expect(res).toEqual(refusedInput({ field: 'input.seenAt', problem: 'must not be in the future' }));
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  // The first Isange center opened on 1 January 2009, Kigali time (2008-12-31T22:00:00Z).
  it('accepts seenAt at the opening of the first center and refuses a millisecond earlier, naming input.seenAt', async () => {
    const caseId = await referredCase(h);
    const tooEarly = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, {
      input: input(caseId, { seenAt: '2008-12-31T21:59:59.999Z' }),
    });
    expect(tooEarly).toEqual(
      refusedInput({ field: 'input.seenAt', problem: 'must not be before 2009, when the first Isange center opened' }),
    );
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);

    const first = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, {
      input: input(caseId, { seenAt: '2008-12-31T22:00:00.000Z' }),
    });
    expect(first).toEqual(written(caseId));
    expect((await stored(idOf(first))).seenAt).toBe('2008-12-31T22:00:00.000Z');
    expect(await countFor(caseId)).toBe(1);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  it('refuses a seenAt that is not a date-time before any resolver runs', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, {
      input: input(caseId, { seenAt: '01/06/2025' }),
    });
    expect(res).toEqual({
      errors: [
        invalidVariable(
          'Variable "$input" got invalid value "01/06/2025" at "input.seenAt"; DateTime cannot represent an invalid date-time-string 01/06/2025.',
        ),
      ],
    });
    expect(await countFor(caseId)).toBe(0);
  });

  it('the author of an encounter is the caller: recordedBy cannot be supplied', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, {
      input: input(caseId, { recordedBy: 'demo:huye-clinician' }),
    });
    expect(res).toEqual({
      errors: [
        invalidVariable(
          `Variable "$input" got invalid value { caseId: "${caseId}", seenAt: "${SEEN_AT}", findings: "Bruising on both forearms.", ` +
            'injuriesObserved: true, recordedBy: "demo:huye-clinician" }; Field "recordedBy" is not defined by type "RecordEncounterInput".',
        ),
      ],
    });
    expect(await countFor(caseId)).toBe(0);
  });

  it('refuses a missing injuriesObserved before any resolver runs', async () => {
    const caseId = await referredCase(h);
    const { injuriesObserved: _omitted, ...partial } = input(caseId);
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: partial });
    expect(res).toEqual({
      errors: [
        invalidVariable(
          'Variable "$input" got invalid value { caseId: "' +
            caseId +
            '", seenAt: "' +
            SEEN_AT +
            '", findings: "Bruising on both forearms." }; Field "injuriesObserved" of required type "Boolean!" was not provided.',
        ),
      ],
    });
    expect(await countFor(caseId)).toBe(0);
  });
});
