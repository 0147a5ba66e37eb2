import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Investigation } from '../../../services/police/entities/investigation.entity.js';
import { Suspect } from '../../../services/police/entities/suspect.entity.js';
import { police } from '../../../services/police/index.js';
import {
  InvestigationStatus,
  SuspectRelationship,
  SuspectStatus,
} from '../../../services/police/types/police-enums.js';
import { Sex } from '../../../services/shared/enums.js';
import { callerFromClaims } from '../../../services/shared/caller.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { asDemoUser } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, CASE_MANAGER, caseRef, entry, INVESTIGATOR, refs, sharing } from './fixtures.js';

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(police, await testDatabase()));
});

const WITH_SUSPECTS = `
  query Police($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Case { id investigation {
        complaintNumber status receivedAt recordedBy
        suspects { fullName sex estimatedAge relationshipToSurvivor status }
      } }
    }
  }`;
const WITHOUT_SUSPECTS = `
  query Police($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Case { id investigation {
        complaintNumber status receivedAt recordedBy
      } }
    }
  }`;
const NUMBER_AND_SUSPECTS_SEX = `
  query Police($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Case { id investigation { complaintNumber suspects { sex } } }
    }
  }`;
const SUSPECTS_ONLY = `
  query Police($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Case { id investigation { suspects { fullName } } }
    }
  }`;

/** What the two queries record as seen. */
const COMPLAINT_FIELDS = [
  'investigation.complaintNumber',
  'investigation.receivedAt',
  'investigation.recordedBy',
  'investigation.status',
];
const SUSPECT_FIELDS = [
  'investigation.suspects.estimatedAge',
  'investigation.suspects.fullName',
  'investigation.suspects.relationshipToSurvivor',
  'investigation.suspects.sex',
  'investigation.suspects.status',
];
const ALL_FIELDS = [...COMPLAINT_FIELDS, ...SUSPECT_FIELDS].sort();

/** A case at GASABO-1 with a complaint received there and two suspects, the later-recorded one written first. */
async function caseWithInvestigation() {
  const caseId = randomUUID();
  const complaintNumber = `RIB/GSB/${randomUUID().slice(0, 8)}`;
  const em = h.orm.em.fork();
  const investigation = em.create(Investigation, {
    caseId,
    centerCode: 'GASABO-1',
    complaintNumber,
    status: InvestigationStatus.UNDER_INVESTIGATION,
    receivedAt: new Date('2025-06-01T11:00:00Z'),
    recordedBy: 'demo:investigator',
  });
  em.create(Suspect, {
    investigation,
    fullName: null,
    sex: Sex.UNKNOWN,
    estimatedAge: null,
    relationshipToSurvivor: SuspectRelationship.STRANGER,
    status: SuspectStatus.AT_LARGE,
    recordedBy: 'demo:investigator',
    createdAt: new Date('2025-06-03T09:00:00Z'),
  });
  em.create(Suspect, {
    investigation,
    fullName: 'Umugabo Wundi',
    sex: Sex.MALE,
    estimatedAge: 34,
    relationshipToSurvivor: SuspectRelationship.INTIMATE_PARTNER,
    status: SuspectStatus.ARRESTED,
    recordedBy: 'demo:investigator',
    createdAt: new Date('2025-06-02T09:00:00Z'),
  });
  await em.flush();
  return { caseId, complaintNumber };
}

const complaintOf = (complaintNumber: string) => ({
  complaintNumber,
  status: 'UNDER_INVESTIGATION',
  receivedAt: '2025-06-01T11:00:00.000Z',
  recordedBy: 'demo:investigator',
});
const SUSPECTS = [
  {
    fullName: 'Umugabo Wundi',
    sex: 'MALE',
    estimatedAge: 34,
    relationshipToSurvivor: 'INTIMATE_PARTNER',
    status: 'ARRESTED',
  },
  { fullName: null, sex: 'UNKNOWN', estimatedAge: null, relationshipToSurvivor: 'STRANGER', status: 'AT_LARGE' },
];

// The representations carry the facts of a case at GASABO-1, referred to the police, with consent for the police in
// force (fixtures.ts); investigation-disclosure.test.ts varies them.
describe('Case.investigation and Investigation.suspects: who may read', () => {
  it('an investigator of the center reads the complaint and the suspects, in the order they were recorded (CONSENT)', async () => {
    const { caseId, complaintNumber } = await caseWithInvestigation();
    const res = await h.run(asDemoUser('investigator'), WITH_SUSPECTS, refs(caseId));
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, investigation: { ...complaintOf(complaintNumber), suspects: SUSPECTS } }] },
    });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...INVESTIGATOR, caseId, action: 'READ', fields: ALL_FIELDS, basis: 'CONSENT' }),
    ]);
  });

  it('the case manager reads the complaint and its status as care team', async () => {
    const { caseId, complaintNumber } = await caseWithInvestigation();
    const res = await h.run(asDemoUser('case-manager'), WITHOUT_SUSPECTS, refs(caseId));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, investigation: complaintOf(complaintNumber) }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CASE_MANAGER, caseId, action: 'READ', fields: COMPLAINT_FIELDS, basis: 'CARE_TEAM' }),
    ]);
  });

  it('the case manager may not read suspects (police:suspects); no suspect is returned', async () => {
    const { caseId, complaintNumber } = await caseWithInvestigation();
    const res = await h.run(asDemoUser('case-manager'), WITH_SUSPECTS, refs(caseId));
    // `suspects` is nullable: the refusal takes the suspects away and leaves the investigation she may read.
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, investigation: { ...complaintOf(complaintNumber), suspects: null } }] },
      errors: [forbidden('MISSING_SCOPE', ['_entities', 0, 'investigation', 'suspects'])],
    });
    // The log lists what was shown: the suspects' fields, refused for want of police:suspects, are not among them.
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CASE_MANAGER, caseId, action: 'READ', fields: COMPLAINT_FIELDS, basis: 'CARE_TEAM' }),
    ]);
  });

  it('an investigator whose token does not carry police:suspects reads the complaint without suspects', async () => {
    const narrowed = callerFromClaims({
      sub: 'demo:investigator',
      agency: 'police',
      roles: ['investigator'],
      scope: 'case:read police:read police:write',
      centers: ['GASABO-1'],
    });
    const { caseId, complaintNumber } = await caseWithInvestigation();
    const res = await h.run(narrowed, WITH_SUSPECTS, refs(caseId));
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, investigation: { ...complaintOf(complaintNumber), suspects: null } }] },
      errors: [forbidden('MISSING_SCOPE', ['_entities', 0, 'investigation', 'suspects'])],
    });
    // What the token's scopes refuse is not logged as seen.
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...INVESTIGATOR, caseId, action: 'READ', fields: COMPLAINT_FIELDS, basis: 'CONSENT' }),
    ]);
  });

  it("the case manager asking for the complaint number and the suspects' sex is logged with the complaint number only", async () => {
    const { caseId, complaintNumber } = await caseWithInvestigation();
    const res = await h.run(asDemoUser('case-manager'), NUMBER_AND_SUSPECTS_SEX, refs(caseId));
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, investigation: { complaintNumber, suspects: null } }] },
      errors: [forbidden('MISSING_SCOPE', ['_entities', 0, 'investigation', 'suspects'])],
    });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CASE_MANAGER, caseId, action: 'READ', fields: ['investigation.complaintNumber'], basis: 'CARE_TEAM' }),
    ]);
  });

  it('the case manager asking only for the suspects is refused them; the read of the investigation is logged with no field', async () => {
    const { caseId } = await caseWithInvestigation();
    const res = await h.run(asDemoUser('case-manager'), SUSPECTS_ONLY, refs(caseId));
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, investigation: { suspects: null } }] },
      errors: [forbidden('MISSING_SCOPE', ['_entities', 0, 'investigation', 'suspects'])],
    });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CASE_MANAGER, caseId, action: 'READ', fields: [], basis: 'CARE_TEAM' }),
    ]);
  });

  it('a case without a complaint has no investigation', async () => {
    await caseWithInvestigation();
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('investigator'), WITH_SUSPECTS, refs(caseId));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, investigation: null }] } });
  });

  // Health, the gender ministry, reception, counselling, statistics, audit and administration have no police:read.
  it.each([
    'clinician',
    'huye-clinician',
    'social-worker',
    'local-official',
    'reception',
    'psychologist',
    'analyst',
    'auditor',
    'admin',
    'ministry-system',
  ])('%s may not read the investigation (FORBIDDEN, MISSING_SCOPE); no read is logged', async (login) => {
    const { caseId } = await caseWithInvestigation();
    const res = await h.run(asDemoUser(login), WITHOUT_SUSPECTS, refs(caseId));
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, investigation: null }] },
      errors: [forbidden('MISSING_SCOPE', ['_entities', 0, 'investigation'])],
    });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it.each(['clinician', 'social-worker', 'ministry-system'])(
    '%s asking for suspects gets nothing of them either',
    async (login) => {
      const { caseId } = await caseWithInvestigation();
      const res = await h.run(asDemoUser(login), WITH_SUSPECTS, refs(caseId));
      expect(res).toEqual({
        data: { _entities: [{ id: caseId, investigation: null }] },
        errors: [forbidden('MISSING_SCOPE', ['_entities', 0, 'investigation'])],
      });
    },
  );

  it('an anonymous caller is refused (UNAUTHENTICATED)', async () => {
    const { caseId } = await caseWithInvestigation();
    const res = await h.run(anonymous, WITH_SUSPECTS, refs(caseId));
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, investigation: null }] },
      errors: [unauthenticated(['_entities', 0, 'investigation'])],
    });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });
});

describe('Suspect: a separate person, never a survivor record', () => {
  it('the Suspect type has exactly these fields, none of them a link to a survivor or a case', async () => {
    const res = await h.run(
      asDemoUser('investigator'),
      `{
      __type(name: "Suspect") { name fields { name type { kind name ofType { kind name } } } }
    }`,
    );
    const scalar = (name: string) => ({ kind: 'SCALAR', name, ofType: null });
    const nonNull = (kind: string, name: string) => ({ kind: 'NON_NULL', name: null, ofType: { kind, name } });
    expect(res).toEqual({
      data: {
        __type: {
          name: 'Suspect',
          fields: [
            { name: 'id', type: nonNull('SCALAR', 'ID') },
            { name: 'fullName', type: scalar('String') },
            { name: 'sex', type: nonNull('ENUM', 'Sex') },
            { name: 'estimatedAge', type: scalar('Int') },
            { name: 'relationshipToSurvivor', type: nonNull('ENUM', 'SuspectRelationship') },
            { name: 'status', type: nonNull('ENUM', 'SuspectStatus') },
          ],
        },
      },
    });
  });

  it('Investigation.suspects is nullable, so that a refusal takes away the suspects and leaves the investigation', async () => {
    const res = await h.run(
      asDemoUser('investigator'),
      `{
      __type(name: "Investigation") { fields { name type { kind name ofType { kind name ofType { kind name } } } } }
    }`,
    );
    const fields = (res.data?.__type as { fields: { name: string; type: unknown }[] }).fields;
    expect(fields.find((f) => f.name === 'suspects')).toEqual({
      name: 'suspects',
      type: {
        kind: 'LIST',
        name: null,
        ofType: { kind: 'NON_NULL', name: null, ofType: { kind: 'OBJECT', name: 'Suspect' } },
      },
    });
  });

  it('the police subgraph has no Survivor type at all', async () => {
    const res = await h.run(asDemoUser('investigator'), '{ __schema { types { name } } }');
    const names = (res.data?.__schema as { types: { name: string }[] }).types.map((t) => t.name);
    expect(names).toContain('Suspect');
    expect(names.filter((n) => /survivor|person|identity/i.test(n))).toEqual([]);
  });
});

describe('Case.investigation: batching', () => {
  it('resolves 50 representations in one call, each with its own investigation and suspects', async () => {
    const em = h.orm.em.fork();
    const caseIds = Array.from({ length: 50 }, () => randomUUID());
    const prefix = randomUUID().slice(0, 8);
    caseIds.forEach((caseId, i) => {
      if (i % 4 === 3) return; // every fourth case has no complaint
      const investigation = em.create(Investigation, {
        caseId,
        centerCode: 'GASABO-1',
        complaintNumber: `${prefix}/${i}`,
        status: InvestigationStatus.COMPLAINT_RECEIVED,
        receivedAt: new Date(Date.UTC(2025, 0, 1, 8, i)),
        recordedBy: 'demo:investigator',
      });
      if (i % 2 === 0) {
        em.create(Suspect, {
          investigation,
          fullName: `Suspect ${i}`,
          sex: Sex.MALE,
          estimatedAge: 20 + i,
          relationshipToSurvivor: SuspectRelationship.FAMILY_MEMBER,
          status: SuspectStatus.AT_LARGE,
          recordedBy: 'demo:investigator',
        });
      }
    });
    await em.flush();

    const res = await h.run(asDemoUser('investigator'), WITH_SUSPECTS, refs(...caseIds));
    expect(res).toEqual({
      data: {
        _entities: caseIds.map((id, i) => ({
          id,
          investigation:
            i % 4 === 3
              ? null
              : {
                  complaintNumber: `${prefix}/${i}`,
                  status: 'COMPLAINT_RECEIVED',
                  receivedAt: new Date(Date.UTC(2025, 0, 1, 8, i)).toISOString(),
                  recordedBy: 'demo:investigator',
                  suspects:
                    i % 2 === 0
                      ? [
                          {
                            fullName: `Suspect ${i}`,
                            sex: 'MALE',
                            estimatedAge: 20 + i,
                            relationshipToSurvivor: 'FAMILY_MEMBER',
                            status: 'AT_LARGE',
                          },
                        ]
                      : [],
                },
        })),
      },
    });
    for (const caseId of [caseIds[0]!, caseIds[49]!]) {
      expect(await accessLogOf(h, caseId)).toEqual([
        entry({ ...INVESTIGATOR, caseId, action: 'READ', fields: ALL_FIELDS, basis: 'CONSENT' }),
      ]);
    }
    // A case without a complaint showed nothing: nothing is recorded as seen.
    expect(await accessLogOf(h, caseIds[3]!)).toEqual([]);
  });
});

describe('Case.investigation: representations with unusual keys', () => {
  it("a case id spelled in upper case still finds the case's investigation; the read is logged under the canonical id", async () => {
    const { caseId, complaintNumber } = await caseWithInvestigation();
    const upper = caseId.toUpperCase();
    const res = await h.run(asDemoUser('investigator'), WITHOUT_SUSPECTS, refs(upper));
    expect(res).toEqual({ data: { _entities: [{ id: upper, investigation: complaintOf(complaintNumber) }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...INVESTIGATOR, caseId, action: 'READ', fields: COMPLAINT_FIELDS, basis: 'CONSENT' }),
    ]);
  });

  // A malformed id names no case: its slice is refused (OUT_OF_SCOPE) and nothing is logged for it, so that the log's
  // insert (a uuid column) cannot fail and withhold the other cases of the batch.
  it('a malformed representation is refused on its own (OUT_OF_SCOPE) and does not blank the other cases in the batch', async () => {
    const { caseId, complaintNumber } = await caseWithInvestigation();
    const res = await h.run(asDemoUser('investigator'), WITHOUT_SUSPECTS, {
      r: [caseRef(caseId), caseRef('not-a-uuid', sharing())],
    });
    expect(res).toEqual({
      data: {
        _entities: [
          { id: caseId, investigation: complaintOf(complaintNumber) },
          { id: 'not-a-uuid', investigation: null },
        ],
      },
      errors: [forbidden('OUT_OF_SCOPE', ['_entities', 1, 'investigation'])],
    });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...INVESTIGATOR, caseId, action: 'READ', fields: COMPLAINT_FIELDS, basis: 'CONSENT' }),
    ]);
  });
});
