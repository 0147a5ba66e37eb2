import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Encounter } from '../../../services/health/entities/encounter.entity.js';
import { Treatment } from '../../../services/health/entities/treatment.entity.js';
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

const RECORD_TREATMENT = `
  mutation Record($input: RecordTreatmentInput!) {
    recordTreatment(input: $input) { id centerCode kind givenAt notes recordedBy }
  }`;
const AT_FIELD = [{ line: 3, column: 5 }];
const AT_VARIABLE = [{ line: 2, column: 19 }];

const MINUTE = 60_000;
const GIVEN_AT = '2025-06-01T09:00:00.000Z';

function input(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { caseId: randomUUID(), kind: 'HIV_PEP', givenAt: GIVEN_AT, ...over };
}

/** An encounter on `caseId` recorded at `centerCode`, written directly. */
async function encounterOn(caseId: string, centerCode = 'GASABO-1'): Promise<string> {
  const em = h.orm.em.fork();
  const e = em.create(Encounter, {
    caseId, centerCode, seenAt: new Date('2025-06-01T08:30:00Z'), findings: 'Examined.', injuriesObserved: true, recordedBy: 'demo:clinician',
  });
  await em.flush();
  return e.id;
}

const countAll = () => h.orm.em.fork().count(Treatment, {});
const countFor = (caseId: string) => h.orm.em.fork().count(Treatment, { caseId });
const linkedEncounter = async (treatmentId: string) =>
  (await h.orm.em.fork().findOneOrFail(Treatment, { id: treatmentId })).encounter?.id ?? null;

function badInput(...fields: { field: string; problem: string }[]) {
  return {
    data: null,
    errors: [{
      message: fields.map((f) => `${f.field}: ${f.problem}`).join('; '),
      locations: AT_FIELD,
      path: ['recordTreatment'],
      extensions: { code: 'BAD_USER_INPUT', fields },
    }],
  };
}

const writeEntry = (caseId: string, who = CLINICIAN) =>
  entry({ ...who, caseId, action: 'WRITE', fields: ['recordTreatment'], basis: 'OWN_RECORD' });

/** A clinician working at two hospitals' centers. */
const twoCenters = principalFromClaims({
  sub: 'idp:clinician-two-centers', agency: 'health', roles: ['clinician'], scope: 'case:read medical:read medical:write', centers: ['GASABO-1', 'HUYE-1'],
});

const NO_SUCH_ENCOUNTER = { field: 'input.encounterId', problem: 'no encounter with this id on this case' };

const FORBIDDEN = {
  data: null,
  errors: [{
    message: 'Forbidden', locations: AT_FIELD, path: ['recordTreatment'],
    extensions: { code: 'FORBIDDEN', reason: 'MISSING_SCOPE' },
  }],
};

describe('recordTreatment: who may record', () => {
  it('a clinician records a treatment without an encounter; notes default to null; the center is theirs; the write is logged', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
      input: { caseId, kind: 'EMERGENCY_CONTRACEPTION', givenAt: GIVEN_AT },
    });
    expect(res).toEqual({
      data: {
        recordTreatment: {
          id: expect.any(String), centerCode: 'GASABO-1', kind: 'EMERGENCY_CONTRACEPTION', givenAt: GIVEN_AT, notes: null, recordedBy: 'demo:clinician',
        },
      },
    });
    const id = (res.data?.recordTreatment as { id: string }).id;
    expect(await linkedEncounter(id)).toBeNull();
    expect(await countFor(caseId)).toBe(1);
    expect((await h.orm.em.fork().findOneOrFail(Treatment, { id })).centerCode).toBe('GASABO-1');
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  it('a clinician records a treatment linked to an encounter of the same case', async () => {
    const caseId = randomUUID();
    const encounterId = await encounterOn(caseId);
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
      input: { caseId, encounterId, kind: 'HIV_PEP', givenAt: GIVEN_AT, notes: '28-day course started.' },
    });
    expect(res).toEqual({
      data: {
        recordTreatment: {
          id: expect.any(String), centerCode: 'GASABO-1', kind: 'HIV_PEP', givenAt: GIVEN_AT, notes: '28-day course started.', recordedBy: 'demo:clinician',
        },
      },
    });
    expect(await linkedEncounter((res.data?.recordTreatment as { id: string }).id)).toBe(encounterId);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);
  });

  it.each([
    'case-manager', 'reception', 'psychologist', 'investigator', 'social-worker', 'local-official',
    'analyst', 'auditor', 'admin', 'ministry-system',
  ])('%s may not record a treatment (FORBIDDEN, MISSING_SCOPE); nothing is written or logged', async (login) => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser(login), RECORD_TREATMENT, { input: input({ caseId }) });
    expect(res).toEqual(FORBIDDEN);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('an anonymous caller is refused (UNAUTHENTICATED) and nothing is written', async () => {
    const caseId = randomUUID();
    const res = await h.run(anonymous, RECORD_TREATMENT, { input: input({ caseId }) });
    expect(res).toEqual({
      data: null,
      errors: [{
        message: 'Authentication required', locations: AT_FIELD, path: ['recordTreatment'],
        extensions: { code: 'UNAUTHENTICATED' },
      }],
    });
    expect(await countFor(caseId)).toBe(0);
  });

  it('a caller without the scope cannot probe encounter ids: FORBIDDEN, not "no encounter with this id"', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('investigator'), RECORD_TREATMENT, { input: input({ caseId, encounterId: randomUUID() }) });
    expect(res).toEqual(FORBIDDEN);
  });
});

describe('recordTreatment: where it was recorded', () => {
  it('a clinician naming a center not in their token is refused (FORBIDDEN, OUT_OF_SCOPE); nothing is written or logged', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input({ caseId, centerCode: 'HUYE-1' }) });
    expect(res).toEqual({
      data: null,
      errors: [{ message: 'Forbidden', locations: AT_FIELD, path: ['recordTreatment'], extensions: { code: 'FORBIDDEN', reason: 'OUT_OF_SCOPE' } }],
    });
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a clinician of two centers must name one, naming input.centerCode', async () => {
    const caseId = randomUUID();
    const res = await h.run(twoCenters, RECORD_TREATMENT, { input: input({ caseId }) });
    expect(res).toEqual(badInput({ field: 'input.centerCode', problem: 'you work at several centers: name the one where this happened' }));
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a clinician of two centers links a treatment to an encounter recorded at the center they name', async () => {
    const caseId = randomUUID();
    const encounterId = await encounterOn(caseId, 'HUYE-1');
    const res = await h.run(twoCenters, RECORD_TREATMENT, { input: input({ caseId, encounterId, centerCode: 'HUYE-1' }) });
    expect(res).toEqual({
      data: {
        recordTreatment: {
          id: expect.any(String), centerCode: 'HUYE-1', kind: 'HIV_PEP', givenAt: GIVEN_AT, notes: null, recordedBy: 'idp:clinician-two-centers',
        },
      },
    });
    expect(await linkedEncounter((res.data?.recordTreatment as { id: string }).id)).toBe(encounterId);
    expect(await accessLogOf(h, caseId)).toEqual([
      writeEntry(caseId, { subject: 'idp:clinician-two-centers', agency: 'health', roles: ['clinician'] }),
    ]);
  });

  // An encounter recorded at another center is as good as absent: the same answer as an unknown id.
  it('refuses an encounter of the same case recorded at another center, as if it did not exist; nothing is written or logged', async () => {
    const caseId = randomUUID();
    const huyeEncounter = await encounterOn(caseId, 'HUYE-1');
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input({ caseId, encounterId: huyeEncounter }) });
    expect(res).toEqual(badInput(NO_SUCH_ENCOUNTER));
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a clinician of two centers naming GASABO-1 may not link an encounter recorded at HUYE-1', async () => {
    const caseId = randomUUID();
    const huyeEncounter = await encounterOn(caseId, 'HUYE-1');
    const res = await h.run(twoCenters, RECORD_TREATMENT, { input: input({ caseId, encounterId: huyeEncounter, centerCode: 'GASABO-1' }) });
    expect(res).toEqual(badInput(NO_SUCH_ENCOUNTER));
    expect(await countFor(caseId)).toBe(0);
  });
});

describe('recordTreatment: input', () => {
  it('refuses an encounter that belongs to another case, naming input.encounterId; nothing is written or logged', async () => {
    const caseId = randomUUID();
    const otherCasesEncounter = await encounterOn(randomUUID());
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, {
      input: input({ caseId, encounterId: otherCasesEncounter }),
    });
    expect(res).toEqual(badInput(NO_SUCH_ENCOUNTER));
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('refuses an encounter id that does not exist, naming input.encounterId, and writes nothing', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input({ caseId, encounterId: randomUUID() }) });
    expect(res).toEqual(badInput(NO_SUCH_ENCOUNTER));
    expect(await countFor(caseId)).toBe(0);
  });

  it('refuses an encounter id that is not a UUID, naming input.encounterId', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input({ caseId, encounterId: '42' }) });
    expect(res).toEqual(badInput({ field: 'input.encounterId', problem: 'encounterId must be a UUID' }));
    expect(await countFor(caseId)).toBe(0);
  });

  it('refuses a case id that is not a UUID, naming input.caseId, and writes nothing', async () => {
    const before = await countAll();
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input({ caseId: 'case-1' }) });
    expect(res).toEqual(badInput({ field: 'input.caseId', problem: 'caseId must be a UUID' }));
    expect(await countAll()).toBe(before);
  });

  it('accepts notes of 5 000 characters and refuses 5 001, naming input.notes', async () => {
    const caseId = randomUUID();
    const longest = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input({ caseId, notes: 'n'.repeat(5_000) }) });
    expect(longest.errors).toBeUndefined();
    const tooLong = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input({ caseId, notes: 'n'.repeat(5_001) }) });
    expect(tooLong).toEqual(badInput({ field: 'input.notes', problem: 'notes must be shorter than or equal to 5000 characters' }));
    expect(await countFor(caseId)).toBe(1);
  });

  // Inputs are trimmed before validation: the length rule judges what is stored.
  it('notes are stored without their surrounding blanks, and their length is counted without them', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input({ caseId, notes: '\t 28-day course started. \n' }) });
    expect(res).toEqual({
      data: {
        recordTreatment: {
          id: expect.any(String), centerCode: 'GASABO-1', kind: 'HIV_PEP', givenAt: GIVEN_AT, notes: '28-day course started.', recordedBy: 'demo:clinician',
        },
      },
    });
    const id = (res.data?.recordTreatment as { id: string }).id;
    expect((await h.orm.em.fork().findOneOrFail(Treatment, { id })).notes).toBe('28-day course started.');

    const padded = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input({ caseId, notes: ` ${'n'.repeat(5_000)} ` }) });
    expect(padded.errors).toBeUndefined();
    expect((padded.data?.recordTreatment as { notes: string }).notes).toBe('n'.repeat(5_000));
    expect(await countFor(caseId)).toBe(2);
  });

  it('an encounter id with blanks around it still links the encounter', async () => {
    const caseId = randomUUID();
    const encounterId = await encounterOn(caseId);
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input({ caseId, encounterId: `  ${encounterId} ` }) });
    expect(res).toEqual({
      data: { recordTreatment: { id: expect.any(String), centerCode: 'GASABO-1', kind: 'HIV_PEP', givenAt: GIVEN_AT, notes: null, recordedBy: 'demo:clinician' } },
    });
    expect(await linkedEncounter((res.data?.recordTreatment as { id: string }).id)).toBe(encounterId);
  });

  it('accepts givenAt 5 minutes ahead of now (clock-skew tolerance)', async () => {
    const caseId = randomUUID();
    const givenAt = new Date(Date.now() + 5 * MINUTE).toISOString();
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input({ caseId, givenAt }) });
    expect(res).toEqual({
      data: { recordTreatment: { id: expect.any(String), centerCode: 'GASABO-1', kind: 'HIV_PEP', givenAt, notes: null, recordedBy: 'demo:clinician' } },
    });
    expect(await countFor(caseId)).toBe(1);
  });

  it('refuses givenAt 6 minutes ahead of now, naming input.givenAt, and writes nothing', async () => {
    const caseId = randomUUID();
    const givenAt = new Date(Date.now() + 6 * MINUTE).toISOString();
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input({ caseId, givenAt }) });
    expect(res).toEqual(badInput({ field: 'input.givenAt', problem: 'must not be in the future' }));
    expect(await countFor(caseId)).toBe(0);
  });

  it('accepts givenAt at the opening of the first center (2009-01-01, Kigali) and refuses a millisecond earlier, naming input.givenAt', async () => {
    const caseId = randomUUID();
    const tooEarly = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input({ caseId, givenAt: '2008-12-31T21:59:59.999Z' }) });
    expect(tooEarly).toEqual(badInput({ field: 'input.givenAt', problem: 'must not be before 2009, when the first Isange center opened' }));
    expect(await countFor(caseId)).toBe(0);
    const first = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input({ caseId, givenAt: '2008-12-31T22:00:00.000Z' }) });
    expect(first).toEqual({
      data: {
        recordTreatment: {
          id: expect.any(String), centerCode: 'GASABO-1', kind: 'HIV_PEP', givenAt: '2008-12-31T22:00:00.000Z', notes: null, recordedBy: 'demo:clinician',
        },
      },
    });
    expect(await countFor(caseId)).toBe(1);
  });

  it('refuses an unknown treatment kind before any resolver runs', async () => {
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('clinician'), RECORD_TREATMENT, { input: input({ caseId, kind: 'ANTIBIOTICS' }) });
    expect(res).toEqual({
      errors: [{
        message: 'Variable "$input" got invalid value "ANTIBIOTICS" at "input.kind"; Value "ANTIBIOTICS" does not exist in "TreatmentKind" enum.',
        locations: AT_VARIABLE,
        extensions: { code: 'BAD_USER_INPUT' },
      }],
    });
    expect(await countFor(caseId)).toBe(0);
  });
});
