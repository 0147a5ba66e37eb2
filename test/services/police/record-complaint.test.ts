import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Investigation } from '../../../services/police/entities/investigation.entity.js';
import { police } from '../../../services/police/index.js';
import { InvestigationStatus, NEXT_STATUS } from '../../../services/police/types/police-enums.js';
import { seedKnownReferrals } from '../../../services/shared/delivery/known-referrals.js';
import { callerFromClaims } from '../../../services/shared/caller.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import {
  badInput,
  conflict,
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

// A write answers the id of the record written and its case; the investigation itself is read through
// Case.investigation, under the read rules, so what was stored is checked in the table.
const RECORD_COMPLAINT = `
  mutation Record($input: RecordComplaintInput!) {
    recordComplaint(input: $input) { id caseId }
  }`;
/** Every move of an investigation is made with a stated reason. */
const REASON = 'The survivor identified the suspect.';
const UPDATE_STATUS = `
  mutation Update($input: UpdateInvestigationStatusInput!) {
    updateInvestigationStatus(input: $input) { id caseId }
  }`;

const MINUTE = 60_000;
const RECEIVED_AT = '2025-06-01T11:00:00.000Z';

/** Complaint numbers are unique across the police: each test takes fresh ones. */
const complaintNumber = () => `RIB/GSB/${randomUUID().slice(0, 8)}`;

interface Complaint {
  caseId: string;
  complaintNumber: string;
  receivedAt: string;
}
/** A complaint on a new case the police know at GASABO-1 (the demo investigator's center), unless `caseId` is given. */
async function complaint(over: Partial<Complaint> = {}): Promise<Complaint> {
  return {
    caseId: over.caseId ?? (await referredCase(h)),
    complaintNumber: complaintNumber(),
    receivedAt: RECEIVED_AT,
    ...over,
  };
}

/** An investigation written directly, as if recorded earlier at `centerCode`, on a case known there. */
async function investigation(status = InvestigationStatus.COMPLAINT_RECEIVED, centerCode = 'GASABO-1') {
  const caseId = await referredCase(h, centerCode);
  const em = h.orm.em.fork();
  const i = em.create(Investigation, {
    caseId,
    centerCode,
    complaintNumber: complaintNumber(),
    status,
    receivedAt: new Date(RECEIVED_AT),
    recordedBy: 'demo:investigator',
  });
  await em.flush();
  return { id: i.id, caseId: i.caseId, complaintNumber: i.complaintNumber };
}

const countAll = () => h.orm.em.fork().count(Investigation, {});
const countFor = (caseId: string) => h.orm.em.fork().count(Investigation, { caseId });
const statusOf = async (id: string) => (await h.orm.em.fork().findOneOrFail(Investigation, { id })).status;

/** An investigation as stored. */
async function stored(id: string) {
  const r = await h.orm.em.fork().findOneOrFail(Investigation, { id });
  return {
    caseId: r.caseId,
    centerCode: r.centerCode,
    complaintNumber: r.complaintNumber,
    status: r.status,
    receivedAt: r.receivedAt.toISOString(),
    recordedBy: r.recordedBy,
  };
}
/** The id a successful write answered. */
const writtenId = (res: GraphQLResponse, field: 'recordComplaint' | 'updateInvestigationStatus') =>
  (res.data?.[field] as { id: string }).id;

/** What a recorded complaint answers: the new investigation's id and its case. */
const recorded = (caseId: string) => ({ data: { recordComplaint: { id: expect.any(String), caseId } } });
/** What a status change answers: the investigation's id and its case. */
const updated = (i: { id: string; caseId: string }) => ({
  data: { updateInvestigationStatus: { id: i.id, caseId: i.caseId } },
});

type Field = 'recordComplaint' | 'updateInvestigationStatus';
/** A refused write: no data, and the one error. */
const refused = (e: ExpectedError) => ({ data: null, errors: [e] });
const refusedInput = (field: Field, ...problems: Problem[]) => refused(badInput(problems, [field]));
const missingScope = (field: Field) => refused(forbidden('MISSING_SCOPE', [field]));
const notSignedIn = (field: Field) => refused(unauthenticated([field]));
const NOT_REFERRED = refused(forbidden('NOT_REFERRED', ['recordComplaint']));
const CONFLICT = refused(
  conflict('this case already has a complaint, or the complaint number is taken', ['recordComplaint']),
);

const writeEntry = (caseId: string, what: string, who = INVESTIGATOR) =>
  entry({ ...who, caseId, action: 'WRITE', fields: [what], basis: 'OWN_RECORD' });

/** An investigator stationed at two centers; one at HUYE-1; one at HUYE-2 (asRole's subject is demo:test-investigator). */
const twoCenters = callerFromClaims({
  sub: 'idp:investigator-two-centers',
  agency: 'police',
  roles: ['investigator'],
  scope: 'case:read police:read police:write police:suspects',
  centers: ['GASABO-1', 'HUYE-1'],
});
const TWO_CENTERS = { subject: 'idp:investigator-two-centers', agency: 'police', roles: ['investigator'] };
const huyeInvestigator = asRole('investigator', { centers: ['HUYE-1'] });
const huye2Investigator = asRole('investigator', { centers: ['HUYE-2'] });
const TEST_INVESTIGATOR = { subject: 'demo:test-investigator', agency: 'police', roles: ['investigator'] };

// The investigator is the only role with police:write. The case manager reads the investigation but writes none.
const WITHOUT_POLICE_WRITE = [
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
];

describe('recordComplaint: who may record', () => {
  it('an investigator records a complaint on a case at their center; the investigation opens as COMPLAINT_RECEIVED; the write is logged', async () => {
    const input = await complaint();
    const res = await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input });
    expect(res).toEqual(recorded(input.caseId));
    expect(await stored(writtenId(res, 'recordComplaint'))).toEqual({
      caseId: input.caseId,
      centerCode: 'GASABO-1',
      complaintNumber: input.complaintNumber,
      status: 'COMPLAINT_RECEIVED',
      receivedAt: RECEIVED_AT,
      recordedBy: 'demo:investigator',
    });
    expect(await accessLogOf(h, input.caseId)).toEqual([writeEntry(input.caseId, 'recordComplaint')]);
  });

  it.each(WITHOUT_POLICE_WRITE)(
    '%s may not record a complaint (FORBIDDEN, MISSING_SCOPE); nothing is written or logged',
    async (login) => {
      const input = await complaint();
      const res = await h.run(asDemoUser(login), RECORD_COMPLAINT, { input });
      expect(res).toEqual(missingScope('recordComplaint'));
      expect(await countFor(input.caseId)).toBe(0);
      expect(await accessLogOf(h, input.caseId)).toEqual([]);
    },
  );

  it('an anonymous caller is refused (UNAUTHENTICATED); nothing is written or logged', async () => {
    const input = await complaint();
    const res = await h.run(anonymous, RECORD_COMPLAINT, { input });
    expect(res).toEqual(notSignedIn('recordComplaint'));
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  it('a token claiming police:write for a role the catalogue does not grant it to is still refused', async () => {
    const overGranted = callerFromClaims({
      sub: 'idp:over-granted',
      agency: 'center',
      roles: ['case-manager'],
      scope: 'case:read police:read police:write',
      centers: ['GASABO-1'],
    });
    const input = await complaint();
    expect(await h.run(overGranted, RECORD_COMPLAINT, { input })).toEqual(missingScope('recordComplaint'));
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  it('a caller without the scope learns neither that the case has a complaint, nor whether the police know it, nor that the input is bad', async () => {
    const existing = await investigation();
    expect(
      await h.run(asDemoUser('case-manager'), RECORD_COMPLAINT, {
        input: await complaint({ caseId: existing.caseId, complaintNumber: existing.complaintNumber }),
      }),
    ).toEqual(missingScope('recordComplaint'));
    expect(
      await h.run(asDemoUser('case-manager'), RECORD_COMPLAINT, { input: await complaint({ caseId: randomUUID() }) }),
    ).toEqual(missingScope('recordComplaint'));
    expect(
      await h.run(anonymous, RECORD_COMPLAINT, { input: await complaint({ caseId: 'x', complaintNumber: '' }) }),
    ).toEqual(notSignedIn('recordComplaint'));
  });
});

describe('recordComplaint: what it answers', () => {
  it("answers the record and its case only: the investigation's fields are not fields of the answer", async () => {
    const input = await complaint();
    const res = await h.run(
      asDemoUser('investigator'),
      `
      mutation Record($input: RecordComplaintInput!) {
        recordComplaint(input: $input) { id status }
      }`,
      { input },
    );
    expect(res).toEqual({
      errors: [validationFailed('Cannot query field "status" on type "RecordWritten".')],
    });
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  // The case is not the police's to answer: the center adds it to the answer through the gateway, under the read
  // rules of case(id), and the police's slice then comes with the center's sharing facts (test/gateway/writes.test.ts).
  it('the case is not a field the police answer: asked of the police alone, it is a validation error and nothing is written', async () => {
    const input = await complaint();
    const res = await h.run(
      asDemoUser('investigator'),
      `
      mutation Record($input: RecordComplaintInput!) {
        recordComplaint(input: $input) { id case { id investigation { id status } } }
      }`,
      { input },
    );
    expect(res).toEqual({
      errors: [validationFailed('Cannot query field "case" on type "RecordWritten". Did you mean "caseId"?')],
    });
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  it('a case id in upper case names the same case; the answer, the record and the log carry it in canonical lower case', async () => {
    const caseId = await referredCase(h);
    const input = await complaint({ caseId: caseId.toUpperCase() });
    const res = await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input });
    expect(res).toEqual(recorded(caseId));
    expect(await stored(writtenId(res, 'recordComplaint'))).toMatchObject({ caseId, centerCode: 'GASABO-1' });
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId, 'recordComplaint')]);
  });
});

describe("recordComplaint: on which case (the case's own place)", () => {
  it('an investigator may not record on a case at a center they do not work at (FORBIDDEN, NOT_REFERRED); nothing is written or logged', async () => {
    const input = await complaint({ caseId: await referredCase(h, 'HUYE-1') });
    expect(await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input })).toEqual(NOT_REFERRED);
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  it('a case the police do not know is refused exactly as one out of scope; nothing is written or logged', async () => {
    const before = await countAll();
    const unknown = await complaint({ caseId: randomUUID() });
    const elsewhere = await complaint({ caseId: await referredCase(h, 'HUYE-2') });
    const unknownRes = await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input: unknown });
    expect(unknownRes).toEqual(NOT_REFERRED);
    expect(await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input: elsewhere })).toEqual(unknownRes);
    expect(await countAll()).toBe(before);
    expect(await accessLogOf(h, unknown.caseId)).toEqual([]);
    expect(await accessLogOf(h, elsewhere.caseId)).toEqual([]);
  });

  it("the record is placed at the case's center: an investigator of two centers records on a case at either of them", async () => {
    const atHuye = await complaint({ caseId: await referredCase(h, 'HUYE-1') });
    const atHuyeRes = await h.run(twoCenters, RECORD_COMPLAINT, { input: atHuye });
    expect(atHuyeRes).toEqual(recorded(atHuye.caseId));
    expect(await stored(writtenId(atHuyeRes, 'recordComplaint'))).toEqual({
      caseId: atHuye.caseId,
      centerCode: 'HUYE-1',
      complaintNumber: atHuye.complaintNumber,
      status: 'COMPLAINT_RECEIVED',
      receivedAt: RECEIVED_AT,
      recordedBy: 'idp:investigator-two-centers',
    });
    expect(await accessLogOf(h, atHuye.caseId)).toEqual([writeEntry(atHuye.caseId, 'recordComplaint', TWO_CENTERS)]);

    const atGasabo = await complaint();
    const atGasaboRes = await h.run(twoCenters, RECORD_COMPLAINT, { input: atGasabo });
    expect(atGasaboRes).toEqual(recorded(atGasabo.caseId));
    expect(await stored(writtenId(atGasaboRes, 'recordComplaint'))).toMatchObject({
      caseId: atGasabo.caseId,
      centerCode: 'GASABO-1',
    });
    expect(await accessLogOf(h, atGasabo.caseId)).toEqual([
      writeEntry(atGasabo.caseId, 'recordComplaint', TWO_CENTERS),
    ]);
  });

  it('an investigator of two centers may not record on a case at a third (FORBIDDEN, NOT_REFERRED); nothing is written or logged', async () => {
    const input = await complaint({ caseId: await referredCase(h, 'HUYE-2') });
    expect(await h.run(twoCenters, RECORD_COMPLAINT, { input })).toEqual(NOT_REFERRED);
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  it('the input names no center: sending centerCode is refused before any resolver runs, and nothing is written', async () => {
    const input = { ...(await complaint({ caseId: await referredCase(h, 'HUYE-1') })), centerCode: 'HUYE-1' };
    expect(await h.run(twoCenters, RECORD_COMPLAINT, { input })).toEqual({
      errors: [
        invalidVariable(
          `Variable "$input" got invalid value { caseId: "${input.caseId}", complaintNumber: "${input.complaintNumber}", ` +
            `receivedAt: "${RECEIVED_AT}", centerCode: "HUYE-1" }; Field "centerCode" is not defined by type "RecordComplaintInput".`,
        ),
      ],
    });
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  // No agency can block another's record: a writer out of the case's place cannot take the case (or its complaint
  // number) first, so the investigator of the case's own center records it without a CONFLICT.
  it('a GASABO-1 investigator cannot squat a HUYE-2 case; the HUYE-2 investigator then records its complaint', async () => {
    const caseId = await referredCase(h, 'HUYE-2');
    const input = await complaint({ caseId });
    expect(await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input })).toEqual(NOT_REFERRED);
    // Nor can an investigator of the same district at another center, nor one of two other centers.
    expect(await h.run(huyeInvestigator, RECORD_COMPLAINT, { input })).toEqual(NOT_REFERRED);
    expect(await h.run(twoCenters, RECORD_COMPLAINT, { input })).toEqual(NOT_REFERRED);
    expect(await countFor(caseId)).toBe(0);
    expect(await h.orm.em.fork().count(Investigation, { complaintNumber: input.complaintNumber })).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);

    const res = await h.run(huye2Investigator, RECORD_COMPLAINT, { input });
    expect(res).toEqual(recorded(caseId));
    expect(await stored(writtenId(res, 'recordComplaint'))).toEqual({
      caseId,
      centerCode: 'HUYE-2',
      complaintNumber: input.complaintNumber,
      status: 'COMPLAINT_RECEIVED',
      receivedAt: RECEIVED_AT,
      recordedBy: 'demo:test-investigator',
    });
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId, 'recordComplaint', TEST_INVESTIGATOR)]);
  });

  it('a case id named before the center has delivered its referral is refused to everyone; once delivered, its own center records it', async () => {
    const caseId = randomUUID();
    const input = await complaint({ caseId });
    expect(await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input })).toEqual(NOT_REFERRED);
    expect(await h.run(huye2Investigator, RECORD_COMPLAINT, { input })).toEqual(NOT_REFERRED);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);

    await seedKnownReferrals(h.orm.em.fork(), [
      {
        id: randomUUID(),
        caseId,
        centerCode: 'HUYE-2',
        district: 'Huye',
        incidentAt: new Date(),
        status: 'REQUESTED',
        version: 1,
      },
    ]);
    expect(await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input })).toEqual(NOT_REFERRED);
    const res = await h.run(huye2Investigator, RECORD_COMPLAINT, { input });
    expect(res).toEqual(recorded(caseId));
    expect(await stored(writtenId(res, 'recordComplaint'))).toMatchObject({
      caseId,
      centerCode: 'HUYE-2',
      recordedBy: 'demo:test-investigator',
    });
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId, 'recordComplaint', TEST_INVESTIGATOR)]);
  });
});

describe('recordComplaint: input and conflicts', () => {
  it('refuses a second complaint for the same case (CONFLICT); the first stays as it was', async () => {
    const existing = await investigation();
    const res = await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, {
      input: await complaint({ caseId: existing.caseId }),
    });
    expect(res).toEqual(CONFLICT);
    const rows = await h.orm.em.fork().find(Investigation, { caseId: existing.caseId });
    expect(rows.map((r) => ({ id: r.id, complaintNumber: r.complaintNumber }))).toEqual([
      { id: existing.id, complaintNumber: existing.complaintNumber },
    ]);
    // The refused write's log entry went down with its transaction.
    expect(await accessLogOf(h, existing.caseId)).toEqual([]);
  });

  it("a writer out of the case's place does not learn that it has a complaint: NOT_REFERRED, not CONFLICT", async () => {
    const existing = await investigation(InvestigationStatus.COMPLAINT_RECEIVED, 'HUYE-1');
    const res = await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, {
      input: await complaint({ caseId: existing.caseId }),
    });
    expect(res).toEqual(NOT_REFERRED);
    expect(await countFor(existing.caseId)).toBe(1);
    expect(await accessLogOf(h, existing.caseId)).toEqual([]);
  });

  it('refuses a complaint number already used for another case (CONFLICT) and writes nothing', async () => {
    const existing = await investigation();
    const input = await complaint({ complaintNumber: existing.complaintNumber });
    const res = await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input });
    expect(res).toEqual(CONFLICT);
    expect(await countFor(input.caseId)).toBe(0);
    expect(await h.orm.em.fork().count(Investigation, { complaintNumber: existing.complaintNumber })).toBe(1);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  it('of two simultaneous complaints for the same case, one is recorded and the other gets CONFLICT', async () => {
    const caseId = await referredCase(h);
    const results = await Promise.all([
      h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input: await complaint({ caseId }) }),
      h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input: await complaint({ caseId }) }),
    ]);
    expect(results.filter((r) => r.errors !== undefined)).toEqual([CONFLICT]);
    expect(results.filter((r) => r.errors === undefined)).toEqual([recorded(caseId)]);
    expect(await countFor(caseId)).toBe(1);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId, 'recordComplaint')]);
  });

  it('the recorder is the caller: recordedBy cannot be supplied', async () => {
    const input = { ...(await complaint()), recordedBy: 'demo:someone-else' };
    expect(await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input })).toEqual({
      errors: [
        invalidVariable(
          `Variable "$input" got invalid value { caseId: "${input.caseId}", complaintNumber: "${input.complaintNumber}", ` +
            `receivedAt: "${RECEIVED_AT}", recordedBy: "demo:someone-else" }; Field "recordedBy" is not defined by type "RecordComplaintInput". Did you mean "receivedAt"?`,
        ),
      ],
    });
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  it('refuses a case id that is not a UUID, naming input.caseId, and writes nothing', async () => {
    const before = await countAll();
    const res = await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, {
      input: await complaint({ caseId: 'GASABO-1-2025-0001' }),
    });
    expect(res).toEqual(refusedInput('recordComplaint', { field: 'input.caseId', problem: 'caseId must be a UUID' }));
    expect(await countAll()).toBe(before);
  });

  it('accepts complaint numbers of 3 to 60 characters and refuses 2 or 61, naming input.complaintNumber', async () => {
    const short = await complaint({ complaintNumber: randomUUID().slice(0, 2) });
    expect(await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input: short })).toEqual(
      refusedInput('recordComplaint', {
        field: 'input.complaintNumber',
        problem: 'complaintNumber must be longer than or equal to 3 characters',
      }),
    );
    expect(await countFor(short.caseId)).toBe(0);
    expect(await accessLogOf(h, short.caseId)).toEqual([]);

    const long = await complaint({ complaintNumber: `${randomUUID()}${'9'.repeat(25)}` });
    expect(await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input: long })).toEqual(
      refusedInput('recordComplaint', {
        field: 'input.complaintNumber',
        problem: 'complaintNumber must be shorter than or equal to 60 characters',
      }),
    );
    expect(await countFor(long.caseId)).toBe(0);
    expect(await accessLogOf(h, long.caseId)).toEqual([]);

    const shortest = await complaint({ complaintNumber: randomUUID().slice(0, 3) });
    expect(await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input: shortest })).toEqual(
      recorded(shortest.caseId),
    );
    const longest = await complaint({ complaintNumber: `${randomUUID()}${'9'.repeat(24)}` });
    expect(await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input: longest })).toEqual(
      recorded(longest.caseId),
    );
    expect((await countFor(shortest.caseId)) + (await countFor(longest.caseId))).toBe(2);
  });

  // Inputs are trimmed before validation: a number of blanks is an empty one, too short for the 3-to-60 rule.
  it.each([
    ['only blanks', '    '],
    ['empty', ''],
  ])(
    'refuses a complaint number that is %s as shorter than 3 characters, naming input.complaintNumber once; nothing is written or logged',
    async (_what, complaintNumber) => {
      const input = await complaint({ complaintNumber });
      expect(await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input })).toEqual(
        refusedInput('recordComplaint', {
          field: 'input.complaintNumber',
          problem: 'complaintNumber must be longer than or equal to 3 characters',
        }),
      );
      expect(await countFor(input.caseId)).toBe(0);
      expect(await accessLogOf(h, input.caseId)).toEqual([]);
    },
  );

  it('stores a complaint number without its surrounding blanks', async () => {
    const number = complaintNumber();
    const input = await complaint({ complaintNumber: `  ${number} ` });
    const res = await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input });
    expect(res).toEqual(recorded(input.caseId));
    expect(await stored(writtenId(res, 'recordComplaint'))).toEqual({
      caseId: input.caseId,
      centerCode: 'GASABO-1',
      complaintNumber: number,
      status: 'COMPLAINT_RECEIVED',
      receivedAt: RECEIVED_AT,
      recordedBy: 'demo:investigator',
    });
  });

  // The 3-to-60-character rule judges the number as it will be stored, without its blanks.
  it('refuses a complaint number shorter than 3 characters once its blanks are trimmed; nothing is written or logged', async () => {
    const input = await complaint({ complaintNumber: ` ${randomUUID().slice(0, 2)} ` });
    expect(await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input })).toEqual(
      refusedInput('recordComplaint', {
        field: 'input.complaintNumber',
        problem: 'complaintNumber must be longer than or equal to 3 characters',
      }),
    );
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  it('accepts a complaint number of 60 characters with blanks around it, and stores the 60', async () => {
    const number = `${randomUUID()}${'9'.repeat(24)}`;
    const input = await complaint({ complaintNumber: `   ${number}  ` });
    const res = await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input });
    expect(res).toEqual(recorded(input.caseId));
    expect((await stored(writtenId(res, 'recordComplaint'))).complaintNumber).toBe(number);
    expect(await accessLogOf(h, input.caseId)).toEqual([writeEntry(input.caseId, 'recordComplaint')]);
  });

  it('a number differing from a taken one only by its surrounding blanks is the same number (CONFLICT)', async () => {
    const existing = await investigation();
    const input = await complaint({ complaintNumber: `  ${existing.complaintNumber} ` });
    const res = await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input });
    expect(res).toEqual(CONFLICT);
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });

  it('accepts receivedAt at the opening of the first center (2009-01-01, Kigali) and refuses a millisecond earlier, naming input.receivedAt', async () => {
    const early = await complaint({ receivedAt: '2008-12-31T21:59:59.999Z' });
    expect(await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input: early })).toEqual(
      refusedInput('recordComplaint', {
        field: 'input.receivedAt',
        problem: 'must not be before 2009, when the first Isange center opened',
      }),
    );
    expect(await countFor(early.caseId)).toBe(0);
    expect(await accessLogOf(h, early.caseId)).toEqual([]);
    const first = await complaint({ receivedAt: '2008-12-31T22:00:00.000Z' });
    const res = await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input: first });
    expect(res).toEqual(recorded(first.caseId));
    expect(await stored(writtenId(res, 'recordComplaint'))).toEqual({
      caseId: first.caseId,
      centerCode: 'GASABO-1',
      complaintNumber: first.complaintNumber,
      status: 'COMPLAINT_RECEIVED',
      receivedAt: '2008-12-31T22:00:00.000Z',
      recordedBy: 'demo:investigator',
    });
  });

  it('accepts receivedAt 5 minutes ahead of now (clock-skew tolerance)', async () => {
    const receivedAt = new Date(Date.now() + 5 * MINUTE).toISOString();
    const input = await complaint({ receivedAt });
    const res = await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input });
    expect(res).toEqual(recorded(input.caseId));
    expect(await stored(writtenId(res, 'recordComplaint'))).toEqual({
      caseId: input.caseId,
      centerCode: 'GASABO-1',
      complaintNumber: input.complaintNumber,
      status: 'COMPLAINT_RECEIVED',
      receivedAt,
      recordedBy: 'demo:investigator',
    });
  });

  it('refuses receivedAt 6 minutes ahead of now, naming input.receivedAt; nothing is written or logged', async () => {
    const input = await complaint({ receivedAt: new Date(Date.now() + 6 * MINUTE).toISOString() });
    const res = await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, { input });
    expect(res).toEqual(
      refusedInput('recordComplaint', { field: 'input.receivedAt', problem: 'must not be in the future' }),
    );
    expect(await countFor(input.caseId)).toBe(0);
    expect(await accessLogOf(h, input.caseId)).toEqual([]);
  });
});

describe('updateInvestigationStatus', () => {
  it('an investigator moves an investigation on; it answers the investigation and its case; the change is logged with the new status', async () => {
    const i = await investigation();
    const res = await h.run(asDemoUser('investigator'), UPDATE_STATUS, {
      input: { investigationId: i.id, status: 'UNDER_INVESTIGATION', reason: REASON },
    });
    expect(res).toEqual(updated(i));
    expect(await stored(i.id)).toEqual({
      caseId: i.caseId,
      centerCode: 'GASABO-1',
      complaintNumber: i.complaintNumber,
      status: 'UNDER_INVESTIGATION',
      receivedAt: RECEIVED_AT,
      recordedBy: 'demo:investigator',
    });
    expect(await accessLogOf(h, i.caseId)).toEqual([
      writeEntry(i.caseId, 'updateInvestigationStatus.UNDER_INVESTIGATION'),
    ]);
  });

  it.each(WITHOUT_POLICE_WRITE)(
    '%s may not change the status (FORBIDDEN, MISSING_SCOPE); it stays unchanged, nothing is logged',
    async (login) => {
      const i = await investigation();
      const res = await h.run(asDemoUser(login), UPDATE_STATUS, {
        input: { investigationId: i.id, status: 'CLOSED', reason: REASON },
      });
      expect(res).toEqual(missingScope('updateInvestigationStatus'));
      expect(await statusOf(i.id)).toBe('COMPLAINT_RECEIVED');
      expect(await accessLogOf(h, i.caseId)).toEqual([]);
    },
  );

  // An investigation received at another center is as good as absent: the same answer as an unknown id.
  it('an investigator may not change an investigation received at another center ("no investigation has this id")', async () => {
    const i = await investigation(InvestigationStatus.COMPLAINT_RECEIVED, 'HUYE-1');
    const res = await h.run(asDemoUser('investigator'), UPDATE_STATUS, {
      input: { investigationId: i.id, status: 'CLOSED', reason: REASON },
    });
    expect(res).toEqual(
      refusedInput('updateInvestigationStatus', {
        field: 'input.investigationId',
        problem: 'no investigation has this id',
      }),
    );
    expect(await statusOf(i.id)).toBe('COMPLAINT_RECEIVED');
    expect(await accessLogOf(h, i.caseId)).toEqual([]);
  });

  it('an investigation of another center is "no investigation has this id" whatever its status: its state is not disclosed', async () => {
    const i = await investigation(InvestigationStatus.CLOSED, 'HUYE-1');
    const res = await h.run(asDemoUser('investigator'), UPDATE_STATUS, {
      input: { investigationId: i.id, status: 'REFERRED_TO_PROSECUTION', reason: REASON },
    });
    expect(res).toEqual(
      refusedInput('updateInvestigationStatus', {
        field: 'input.investigationId',
        problem: 'no investigation has this id',
      }),
    );
    expect(await statusOf(i.id)).toBe('CLOSED');
    expect(await accessLogOf(h, i.caseId)).toEqual([]);
  });

  it('the investigator of that center may, and so may one stationed at both', async () => {
    const i = await investigation(InvestigationStatus.COMPLAINT_RECEIVED, 'HUYE-1');
    const first = await h.run(huyeInvestigator, UPDATE_STATUS, {
      input: { investigationId: i.id, status: 'UNDER_INVESTIGATION', reason: REASON },
    });
    expect(first).toEqual(updated(i));
    expect(await statusOf(i.id)).toBe('UNDER_INVESTIGATION');
    const second = await h.run(twoCenters, UPDATE_STATUS, {
      input: { investigationId: i.id, status: 'REFERRED_TO_PROSECUTION', reason: REASON },
    });
    expect(second).toEqual(updated(i));
    expect(await stored(i.id)).toEqual({
      caseId: i.caseId,
      centerCode: 'HUYE-1',
      complaintNumber: i.complaintNumber,
      status: 'REFERRED_TO_PROSECUTION',
      receivedAt: RECEIVED_AT,
      recordedBy: 'demo:investigator',
    });
    expect(await accessLogOf(h, i.caseId)).toEqual([
      writeEntry(i.caseId, 'updateInvestigationStatus.UNDER_INVESTIGATION', TEST_INVESTIGATOR),
      writeEntry(i.caseId, 'updateInvestigationStatus.REFERRED_TO_PROSECUTION', TWO_CENTERS),
    ]);
  });

  // Every pair of statuses: those NEXT_STATUS lists are allowed, every other (staying put included) is refused.
  const statuses = Object.values(InvestigationStatus);
  const pairs = statuses.flatMap((from) => statuses.map((to) => [from, to, NEXT_STATUS[from].includes(to)] as const));
  it('the transitions allowed are exactly these', () => {
    expect(pairs.filter(([, , ok]) => ok).map(([from, to]) => `${from} -> ${to}`)).toEqual([
      'COMPLAINT_RECEIVED -> UNDER_INVESTIGATION',
      'COMPLAINT_RECEIVED -> CLOSED',
      'UNDER_INVESTIGATION -> REFERRED_TO_PROSECUTION',
      'UNDER_INVESTIGATION -> CLOSED',
      'REFERRED_TO_PROSECUTION -> UNDER_INVESTIGATION',
      'REFERRED_TO_PROSECUTION -> CLOSED',
      'CLOSED -> UNDER_INVESTIGATION',
    ]);
  });

  it.each(pairs.filter(([, , ok]) => ok))('%s -> %s is allowed', async (from, to) => {
    const i = await investigation(from);
    const res = await h.run(asDemoUser('investigator'), UPDATE_STATUS, {
      input: { investigationId: i.id, status: to, reason: REASON },
    });
    expect(res).toEqual(updated(i));
    expect(await statusOf(i.id)).toBe(to);
    expect(await accessLogOf(h, i.caseId)).toEqual([writeEntry(i.caseId, `updateInvestigationStatus.${to}`)]);
  });

  it.each(pairs.filter(([, , ok]) => !ok))(
    '%s -> %s is refused, naming input.status; nothing changes or is logged',
    async (from, to) => {
      const i = await investigation(from);
      const res = await h.run(asDemoUser('investigator'), UPDATE_STATUS, {
        input: { investigationId: i.id, status: to, reason: REASON },
      });
      expect(res).toEqual(
        refusedInput('updateInvestigationStatus', {
          field: 'input.status',
          problem: `an investigation ${from} cannot become ${to}`,
        }),
      );
      expect(await statusOf(i.id)).toBe(from);
      expect(await accessLogOf(h, i.caseId)).toEqual([]);
    },
  );

  it('an anonymous caller is refused (UNAUTHENTICATED); the status stays unchanged, nothing is logged', async () => {
    const i = await investigation();
    const res = await h.run(anonymous, UPDATE_STATUS, {
      input: { investigationId: i.id, status: 'CLOSED', reason: REASON },
    });
    expect(res).toEqual(notSignedIn('updateInvestigationStatus'));
    expect(await statusOf(i.id)).toBe('COMPLAINT_RECEIVED');
    expect(await accessLogOf(h, i.caseId)).toEqual([]);
  });

  it('a caller without the scope cannot probe investigation ids: FORBIDDEN, not "no investigation has this id"', async () => {
    const res = await h.run(asDemoUser('case-manager'), UPDATE_STATUS, {
      input: { investigationId: randomUUID(), status: 'CLOSED', reason: REASON },
    });
    expect(res).toEqual(missingScope('updateInvestigationStatus'));
  });

  it('refuses an unknown investigationId, naming input.investigationId', async () => {
    const before = await h.orm.em.fork().count(Investigation, { status: InvestigationStatus.CLOSED });
    const res = await h.run(asDemoUser('investigator'), UPDATE_STATUS, {
      input: { investigationId: randomUUID(), status: 'CLOSED', reason: REASON },
    });
    expect(res).toEqual(
      refusedInput('updateInvestigationStatus', {
        field: 'input.investigationId',
        problem: 'no investigation has this id',
      }),
    );
    expect(await h.orm.em.fork().count(Investigation, { status: InvestigationStatus.CLOSED })).toBe(before);
  });

  it('refuses an investigationId that is not a UUID, naming input.investigationId', async () => {
    const res = await h.run(asDemoUser('investigator'), UPDATE_STATUS, {
      input: { investigationId: 'RIB/GSB/1', status: 'CLOSED', reason: REASON },
    });
    expect(res).toEqual(
      refusedInput('updateInvestigationStatus', {
        field: 'input.investigationId',
        problem: 'investigationId must be a UUID',
      }),
    );
  });

  it('refuses an unknown status before any resolver runs; the status stays unchanged', async () => {
    const i = await investigation();
    const res = await h.run(asDemoUser('investigator'), UPDATE_STATUS, {
      input: { investigationId: i.id, status: 'DROPPED', reason: REASON },
    });
    expect(res).toEqual({
      errors: [
        invalidVariable(
          'Variable "$input" got invalid value "DROPPED" at "input.status"; Value "DROPPED" does not exist in "InvestigationStatus" enum.',
        ),
      ],
    });
    expect(await statusOf(i.id)).toBe('COMPLAINT_RECEIVED');
  });
});
