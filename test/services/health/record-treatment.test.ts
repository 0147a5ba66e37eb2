import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Encounter } from '../../../services/health/entities/encounter.entity.js';
import { Treatment } from '../../../services/health/entities/treatment.entity.js';
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
import { accessLogOf, CLINICIAN, entry, HUYE_CLINICIAN, referredCase as referredAt } from './fixtures.js';

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
// rules, never from the mutation. So what was written is checked on the stored row.
const RECORD_TREATMENT = `
  mutation Record($input: RecordTreatmentInput!) {
    recordTreatment(input: $input) { id caseId }
  }`;

const MINUTE = 60_000;
const GIVEN_AT = '2025-06-01T09:00:00.000Z';

/** The input of a write on `caseId` (a case health knows of: see `referredCase`). */
function input(caseId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { caseId, kind: 'HIV_PEP', givenAt: GIVEN_AT, ...over };
}

/** An encounter on `caseId` recorded at `centerCode`, written directly. */
async function encounterOn(caseId: string, centerCode = 'GASABO-1'): Promise<string> {
  const em = h.orm.em.fork();
  const e = em.create(Encounter, {
    caseId,
    centerCode,
    seenAt: new Date('2025-06-01T08:30:00Z'),
    findings: 'Examined.',
    injuriesObserved: true,
    recordedBy: 'demo:clinician',
  });
  await em.flush();
  return e.id;
}

/** What a successful write answers: the new record's id and its case, in canonical (lower-case) form. */
const written = (caseId: string) => ({
  data: { recordTreatment: { id: expect.any(String), caseId: caseId.toLowerCase() } },
});
const idOf = (res: { data?: Record<string, unknown> | null }) => (res.data?.recordTreatment as { id: string }).id;

const countAll = () => h.orm.em.fork().count(Treatment, {});
const countFor = (caseId: string) => h.orm.em.fork().count(Treatment, { caseId });

/** The stored treatment, as the record's columns hold it (`encounterId`: the encounter it is linked to, or null). */
async function stored(id: string) {
  const t = await h.orm.em.fork().findOneOrFail(Treatment, { id });
  return {
    caseId: t.caseId,
    centerCode: t.centerCode,
    encounterId: t.encounter?.id ?? null,
    kind: t.kind,
    givenAt: t.givenAt.toISOString(),
    notes: t.notes,
    recordedBy: t.recordedBy,
  };
}

function refusedInput(...problems: Problem[]) {
  return { data: null, errors: [badInput(problems, ['recordTreatment'])] };
}

const writeEntry = (caseId: string, who = CLINICIAN) =>
  entry({ ...who, caseId, action: 'WRITE', fields: ['recordTreatment'], basis: 'OWN_RECORD' });

/** A clinician working at two hospitals' centers. */
const twoCenters = callerFromClaims({
  sub: 'idp:clinician-two-centers',
  agency: 'health',
  roles: ['clinician'],
  scope: 'case:read medical:read medical:write',
  centers: ['GASABO-1', 'HUYE-1'],
});
const TWO_CENTERS = { subject: 'idp:clinician-two-centers', agency: 'health', roles: ['clinician'] };

const NO_SUCH_ENCOUNTER = { field: 'input.encounterId', problem: 'no encounter with this id on this case' };

const FORBIDDEN = {
  data: null,
  errors: [forbidden('MISSING_SCOPE', ['recordTreatment'])],
};

/** An unknown case, and a known one out of the writer's scope, get this same answer. */
const NOT_REFERRED = {
  data: null,
  errors: [forbidden('NOT_REFERRED', ['recordTreatment'])],
};

describe('recordTreatment: who may record', () => {
  it("a clinician records a treatment without an encounter; notes default to null; the center is the case's; the write is logged", async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
      input: { caseId, kind: 'EMERGENCY_CONTRACEPTION', givenAt: GIVEN_AT },
    });
    expect(res).toEqual(written(caseId));
    expect(await stored(idOf(res))).toEqual({
      caseId,
      centerCode: 'GASABO-1',
      encounterId: null,
      kind: 'EMERGENCY_CONTRACEPTION',
      givenAt: GIVEN_AT,
      notes: null,
      recordedBy: 'demo:clinician',
    });
    expect(await countFor(caseId)).toBe(1);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  it('a clinician records a treatment linked to an encounter of the same case', async () => {
    const caseId = await referredCase(h);
    const encounterId = await encounterOn(caseId);
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
      input: { caseId, encounterId, kind: 'HIV_PEP', givenAt: GIVEN_AT, notes: '28-day course started.' },
    });
    expect(res).toEqual(written(caseId));
    expect(await stored(idOf(res))).toEqual({
      caseId,
      centerCode: 'GASABO-1',
      encounterId,
      kind: 'HIV_PEP',
      givenAt: GIVEN_AT,
      notes: '28-day course started.',
      recordedBy: 'demo:clinician',
    });
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  it('a case id in upper case is stored, answered and logged in canonical form', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input(caseId.toUpperCase()) });
    expect(res).toEqual(written(caseId));
    expect((await stored(idOf(res))).caseId).toBe(caseId);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

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
  ])('%s may not record a treatment (FORBIDDEN, MISSING_SCOPE); nothing is written or logged', async (login) => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser(login), RECORD_TREATMENT, { input: input(caseId) });
    expect(res).toEqual(FORBIDDEN);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('an anonymous caller is refused (UNAUTHENTICATED); nothing is written or logged', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(anonymous, RECORD_TREATMENT, { input: input(caseId) });
    expect(res).toEqual({
      data: null,
      errors: [unauthenticated(['recordTreatment'])],
    });
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
    const res = await h.run(overGranted, RECORD_TREATMENT, { input: input(caseId) });
    expect(res).toEqual(FORBIDDEN);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a clinician whose token does not carry medical:write is refused (FORBIDDEN, MISSING_SCOPE)', async () => {
    const narrowed = callerFromClaims({
      sub: 'demo:clinician',
      agency: 'health',
      roles: ['clinician'],
      scope: 'case:read medical:read',
      centers: ['GASABO-1'],
    });
    const caseId = await referredCase(h);
    const res = await h.run(narrowed, RECORD_TREATMENT, { input: input(caseId) });
    expect(res).toEqual(FORBIDDEN);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a caller without the scope cannot probe encounter ids: FORBIDDEN, not "no encounter with this id"', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('investigator'), RECORD_TREATMENT, {
      input: input(caseId, { encounterId: randomUUID() }),
    });
    expect(res).toEqual(FORBIDDEN);
  });
});

describe('recordTreatment: on which case, and where', () => {
  it('refuses a case health has not been told of (FORBIDDEN, NOT_REFERRED); nothing is written or logged', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input(caseId) });
    expect(res).toEqual(NOT_REFERRED);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  // No agency can block another's record: the refused write leaves nothing behind, so the clinician of the case's
  // center then records on it as on any case.
  it('the GASABO-1 clinician is refused on a HUYE-1 case (FORBIDDEN, NOT_REFERRED), and the HUYE-1 clinician then records on it', async () => {
    const caseId = await referredCase(h, 'HUYE-1');
    const refused = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input(caseId) });
    expect(refused).toEqual(NOT_REFERRED);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);

    const accepted = await h.run(asDemoUser('huye-clinician'), RECORD_TREATMENT, { input: input(caseId) });
    expect(accepted).toEqual(written(caseId));
    expect(await stored(idOf(accepted))).toEqual({
      caseId,
      centerCode: 'HUYE-1',
      encounterId: null,
      kind: 'HIV_PEP',
      givenAt: GIVEN_AT,
      notes: null,
      recordedBy: 'demo:huye-clinician',
    });
    expect(await countFor(caseId)).toBe(1);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId, HUYE_CLINICIAN)]);
  });

  it('a clinician is refused on a case at the other center of their district (FORBIDDEN, NOT_REFERRED); nothing is written or logged', async () => {
    const caseId = await referredCase(h, 'GASABO-2');
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input(caseId) });
    expect(res).toEqual(NOT_REFERRED);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  // The case is decided before the encounter: out of scope, an existing encounter and a made-up one answer alike.
  it('a clinician out of the case\'s scope cannot probe its encounter ids: FORBIDDEN, NOT_REFERRED, not "no encounter with this id"', async () => {
    const caseId = await referredCase(h, 'HUYE-1');
    const huyeEncounter = await encounterOn(caseId, 'HUYE-1');
    expect(
      await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input(caseId, { encounterId: huyeEncounter }) }),
    ).toEqual(NOT_REFERRED);
    expect(
      await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input(caseId, { encounterId: randomUUID() }) }),
    ).toEqual(NOT_REFERRED);
    const unknownCase = randomUUID();
    expect(
      await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
        input: input(unknownCase, { encounterId: huyeEncounter }),
      }),
    ).toEqual(NOT_REFERRED);
    expect(await countFor(caseId)).toBe(0);
    expect(await countFor(unknownCase)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
    expect(await accessLogOf(h, unknownCase)).toEqual([]);
  });

  it.each(['GASABO-1', 'HUYE-1'])(
    'a clinician of two centers writing on a case at %s gets a record at that center, linked to its encounter',
    async (centerCode) => {
      const caseId = await referredCase(h, centerCode);
      const encounterId = await encounterOn(caseId, centerCode);
      const res = await h.run(twoCenters, RECORD_TREATMENT, { input: input(caseId, { encounterId }) });
      expect(res).toEqual(written(caseId));
      expect(await stored(idOf(res))).toEqual({
        caseId,
        centerCode,
        encounterId,
        kind: 'HIV_PEP',
        givenAt: GIVEN_AT,
        notes: null,
        recordedBy: 'idp:clinician-two-centers',
      });
      expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId, TWO_CENTERS)]);
    },
  );

  it('a clinician of two centers is refused on a case at a center they do not work at (FORBIDDEN, NOT_REFERRED); nothing is written or logged', async () => {
    const caseId = await referredCase(h, 'KICUKIRO-1');
    const res = await h.run(twoCenters, RECORD_TREATMENT, { input: input(caseId) });
    expect(res).toEqual(NOT_REFERRED);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  // An encounter recorded at another place than the case's is as good as absent: the same answer as an unknown id.
  it('refuses an encounter of the same case recorded at another center, as if it did not exist; nothing is written or logged', async () => {
    const caseId = await referredCase(h);
    const huyeEncounter = await encounterOn(caseId, 'HUYE-1');
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
      input: input(caseId, { encounterId: huyeEncounter }),
    });
    expect(res).toEqual(refusedInput(NO_SUCH_ENCOUNTER));
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a clinician of two centers, on a GASABO-1 case, may not link an encounter of it recorded at HUYE-1', async () => {
    const caseId = await referredCase(h, 'GASABO-1');
    const huyeEncounter = await encounterOn(caseId, 'HUYE-1');
    const res = await h.run(twoCenters, RECORD_TREATMENT, { input: input(caseId, { encounterId: huyeEncounter }) });
    expect(res).toEqual(refusedInput(NO_SUCH_ENCOUNTER));
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('the place cannot be named: centerCode is not a field of the input, refused before any resolver runs', async () => {
    const caseId = await referredCase(h, 'HUYE-1');
    const res = await h.run(twoCenters, RECORD_TREATMENT, { input: input(caseId, { centerCode: 'GASABO-1' }) });
    expect(res).toEqual({
      errors: [
        invalidVariable(
          `Variable "$input" got invalid value { caseId: "${caseId}", kind: "HIV_PEP", givenAt: "${GIVEN_AT}", centerCode: "GASABO-1" }; ` +
            'Field "centerCode" is not defined by type "RecordTreatmentInput".',
        ),
      ],
    });
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });
});

describe('recordTreatment: input', () => {
  it('refuses an encounter that belongs to another case, naming input.encounterId; nothing is written or logged', async () => {
    const caseId = await referredCase(h);
    const otherCasesEncounter = await encounterOn(await referredCase(h));
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
      input: input(caseId, { encounterId: otherCasesEncounter }),
    });
    expect(res).toEqual(refusedInput(NO_SUCH_ENCOUNTER));
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('refuses an encounter id that does not exist, naming input.encounterId, and writes nothing', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
      input: input(caseId, { encounterId: randomUUID() }),
    });
    expect(res).toEqual(refusedInput(NO_SUCH_ENCOUNTER));
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('refuses an encounter id that is not a UUID, naming input.encounterId', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input(caseId, { encounterId: '42' }) });
    expect(res).toEqual(refusedInput({ field: 'input.encounterId', problem: 'encounterId must be a UUID' }));
    expect(await countFor(caseId)).toBe(0);
  });

  it('refuses a case id that is not a UUID, naming input.caseId, and writes nothing', async () => {
    const before = await countAll();
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input('case-1') });
    expect(res).toEqual(refusedInput({ field: 'input.caseId', problem: 'caseId must be a UUID' }));
    expect(await countAll()).toBe(before);
  });

  it('accepts notes of 5 000 characters and refuses 5 001, naming input.notes', async () => {
    const caseId = await referredCase(h);
    const longest = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
      input: input(caseId, { notes: 'n'.repeat(5_000) }),
    });
    expect(longest).toEqual(written(caseId));
    expect((await stored(idOf(longest))).notes).toBe('n'.repeat(5_000));
    const tooLong = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
      input: input(caseId, { notes: 'n'.repeat(5_001) }),
    });
    expect(tooLong).toEqual(
      refusedInput({ field: 'input.notes', problem: 'notes must be shorter than or equal to 5000 characters' }),
    );
    expect(await countFor(caseId)).toBe(1);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  // Inputs are trimmed before validation: the length rule judges what is stored.
  it('notes are stored without their surrounding blanks, and their length is counted without them', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
      input: input(caseId, { notes: '\t 28-day course started. \n' }),
    });
    expect(res).toEqual(written(caseId));
    expect(await stored(idOf(res))).toEqual({
      caseId,
      centerCode: 'GASABO-1',
      encounterId: null,
      kind: 'HIV_PEP',
      givenAt: GIVEN_AT,
      notes: '28-day course started.',
      recordedBy: 'demo:clinician',
    });

    const padded = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
      input: input(caseId, { notes: ` ${'n'.repeat(5_000)} ` }),
    });
    expect(padded).toEqual(written(caseId));
    expect((await stored(idOf(padded))).notes).toBe('n'.repeat(5_000));
    expect(await countFor(caseId)).toBe(2);
  });

  it('an encounter id and a case id with blanks around them still link the encounter', async () => {
    const caseId = await referredCase(h);
    const encounterId = await encounterOn(caseId);
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
      input: input(` ${caseId.toUpperCase()} `, { encounterId: `  ${encounterId} ` }),
    });
    expect(res).toEqual(written(caseId));
    expect(await stored(idOf(res))).toEqual({
      caseId,
      centerCode: 'GASABO-1',
      encounterId,
      kind: 'HIV_PEP',
      givenAt: GIVEN_AT,
      notes: null,
      recordedBy: 'demo:clinician',
    });
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  it('accepts givenAt 5 minutes ahead of now (clock-skew tolerance)', async () => {
    const caseId = await referredCase(h);
    const givenAt = new Date(Date.now() + 5 * MINUTE).toISOString();
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input(caseId, { givenAt }) });
    expect(res).toEqual(written(caseId));
    expect((await stored(idOf(res))).givenAt).toBe(givenAt);
    expect(await countFor(caseId)).toBe(1);
  });

  it('refuses givenAt 6 minutes ahead of now, naming input.givenAt, and writes nothing', async () => {
    const caseId = await referredCase(h);
    const givenAt = new Date(Date.now() + 6 * MINUTE).toISOString();
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input(caseId, { givenAt }) });
    expect(res).toEqual(refusedInput({ field: 'input.givenAt', problem: 'must not be in the future' }));
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('accepts givenAt at the opening of the first center (2009-01-01, Kigali) and refuses a millisecond earlier, naming input.givenAt', async () => {
    const caseId = await referredCase(h);
    const tooEarly = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
      input: input(caseId, { givenAt: '2008-12-31T21:59:59.999Z' }),
    });
    expect(tooEarly).toEqual(
      refusedInput({ field: 'input.givenAt', problem: 'must not be before 2009, when the first Isange center opened' }),
    );
    expect(await countFor(caseId)).toBe(0);
    const first = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
      input: input(caseId, { givenAt: '2008-12-31T22:00:00.000Z' }),
    });
    expect(first).toEqual(written(caseId));
    expect((await stored(idOf(first))).givenAt).toBe('2008-12-31T22:00:00.000Z');
    expect(await countFor(caseId)).toBe(1);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  it('refuses an unknown treatment kind before any resolver runs', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
      input: input(caseId, { kind: 'ANTIBIOTICS' }),
    });
    expect(res).toEqual({
      errors: [
        invalidVariable(
          'Variable "$input" got invalid value "ANTIBIOTICS" at "input.kind"; Value "ANTIBIOTICS" does not exist in "TreatmentKind" enum.',
        ),
      ],
    });
    expect(await countFor(caseId)).toBe(0);
  });
});

describe('recordTreatment and recordEncounter: never before the incident', () => {
  const incident = new Date('2025-06-01T06:00:00.000Z');
  const at = (minutes: number) => new Date(incident.getTime() + minutes * MINUTE).toISOString();
  const ENCOUNTER = `mutation E($input: RecordEncounterInput!) { recordEncounter(input: $input) { id caseId } }`;

  it('a treatment one minute before the incident is refused, naming input.givenAt; at the incident itself it is taken', async () => {
    const caseId = await referredAt(h, 'GASABO-1', 'REQUESTED', incident);
    expect(
      await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input(caseId, { givenAt: at(-1) }) }),
    ).toEqual({
      data: null,
      errors: [badInput({ field: 'input.givenAt', problem: 'must not be before the incident' }, ['recordTreatment'])],
    });
    expect(await h.orm.em.fork().count(Treatment, { caseId })).toBe(0);
    expect(
      await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input(caseId, { givenAt: at(0) }) }),
    ).toEqual({
      data: { recordTreatment: { id: expect.any(String), caseId } },
    });
  });

  it('an encounter one minute before the incident is refused, naming input.seenAt', async () => {
    const caseId = await referredAt(h, 'GASABO-1', 'REQUESTED', incident);
    const encounter = { caseId, seenAt: at(-1), findings: 'Examined.', injuriesObserved: false };
    expect(await h.run(asDemoUser('clinician'), ENCOUNTER, { input: encounter })).toEqual({
      data: null,
      errors: [badInput({ field: 'input.seenAt', problem: 'must not be before the incident' }, ['recordEncounter'])],
    });
    expect(await h.run(asDemoUser('clinician'), ENCOUNTER, { input: { ...encounter, seenAt: at(0) } })).toEqual({
      data: { recordEncounter: { id: expect.any(String), caseId } },
    });
  });
});
