import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Investigation } from '../../../services/police/entities/investigation.entity.js';
import { Suspect } from '../../../services/police/entities/suspect.entity.js';
import { police } from '../../../services/police/index.js';
import { InvestigationStatus } from '../../../services/police/types/police-enums.js';
import { callerFromClaims } from '../../../services/shared/caller.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import {
  badInput,
  errorsWithoutLocations,
  type ExpectedError,
  forbidden,
  invalidVariable,
  type Problem,
  unauthenticated,
  validationFailed,
} from '../../helpers/errors.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type GraphQLResponse, type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, entry, INVESTIGATOR, referredCase } from './fixtures.js';

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(police, await testDatabase()));
});

// A write answers the id of the record written (the new suspect) and its case; the suspects are read through
// Case.investigation, under the read rules, so what was stored is checked in the table.
const ADD_SUSPECT = `
  mutation Add($input: AddSuspectInput!) {
    addSuspect(input: $input) { id caseId }
  }`;

/** An investigation received at `centerCode` on a case known there, in `status`; its case id is kept for the access log. */
const caseOf = new Map<string, string>();
async function investigation(
  status = InvestigationStatus.UNDER_INVESTIGATION,
  centerCode = 'GASABO-1',
): Promise<string> {
  const caseId = await referredCase(h, centerCode);
  const em = h.orm.em.fork();
  const i = em.create(Investigation, {
    caseId,
    centerCode,
    complaintNumber: `RIB/GSB/${randomUUID().slice(0, 8)}`,
    status,
    receivedAt: new Date('2025-06-01T11:00:00Z'),
    recordedBy: 'demo:investigator',
  });
  await em.flush();
  caseOf.set(i.id, i.caseId);
  return i.id;
}

/** The police access log of the case an investigation belongs to. */
const logOf = (investigationId: string) => accessLogOf(h, caseOf.get(investigationId)!);
const writeEntry = (investigationId: string, who = INVESTIGATOR) =>
  entry({ ...who, caseId: caseOf.get(investigationId)!, action: 'WRITE', fields: ['addSuspect'], basis: 'OWN_RECORD' });

const suspect = (investigationId: string, over: Record<string, unknown> = {}) => ({
  investigationId,
  fullName: 'Umugabo Wundi',
  sex: 'MALE',
  estimatedAge: 34,
  relationshipToSurvivor: 'ACQUAINTANCE',
  ...over,
});

const countAll = () => h.orm.em.fork().count(Suspect, {});

/** What an added suspect answers: the new suspect's id and the investigation's case. */
const added = (investigationId: string) => ({
  data: { addSuspect: { id: expect.any(String), caseId: caseOf.get(investigationId)! } },
});
/** A suspect as stored, found by the id the write answered. */
async function stored(res: GraphQLResponse) {
  const r = await h.orm.em.fork().findOneOrFail(Suspect, { id: (res.data?.addSuspect as { id: string }).id });
  return {
    investigation: r.investigation.id,
    fullName: r.fullName,
    sex: r.sex,
    estimatedAge: r.estimatedAge,
    relationshipToSurvivor: r.relationshipToSurvivor,
    status: r.status,
    recordedBy: r.recordedBy,
  };
}
/** The suspect `suspect(investigationId)` describes, as stored when the demo investigator adds it. */
const STORED = (investigationId: string, over: Record<string, unknown> = {}) => ({
  investigation: investigationId,
  fullName: 'Umugabo Wundi',
  sex: 'MALE',
  estimatedAge: 34,
  relationshipToSurvivor: 'ACQUAINTANCE',
  status: 'AT_LARGE',
  recordedBy: 'demo:investigator',
  ...over,
});
const countOn = (investigationId: string) => h.orm.em.fork().count(Suspect, { investigation: investigationId });

/** A refused addSuspect: no data, and the one error. */
const refused = (e: ExpectedError) => ({ data: null, errors: [e] });
const refusedInput = (problem: Problem) => refused(badInput(problem, ['addSuspect']));
const FORBIDDEN = refused(forbidden('MISSING_SCOPE', ['addSuspect']));
const NO_SUCH_INVESTIGATION = refusedInput({ field: 'input.investigationId', problem: 'no investigation has this id' });

describe('addSuspect: who may add', () => {
  it('an investigator adds a suspect; status defaults to AT_LARGE; the write is logged on the case', async () => {
    const investigationId = await investigation();
    const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(investigationId) });
    expect(res).toEqual(added(investigationId));
    expect(await stored(res)).toEqual(STORED(investigationId));
    expect(await logOf(investigationId)).toEqual([writeEntry(investigationId)]);
  });

  it('a suspect whose name and age are unknown is recorded with nulls', async () => {
    const investigationId = await investigation();
    const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, {
      input: { investigationId, sex: 'UNKNOWN', relationshipToSurvivor: 'STRANGER', status: 'ARRESTED' },
    });
    expect(res).toEqual(added(investigationId));
    expect(await stored(res)).toEqual(
      STORED(investigationId, {
        fullName: null,
        sex: 'UNKNOWN',
        estimatedAge: null,
        relationshipToSurvivor: 'STRANGER',
        status: 'ARRESTED',
      }),
    );
    expect(await logOf(investigationId)).toEqual([writeEntry(investigationId)]);
  });

  it.each([
    'case-manager',
    'reception',
    'psychologist',
    'clinician',
    'huye-clinician',
    'social-worker',
    'local-official',
    'analyst',
    'auditor',
    'admin',
    'ministry-system',
  ])('%s may not add a suspect (FORBIDDEN, MISSING_SCOPE); nothing is written or logged', async (login) => {
    const investigationId = await investigation();
    const res = await h.run(asDemoUser(login), ADD_SUSPECT, { input: suspect(investigationId) });
    expect(res).toEqual(FORBIDDEN);
    expect(await countOn(investigationId)).toBe(0);
    expect(await logOf(investigationId)).toEqual([]);
  });

  it('an anonymous caller is refused (UNAUTHENTICATED); nothing is written or logged', async () => {
    const investigationId = await investigation();
    const res = await h.run(anonymous, ADD_SUSPECT, { input: suspect(investigationId) });
    expect(res).toEqual(refused(unauthenticated(['addSuspect'])));
    expect(await countOn(investigationId)).toBe(0);
    expect(await logOf(investigationId)).toEqual([]);
  });

  // addSuspect needs police:write AND police:suspects; a token may carry fewer scopes than the role allows.
  it.each([
    ['police:write without police:suspects', 'case:read police:read police:write'],
    ['police:suspects without police:write', 'case:read police:read police:suspects'],
  ])('an investigator whose token carries %s is refused', async (_what, scope) => {
    const narrowed = callerFromClaims({
      sub: 'demo:investigator',
      agency: 'police',
      roles: ['investigator'],
      scope,
      centers: ['GASABO-1'],
    });
    const investigationId = await investigation();
    expect(await h.run(narrowed, ADD_SUSPECT, { input: suspect(investigationId) })).toEqual(FORBIDDEN);
    expect(await countOn(investigationId)).toBe(0);
    expect(await logOf(investigationId)).toEqual([]);
  });

  it('a caller without the scopes cannot probe investigation ids: FORBIDDEN, not "no investigation has this id"', async () => {
    expect(await h.run(asDemoUser('case-manager'), ADD_SUSPECT, { input: suspect(randomUUID()) })).toEqual(FORBIDDEN);
  });
});

describe('addSuspect: what it answers', () => {
  it("answers the new suspect's id and its case only: the suspect's fields are not fields of the answer", async () => {
    const investigationId = await investigation();
    const res = await h.run(
      asDemoUser('investigator'),
      `
      mutation Add($input: AddSuspectInput!) {
        addSuspect(input: $input) { id fullName }
      }`,
      { input: suspect(investigationId) },
    );
    expect(res).toEqual({
      errors: [validationFailed('Cannot query field "fullName" on type "RecordWritten".')],
    });
    expect(await countOn(investigationId)).toBe(0);
    expect(await logOf(investigationId)).toEqual([]);
  });

  // The suspects are read through Case.investigation, which the center's part of the answer leads to through the
  // gateway, with the center's sharing facts (test/gateway/writes.test.ts); the police alone answer ids only.
  it('the case is not a field the police answer: asked of the police alone, it is a validation error and nothing is written', async () => {
    const investigationId = await investigation();
    const res = await h.run(
      asDemoUser('investigator'),
      `
      mutation Add($input: AddSuspectInput!) {
        addSuspect(input: $input) { id case { id investigation { id suspects { id fullName } } } }
      }`,
      { input: suspect(investigationId) },
    );
    expect(res).toEqual({
      errors: [validationFailed('Cannot query field "case" on type "RecordWritten". Did you mean "caseId"?')],
    });
    expect(await countOn(investigationId)).toBe(0);
    expect(await logOf(investigationId)).toEqual([]);
  });
});

describe('addSuspect: whose investigation', () => {
  // An investigation received at another center is as good as absent: the same answer as an unknown id.
  it('an investigator may not add a suspect to an investigation received at another center ("no investigation has this id")', async () => {
    const investigationId = await investigation(InvestigationStatus.UNDER_INVESTIGATION, 'HUYE-1');
    const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(investigationId) });
    expect(res).toEqual(NO_SUCH_INVESTIGATION);
    expect(await countOn(investigationId)).toBe(0);
    expect(await logOf(investigationId)).toEqual([]);
  });

  it('the investigator of that center may', async () => {
    const investigationId = await investigation(InvestigationStatus.UNDER_INVESTIGATION, 'HUYE-1');
    const res = await h.run(asRole('investigator', { centers: ['HUYE-1'] }), ADD_SUSPECT, {
      input: suspect(investigationId),
    });
    expect(res).toEqual(added(investigationId));
    expect(await stored(res)).toEqual(STORED(investigationId, { recordedBy: 'demo:test-investigator' }));
    expect(await logOf(investigationId)).toEqual([
      writeEntry(investigationId, { subject: 'demo:test-investigator', agency: 'police', roles: ['investigator'] }),
    ]);
  });

  it('refuses a suspect on a CLOSED investigation, naming input.investigationId; nothing is written or logged', async () => {
    const investigationId = await investigation(InvestigationStatus.CLOSED);
    const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(investigationId) });
    expect(res).toEqual(
      refusedInput({ field: 'input.investigationId', problem: 'the investigation is closed: reopen it first' }),
    );
    expect(await countOn(investigationId)).toBe(0);
    expect(await logOf(investigationId)).toEqual([]);
  });

  it('a closed investigation at another center is still "no investigation has this id": its state is not disclosed', async () => {
    const investigationId = await investigation(InvestigationStatus.CLOSED, 'HUYE-1');
    expect(await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(investigationId) })).toEqual(
      NO_SUCH_INVESTIGATION,
    );
    expect(await countOn(investigationId)).toBe(0);
    expect(await logOf(investigationId)).toEqual([]);
  });

  it.each([
    InvestigationStatus.COMPLAINT_RECEIVED,
    InvestigationStatus.UNDER_INVESTIGATION,
    InvestigationStatus.REFERRED_TO_PROSECUTION,
  ])('accepts a suspect on an investigation %s', async (status) => {
    const investigationId = await investigation(status);
    const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(investigationId) });
    expect(res).toEqual(added(investigationId));
    expect(await stored(res)).toEqual(STORED(investigationId));
    expect(await countOn(investigationId)).toBe(1);
    expect(await logOf(investigationId)).toEqual([writeEntry(investigationId)]);
  });
});

describe('addSuspect: input', () => {
  it('refuses an unknown investigationId, naming input.investigationId, and writes nothing', async () => {
    const before = await countAll();
    const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(randomUUID()) });
    expect(res).toEqual(NO_SUCH_INVESTIGATION);
    expect(await countAll()).toBe(before);
  });

  it('refuses an investigationId that is not a UUID, naming input.investigationId, and writes nothing', async () => {
    const before = await countAll();
    const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect('RIB/GSB/1') });
    expect(res).toEqual(refusedInput({ field: 'input.investigationId', problem: 'investigationId must be a UUID' }));
    expect(await countAll()).toBe(before);
  });

  it('accepts an estimated age from 0 to 120 and refuses -1 and 121, naming input.estimatedAge', async () => {
    const investigationId = await investigation();
    expect(
      await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(investigationId, { estimatedAge: -1 }) }),
    ).toEqual(refusedInput({ field: 'input.estimatedAge', problem: 'estimatedAge must not be less than 0' }));
    expect(
      await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(investigationId, { estimatedAge: 121 }) }),
    ).toEqual(refusedInput({ field: 'input.estimatedAge', problem: 'estimatedAge must not be greater than 120' }));
    expect(await countOn(investigationId)).toBe(0);

    expect(await logOf(investigationId)).toEqual([]);

    for (const estimatedAge of [0, 120]) {
      const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, {
        input: suspect(investigationId, { estimatedAge }),
      });
      expect(res).toEqual(added(investigationId));
      expect(await stored(res)).toEqual(STORED(investigationId, { estimatedAge }));
    }
    expect(await countOn(investigationId)).toBe(2);
    expect(await logOf(investigationId)).toEqual([writeEntry(investigationId), writeEntry(investigationId)]);
  });

  it('refuses an empty name as blank and a name over 200 characters, naming input.fullName once each', async () => {
    const investigationId = await investigation();
    expect(
      await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(investigationId, { fullName: '' }) }),
    ).toEqual(refusedInput({ field: 'input.fullName', problem: 'must not be blank' }));
    expect(
      await h.run(asDemoUser('investigator'), ADD_SUSPECT, {
        input: suspect(investigationId, { fullName: 'x'.repeat(201) }),
      }),
    ).toEqual(
      refusedInput({ field: 'input.fullName', problem: 'fullName must be shorter than or equal to 200 characters' }),
    );
    expect(await countOn(investigationId)).toBe(0);
    expect(await logOf(investigationId)).toEqual([]);
  });

  it('accepts a name of 200 characters with blanks around it, and stores the 200', async () => {
    const investigationId = await investigation();
    const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, {
      input: suspect(investigationId, { fullName: `  ${'x'.repeat(200)} ` }),
    });
    expect(res).toEqual(added(investigationId));
    expect(await stored(res)).toEqual(STORED(investigationId, { fullName: 'x'.repeat(200) }));
  });

  it('refuses a name that is only blanks, naming input.fullName; a name with blanks around it is stored trimmed', async () => {
    const investigationId = await investigation();
    expect(
      await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(investigationId, { fullName: '   ' }) }),
    ).toEqual(refusedInput({ field: 'input.fullName', problem: 'must not be blank' }));
    expect(await countOn(investigationId)).toBe(0);

    expect(await logOf(investigationId)).toEqual([]);

    const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, {
      input: suspect(investigationId, { fullName: '  Umugabo Wundi ' }),
    });
    expect(res).toEqual(added(investigationId));
    expect(await stored(res)).toEqual(STORED(investigationId));
    expect(await logOf(investigationId)).toEqual([writeEntry(investigationId)]);
  });

  it('refuses a relationship outside the vocabulary before any resolver runs', async () => {
    const investigationId = await investigation();
    const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, {
      input: suspect(investigationId, { relationshipToSurvivor: 'NEIGHBOUR' }),
    });
    expect(res).toEqual({
      errors: [
        invalidVariable(
          'Variable "$input" got invalid value "NEIGHBOUR" at "input.relationshipToSurvivor"; Value "NEIGHBOUR" does not exist in "SuspectRelationship" enum.',
        ),
      ],
    });
    expect(await countOn(investigationId)).toBe(0);
    expect(await logOf(investigationId)).toEqual([]);
  });
});
