import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Encounter } from '../../../services/health/entities/encounter.entity.js';
import { health } from '../../../services/health/index.js';
import { anonymous, principalFromClaims } from '../../../services/shared/principal.js';
import { testDatabase } from '../../helpers/database.js';
import { asDemoUser } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, CLINICIAN, entry } from './fixtures.js';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await subgraphHarness(health, await testDatabase());
});

const RECORD_ENCOUNTER = `
  mutation Record($input: RecordEncounterInput!) {
    recordEncounter(input: $input) { id centerCode seenAt findings injuriesObserved recordedBy }
  }`;
/** Where `recordEncounter` sits in RECORD_ENCOUNTER. */
const AT_FIELD = [{ line: 3, column: 5 }];
/** Where `$input` is declared in RECORD_ENCOUNTER (variable coercion errors point there). */
const AT_VARIABLE = [{ line: 2, column: 19 }];

const MINUTE = 60_000;
const SEEN_AT = '2025-06-01T08:30:00.000Z';

function input(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { caseId: randomUUID(), seenAt: SEEN_AT, findings: 'Bruising on both forearms.', injuriesObserved: true, ...over };
}

const countAll = () => h.orm.em.fork().count(Encounter, {});
const countFor = (caseId: string) => h.orm.em.fork().count(Encounter, { caseId });

function badInput(...fields: { field: string; problem: string }[]) {
  return {
    data: null,
    errors: [{
      message: fields.map((f) => `${f.field}: ${f.problem}`).join('; '),
      locations: AT_FIELD,
      path: ['recordEncounter'],
      extensions: { code: 'BAD_USER_INPUT', fields },
    }],
  };
}

const FORBIDDEN = {
  data: null,
  errors: [{
    message: 'Forbidden', locations: AT_FIELD, path: ['recordEncounter'],
    extensions: { code: 'FORBIDDEN', reason: 'MISSING_SCOPE' },
  }],
};

const outOfScope = {
  data: null,
  errors: [{
    message: 'Forbidden', locations: AT_FIELD, path: ['recordEncounter'],
    extensions: { code: 'FORBIDDEN', reason: 'OUT_OF_SCOPE' },
  }],
};

/** A clinician working at two hospitals' centers. */
const twoCenters = principalFromClaims({
  sub: 'idp:clinician-two-centers', agency: 'health', roles: ['clinician'], scope: 'case:read medical:read medical:write', centers: ['GASABO-1', 'HUYE-1'],
});

const writeEntry = (caseId: string, who = CLINICIAN) =>
  entry({ ...who, caseId, action: 'WRITE', fields: ['recordEncounter'], basis: 'OWN_RECORD' });

const UNAUTHENTICATED = {
  data: null,
  errors: [{
    message: 'Authentication required', locations: AT_FIELD, path: ['recordEncounter'],
    extensions: { code: 'UNAUTHENTICATED' },
  }],
};

describe('recordEncounter: who may record', () => {
  it('a clinician records an encounter, stamped with their subject and center, and the write is logged', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, {
      input: input({ caseId, findings: 'No visible injuries; patient distressed.', injuriesObserved: false }),
    });
    expect(res).toEqual({
      data: {
        recordEncounter: {
          id: expect.any(String),
          centerCode: 'GASABO-1',
          seenAt: SEEN_AT,
          findings: 'No visible injuries; patient distressed.',
          injuriesObserved: false,
          recordedBy: 'demo:clinician',
        },
      },
    });
    const id = (res.data?.recordEncounter as { id: string }).id;
    const row = await h.orm.em.fork().findOneOrFail(Encounter, { id });
    expect({ caseId: row.caseId, centerCode: row.centerCode, seenAt: row.seenAt.toISOString(), recordedBy: row.recordedBy }).toEqual({
      caseId, centerCode: 'GASABO-1', seenAt: SEEN_AT, recordedBy: 'demo:clinician',
    });
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  it('a case id in upper case is stored, and logged, in canonical form', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input({ caseId: caseId.toUpperCase() }) });
    expect(res).toEqual({
      data: {
        recordEncounter: {
          id: expect.any(String), centerCode: 'GASABO-1', seenAt: SEEN_AT, findings: 'Bruising on both forearms.', injuriesObserved: true,
          recordedBy: 'demo:clinician',
        },
      },
    });
    expect(await countFor(caseId)).toBe(1);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  // Everyone but the clinician lacks medical:write. The case manager reads the medical record but must not write it.
  it.each([
    'case-manager', 'reception', 'psychologist', 'investigator', 'social-worker', 'local-official',
    'analyst', 'auditor', 'admin', 'ministry-system',
  ])('%s may not record an encounter (FORBIDDEN, MISSING_SCOPE); nothing is written or logged', async (login) => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser(login), RECORD_ENCOUNTER, { input: input({ caseId }) });
    expect(res).toEqual(FORBIDDEN);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('an anonymous caller is refused (UNAUTHENTICATED); nothing is written or logged', async () => {
    const caseId = randomUUID();
    const res = await h.run(anonymous, RECORD_ENCOUNTER, { input: input({ caseId }) });
    expect(res).toEqual(UNAUTHENTICATED);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a token that claims medical:write for a role the catalogue does not grant it to is still refused', async () => {
    const overGranted = principalFromClaims({
      sub: 'idp:over-granted', agency: 'police', roles: ['investigator'], scope: 'case:read police:read medical:write', centers: ['GASABO-1'],
    });
    const caseId = randomUUID();
    const res = await h.run(overGranted, RECORD_ENCOUNTER, { input: input({ caseId }) });
    expect(res).toEqual(FORBIDDEN);
    expect(await countFor(caseId)).toBe(0);
  });

  it('a clinician whose token does not carry medical:write is refused', async () => {
    const narrowed = principalFromClaims({
      sub: 'demo:clinician', agency: 'health', roles: ['clinician'], scope: 'case:read medical:read', centers: ['GASABO-1'],
    });
    const caseId = randomUUID();
    const res = await h.run(narrowed, RECORD_ENCOUNTER, { input: input({ caseId }) });
    expect(res).toEqual(FORBIDDEN);
    expect(await countFor(caseId)).toBe(0);
  });

  it('authorization is decided before validation: a caller without the scope learns nothing about the input', async () => {
    const bad = input({ caseId: 'not-a-uuid', findings: '', seenAt: new Date(Date.now() + 60 * MINUTE).toISOString() });
    expect(await h.run(asDemoUser('case-manager'), RECORD_ENCOUNTER, { input: bad })).toEqual(FORBIDDEN);
    expect(await h.run(anonymous, RECORD_ENCOUNTER, { input: bad })).toEqual(UNAUTHENTICATED);
  });
});

describe('recordEncounter: where it was recorded', () => {
  it('a clinician may name their own center', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('huye-clinician'), RECORD_ENCOUNTER, { input: input({ caseId, centerCode: 'HUYE-1' }) });
    expect(res).toEqual({
      data: {
        recordEncounter: {
          id: expect.any(String), centerCode: 'HUYE-1', seenAt: SEEN_AT, findings: 'Bruising on both forearms.', injuriesObserved: true,
          recordedBy: 'demo:huye-clinician',
        },
      },
    });
    expect(await accessLogOf(h, caseId)).toEqual([
      writeEntry(caseId, { subject: 'demo:huye-clinician', agency: 'health', roles: ['clinician'] }),
    ]);
  });

  it.each([['another center', 'HUYE-1'], ['the other center of their district', 'GASABO-2'], ['a center that does not exist', 'NOWHERE-9']])(
    'a clinician naming %s is refused (FORBIDDEN, OUT_OF_SCOPE); nothing is written or logged',
    async (_what, centerCode) => {
      const caseId = randomUUID();
      const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input({ caseId, centerCode }) });
      expect(res).toEqual(outOfScope);
      expect(await countFor(caseId)).toBe(0);
      expect(await accessLogOf(h, caseId)).toEqual([]);
    },
  );

  it('a clinician of two centers must name one, naming input.centerCode; nothing is written or logged', async () => {
    const caseId = randomUUID();
    const res = await h.run(twoCenters, RECORD_ENCOUNTER, { input: input({ caseId }) });
    expect(res).toEqual(badInput({ field: 'input.centerCode', problem: 'you work at several centers: name the one where this happened' }));
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it.each(['GASABO-1', 'HUYE-1'])('a clinician of two centers records at %s by naming it', async (centerCode) => {
    const caseId = randomUUID();
    const res = await h.run(twoCenters, RECORD_ENCOUNTER, { input: input({ caseId, centerCode }) });
    expect(res).toEqual({
      data: {
        recordEncounter: {
          id: expect.any(String), centerCode, seenAt: SEEN_AT, findings: 'Bruising on both forearms.', injuriesObserved: true,
          recordedBy: 'idp:clinician-two-centers',
        },
      },
    });
    expect((await h.orm.em.fork().findOneOrFail(Encounter, { caseId })).centerCode).toBe(centerCode);
    expect(await accessLogOf(h, caseId)).toEqual([
      writeEntry(caseId, { subject: 'idp:clinician-two-centers', agency: 'health', roles: ['clinician'] }),
    ]);
  });
});

describe('recordEncounter: input', () => {
  it('refuses a case id that is not a UUID, naming input.caseId, and writes nothing', async () => {
    const before = await countAll();
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input({ caseId: 'GASABO-1-2025-0001' }) });
    expect(res).toEqual(badInput({ field: 'input.caseId', problem: 'caseId must be a UUID' }));
    expect(await countAll()).toBe(before);
  });

  it('refuses empty findings as blank, naming input.findings once, and writes nothing', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input({ caseId, findings: '' }) });
    expect(res).toEqual(badInput({ field: 'input.findings', problem: 'must not be blank' }));
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('accepts findings of exactly 20 000 characters and refuses 20 001', async () => {
    const caseId = randomUUID();
    const longest = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input({ caseId, findings: 'a'.repeat(20_000) }) });
    expect(longest.errors).toBeUndefined();
    expect(await countFor(caseId)).toBe(1);

    const tooLong = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input({ caseId, findings: 'a'.repeat(20_001) }) });
    expect(tooLong).toEqual(badInput({ field: 'input.findings', problem: 'findings must be shorter than or equal to 20000 characters' }));
    expect(await countFor(caseId)).toBe(1);
  });

  // Inputs are trimmed before validation: the length rule judges what is stored.
  it('findings are stored without their surrounding blanks, and their length is counted without them', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input({ caseId, findings: ' \n Bruising on both forearms.\t ' }) });
    expect(res).toEqual({
      data: {
        recordEncounter: {
          id: expect.any(String), centerCode: 'GASABO-1', seenAt: SEEN_AT, findings: 'Bruising on both forearms.', injuriesObserved: true,
          recordedBy: 'demo:clinician',
        },
      },
    });
    const stored = await h.orm.em.fork().findOneOrFail(Encounter, { id: (res.data?.recordEncounter as { id: string }).id });
    expect(stored.findings).toBe('Bruising on both forearms.');

    const padded = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input({ caseId, findings: `  ${'a'.repeat(20_000)}  ` }) });
    expect(padded.errors).toBeUndefined();
    expect((padded.data?.recordEncounter as { findings: string }).findings).toBe('a'.repeat(20_000));
    expect(await countFor(caseId)).toBe(2);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId), writeEntry(caseId)]);
  });

  it('a case id and a center code with blanks around them are taken without the blanks', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('huye-clinician'), RECORD_ENCOUNTER, { input: input({ caseId: ` ${caseId.toUpperCase()} `, centerCode: ' HUYE-1 ' }) });
    expect(res).toEqual({
      data: {
        recordEncounter: {
          id: expect.any(String), centerCode: 'HUYE-1', seenAt: SEEN_AT, findings: 'Bruising on both forearms.', injuriesObserved: true,
          recordedBy: 'demo:huye-clinician',
        },
      },
    });
    expect(await countFor(caseId)).toBe(1);
    expect(await accessLogOf(h, caseId)).toEqual([
      writeEntry(caseId, { subject: 'demo:huye-clinician', agency: 'health', roles: ['clinician'] }),
    ]);
  });

  it('refuses findings that are only blanks, naming input.findings, and writes nothing', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input({ caseId, findings: ' \t\n ' }) });
    expect(res).toEqual(badInput({ field: 'input.findings', problem: 'must not be blank' }));
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('names every offending field at once', async () => {
    const before = await countAll();
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input({ caseId: 'x', findings: '' }) });
    expect(res).toEqual(badInput(
      { field: 'input.caseId', problem: 'caseId must be a UUID' },
      { field: 'input.findings', problem: 'must not be blank' },
    ));
    expect(await countAll()).toBe(before);
  });

  it('accepts seenAt 5 minutes ahead of now (clock-skew tolerance)', async () => {
    const caseId = randomUUID();
    const seenAt = new Date(Date.now() + 5 * MINUTE).toISOString();
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input({ caseId, seenAt }) });
    expect(res).toEqual({
      data: {
        recordEncounter: {
          id: expect.any(String), centerCode: 'GASABO-1', seenAt, findings: 'Bruising on both forearms.', injuriesObserved: true,
          recordedBy: 'demo:clinician',
        },
      },
    });
    expect(await countFor(caseId)).toBe(1);
  });

  it('refuses seenAt 6 minutes ahead of now, naming input.seenAt, and writes nothing', async () => {
    const caseId = randomUUID();
    const seenAt = new Date(Date.now() + 6 * MINUTE).toISOString();
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input({ caseId, seenAt }) });
    expect(res).toEqual(badInput({ field: 'input.seenAt', problem: 'must not be in the future' }));
    expect(await countFor(caseId)).toBe(0);
  });

  // The first Isange center opened on 1 January 2009, Kigali time (2008-12-31T22:00:00Z).
  it('accepts seenAt at the opening of the first center and refuses a millisecond earlier, naming input.seenAt', async () => {
    const caseId = randomUUID();
    const tooEarly = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input({ caseId, seenAt: '2008-12-31T21:59:59.999Z' }) });
    expect(tooEarly).toEqual(badInput({ field: 'input.seenAt', problem: 'must not be before 2009, when the first Isange center opened' }));
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);

    const first = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input({ caseId, seenAt: '2008-12-31T22:00:00.000Z' }) });
    expect(first).toEqual({
      data: {
        recordEncounter: {
          id: expect.any(String), centerCode: 'GASABO-1', seenAt: '2008-12-31T22:00:00.000Z', findings: 'Bruising on both forearms.',
          injuriesObserved: true, recordedBy: 'demo:clinician',
        },
      },
    });
    expect(await countFor(caseId)).toBe(1);
  });

  it('refuses a seenAt that is not a date-time before any resolver runs', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input({ caseId, seenAt: '01/06/2025' }) });
    expect(res).toEqual({
      errors: [{
        message: 'Variable "$input" got invalid value "01/06/2025" at "input.seenAt"; DateTime cannot represent an invalid date-time-string 01/06/2025.',
        locations: AT_VARIABLE,
        extensions: { code: 'BAD_USER_INPUT' },
      }],
    });
    expect(await countFor(caseId)).toBe(0);
  });

  it('the author of an encounter is the caller: recordedBy cannot be supplied', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: input({ caseId, recordedBy: 'demo:huye-clinician' }) });
    expect(res).toEqual({
      errors: [{
        message: `Variable "$input" got invalid value { caseId: "${caseId}", seenAt: "${SEEN_AT}", findings: "Bruising on both forearms.", `
          + 'injuriesObserved: true, recordedBy: "demo:huye-clinician" }; Field "recordedBy" is not defined by type "RecordEncounterInput".',
        locations: AT_VARIABLE,
        extensions: { code: 'BAD_USER_INPUT' },
      }],
    });
    expect(await countFor(caseId)).toBe(0);
  });

  it('refuses a missing injuriesObserved before any resolver runs', async () => {
    const caseId = randomUUID();
    const { injuriesObserved: _omitted, ...partial } = input({ caseId });
    const res = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, { input: partial });
    expect(res).toEqual({
      errors: [{
        message: 'Variable "$input" got invalid value { caseId: "' + caseId + '", seenAt: "' + SEEN_AT
          + '", findings: "Bruising on both forearms." }; Field "injuriesObserved" of required type "Boolean!" was not provided.',
        locations: AT_VARIABLE,
        extensions: { code: 'BAD_USER_INPUT' },
      }],
    });
    expect(await countFor(caseId)).toBe(0);
  });
});
