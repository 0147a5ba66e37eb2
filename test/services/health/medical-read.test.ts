import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Encounter } from '../../../services/health/entities/encounter.entity.js';
import { Treatment } from '../../../services/health/entities/treatment.entity.js';
import { health } from '../../../services/health/index.js';
import { TreatmentKind } from '../../../services/health/types/treatment-kind.js';
import { callerFromClaims } from '../../../services/shared/caller.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { asDemoUser } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, CASE_MANAGER, CLINICIAN, caseRef, entry, refs, sharing } from './fixtures.js';

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(health, await testDatabase()));
});

// The gateway reaches health's slice of a case through `_entities`.
const MEDICAL = `
  query Medical($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Case { id medical {
        encounters { seenAt findings injuriesObserved recordedBy }
        treatments { kind givenAt notes recordedBy }
      } }
    }
  }`;
const ENCOUNTERS_ONLY = `
  query Medical($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Case { id medical { encounters { findings } } }
    }
  }`;
const TREATMENTS_ONLY = `
  query Medical($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Case { id medical { treatments { kind } } }
    }
  }`;

interface Seeded {
  caseId: string;
}

/** A case at GASABO-1 with two encounters and two treatments recorded there, written out of date order on purpose. */
async function caseWithMedicalRecord(): Promise<Seeded> {
  const caseId = randomUUID();
  const em = h.orm.em.fork();
  const later = em.create(Encounter, {
    caseId,
    centerCode: 'GASABO-1',
    seenAt: new Date('2025-06-02T10:00:00Z'),
    findings: 'Review: healing well.',
    injuriesObserved: false,
    recordedBy: 'idp:night-nurse',
  });
  em.create(Encounter, {
    caseId,
    centerCode: 'GASABO-1',
    seenAt: new Date('2025-06-01T08:30:00Z'),
    findings: 'Bruising on both forearms.',
    injuriesObserved: true,
    recordedBy: 'demo:clinician',
  });
  em.create(Treatment, {
    caseId,
    centerCode: 'GASABO-1',
    encounter: later,
    kind: TreatmentKind.WOUND_CARE,
    givenAt: new Date('2025-06-02T10:30:00Z'),
    notes: null,
    recordedBy: 'idp:night-nurse',
  });
  em.create(Treatment, {
    caseId,
    centerCode: 'GASABO-1',
    encounter: null,
    kind: TreatmentKind.HIV_PEP,
    givenAt: new Date('2025-06-01T09:00:00Z'),
    notes: 'Within 72 h.',
    recordedBy: 'demo:clinician',
  });
  await em.flush();
  return { caseId };
}

const FULL_RECORD = {
  encounters: [
    {
      seenAt: '2025-06-01T08:30:00.000Z',
      findings: 'Bruising on both forearms.',
      injuriesObserved: true,
      recordedBy: 'demo:clinician',
    },
    {
      seenAt: '2025-06-02T10:00:00.000Z',
      findings: 'Review: healing well.',
      injuriesObserved: false,
      recordedBy: 'idp:night-nurse',
    },
  ],
  treatments: [
    { kind: 'HIV_PEP', givenAt: '2025-06-01T09:00:00.000Z', notes: 'Within 72 h.', recordedBy: 'demo:clinician' },
    { kind: 'WOUND_CARE', givenAt: '2025-06-02T10:30:00.000Z', notes: null, recordedBy: 'idp:night-nurse' },
  ],
};

function denied(code: 'FORBIDDEN' | 'UNAUTHENTICATED', index = 0) {
  const path = ['_entities', index, 'medical'];
  return code === 'FORBIDDEN' ? forbidden('MISSING_SCOPE', path) : unauthenticated(path);
}

/** What the MEDICAL query records as seen. */
const MEDICAL_FIELDS = [
  'medical.encounters.findings',
  'medical.encounters.injuriesObserved',
  'medical.encounters.recordedBy',
  'medical.encounters.seenAt',
  'medical.treatments.givenAt',
  'medical.treatments.kind',
  'medical.treatments.notes',
  'medical.treatments.recordedBy',
];

// The representations below carry the facts of a case at GASABO-1, referred to health, with consent for health in
// force (fixtures.ts); medical-disclosure.test.ts varies them.
describe('Case.medical: who may read', () => {
  it("a clinician of the center reads encounters and treatments, each in date order, on the survivor's consent", async () => {
    const { caseId } = await caseWithMedicalRecord();
    const res = await h.run(asDemoUser('clinician'), MEDICAL, refs(caseId));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: FULL_RECORD }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: MEDICAL_FIELDS, basis: 'CONSENT' }),
    ]);
  });

  it("the case manager, who coordinates the survivor's care at the center, reads the medical record as care team", async () => {
    const { caseId } = await caseWithMedicalRecord();
    const res = await h.run(asDemoUser('case-manager'), MEDICAL, refs(caseId));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: FULL_RECORD }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CASE_MANAGER, caseId, action: 'READ', fields: MEDICAL_FIELDS, basis: 'CARE_TEAM' }),
    ]);
  });

  it('MedicalRecord.encounters can be asked for alone; only those fields are logged as seen', async () => {
    const { caseId } = await caseWithMedicalRecord();
    const res = await h.run(asDemoUser('clinician'), ENCOUNTERS_ONLY, refs(caseId));
    expect(res).toEqual({
      data: {
        _entities: [
          {
            id: caseId,
            medical: {
              encounters: [{ findings: 'Bruising on both forearms.' }, { findings: 'Review: healing well.' }],
            },
          },
        ],
      },
    });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: ['medical.encounters.findings'], basis: 'CONSENT' }),
    ]);
  });

  it('MedicalRecord.treatments can be asked for alone', async () => {
    const { caseId } = await caseWithMedicalRecord();
    const res = await h.run(asDemoUser('clinician'), TREATMENTS_ONLY, refs(caseId));
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, medical: { treatments: [{ kind: 'HIV_PEP' }, { kind: 'WOUND_CARE' }] } }] },
    });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: ['medical.treatments.kind'], basis: 'CONSENT' }),
    ]);
  });

  it("a case health has never seen has an empty medical record, not someone else's", async () => {
    await caseWithMedicalRecord();
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('clinician'), MEDICAL, refs(caseId));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: { encounters: [], treatments: [] } }] } });
  });

  // Police, the gender ministry, reception, counselling, statistics, audit and administration have no medical:read.
  it.each([
    'investigator',
    'social-worker',
    'local-official',
    'reception',
    'psychologist',
    'analyst',
    'auditor',
    'admin',
    'ministry-system',
  ])(
    '%s may not read the medical record (FORBIDDEN, MISSING_SCOPE); nothing of it is returned, no read is logged',
    async (login) => {
      const { caseId } = await caseWithMedicalRecord();
      const res = await h.run(asDemoUser(login), MEDICAL, refs(caseId));
      expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: null }] }, errors: [denied('FORBIDDEN')] });
      expect(await accessLogOf(h, caseId)).toEqual([]);
    },
  );

  it('a clinician whose token does not carry medical:read is refused, even on a case shared with health', async () => {
    const narrowed = callerFromClaims({
      sub: 'demo:clinician',
      agency: 'health',
      roles: ['clinician'],
      scope: 'case:read medical:write',
      centers: ['GASABO-1'],
    });
    const { caseId } = await caseWithMedicalRecord();
    const res = await h.run(narrowed, MEDICAL, refs(caseId));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: null }] }, errors: [denied('FORBIDDEN')] });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it.each([
    ['encounters', ENCOUNTERS_ONLY],
    ['treatments', TREATMENTS_ONLY],
  ])('an investigator asking only for %s is refused the same way', async (_field, query) => {
    const { caseId } = await caseWithMedicalRecord();
    const res = await h.run(asDemoUser('investigator'), query, refs(caseId));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: null }] }, errors: [denied('FORBIDDEN')] });
  });

  it('an anonymous caller is refused (UNAUTHENTICATED)', async () => {
    const { caseId } = await caseWithMedicalRecord();
    const res = await h.run(anonymous, MEDICAL, refs(caseId));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: null }] }, errors: [denied('UNAUTHENTICATED')] });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('each case of a batch is refused on its own path', async () => {
    const a = await caseWithMedicalRecord();
    const b = await caseWithMedicalRecord();
    const res = await h.run(asDemoUser('social-worker'), MEDICAL, refs(a.caseId, b.caseId));
    expect(res).toEqual({
      data: {
        _entities: [
          { id: a.caseId, medical: null },
          { id: b.caseId, medical: null },
        ],
      },
      errors: [denied('FORBIDDEN', 0), denied('FORBIDDEN', 1)],
    });
  });
});

describe('Case.medical: the fields the access log records', () => {
  it('are listed sorted, whatever order they were asked in, through fragments too', async () => {
    const { caseId } = await caseWithMedicalRecord();
    const res = await h.run(
      asDemoUser('clinician'),
      `
      query Medical($r: [_Any!]!) {
        _entities(representations: $r) {
          ... on Case { id medical { treatments { recordedBy notes kind givenAt } ...Seen } }
        }
      }
      fragment Seen on MedicalRecord { encounters { seenAt recordedBy injuriesObserved findings } }`,
      refs(caseId),
    );
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: FULL_RECORD }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: MEDICAL_FIELDS, basis: 'CONSENT' }),
    ]);
  });

  it('__typename is not a disclosure and is not listed', async () => {
    const { caseId } = await caseWithMedicalRecord();
    const res = await h.run(
      asDemoUser('clinician'),
      `
      query Medical($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id medical { __typename treatments { __typename kind } } } } }`,
      refs(caseId),
    );
    expect(res).toEqual({
      data: {
        _entities: [
          {
            id: caseId,
            medical: {
              __typename: 'MedicalRecord',
              treatments: [
                { __typename: 'Treatment', kind: 'HIV_PEP' },
                { __typename: 'Treatment', kind: 'WOUND_CARE' },
              ],
            },
          },
        ],
      },
    });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: ['medical.treatments.kind'], basis: 'CONSENT' }),
    ]);
  });
});

describe('Case.medical: batching', () => {
  it('resolves 50 representations in one call, each with its own record, and logs one read per case', async () => {
    const em = h.orm.em.fork();
    const caseIds = Array.from({ length: 50 }, () => randomUUID());
    caseIds.forEach((caseId, i) => {
      if (i % 5 === 4) return; // every fifth case has no medical record
      em.create(Encounter, {
        caseId,
        centerCode: 'GASABO-1',
        seenAt: new Date(Date.UTC(2025, 0, 1, 8, i)),
        findings: `case ${i}`,
        injuriesObserved: i % 2 === 0,
        recordedBy: 'demo:clinician',
      });
      if (i % 3 === 0) {
        em.create(Treatment, {
          caseId,
          centerCode: 'GASABO-1',
          encounter: null,
          kind: TreatmentKind.TETANUS,
          givenAt: new Date(Date.UTC(2025, 0, 1, 9, i)),
          notes: `dose ${i}`,
          recordedBy: 'demo:clinician',
        });
      }
    });
    await em.flush();

    const res = await h.run(asDemoUser('clinician'), MEDICAL, refs(...caseIds));
    expect(res).toEqual({
      data: {
        _entities: caseIds.map((id, i) => ({
          id,
          medical: {
            encounters:
              i % 5 === 4
                ? []
                : [
                    {
                      seenAt: new Date(Date.UTC(2025, 0, 1, 8, i)).toISOString(),
                      findings: `case ${i}`,
                      injuriesObserved: i % 2 === 0,
                      recordedBy: 'demo:clinician',
                    },
                  ],
            treatments:
              i % 5 !== 4 && i % 3 === 0
                ? [
                    {
                      kind: 'TETANUS',
                      givenAt: new Date(Date.UTC(2025, 0, 1, 9, i)).toISOString(),
                      notes: `dose ${i}`,
                      recordedBy: 'demo:clinician',
                    },
                  ]
                : [],
          },
        })),
      },
    });
    // Each case logged with what it showed: both lists, one list, or nothing at all (no record: no entry).
    expect(await accessLogOf(h, caseIds[0]!)).toEqual([
      entry({ ...CLINICIAN, caseId: caseIds[0]!, action: 'READ', fields: MEDICAL_FIELDS, basis: 'CONSENT' }),
    ]);
    expect(await accessLogOf(h, caseIds[1]!)).toEqual([
      entry({
        ...CLINICIAN,
        caseId: caseIds[1]!,
        action: 'READ',
        fields: MEDICAL_FIELDS.filter((f) => f.startsWith('medical.encounters.')),
        basis: 'CONSENT',
      }),
    ]);
    for (const none of [caseIds[4]!, caseIds[49]!]) expect(await accessLogOf(h, none)).toEqual([]);
  });
});

describe('Case.medical: representations with unusual keys', () => {
  it("a case id spelled in upper case still finds the case's record; the read is logged under the canonical id", async () => {
    const { caseId } = await caseWithMedicalRecord();
    const upper = caseId.toUpperCase();
    const res = await h.run(asDemoUser('clinician'), MEDICAL, refs(upper));
    expect(res).toEqual({ data: { _entities: [{ id: upper, medical: FULL_RECORD }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: MEDICAL_FIELDS, basis: 'CONSENT' }),
    ]);
  });

  // A malformed id names no case: its slice is refused (OUT_OF_SCOPE) and nothing is logged for it, so that the log's
  // insert (a uuid column) cannot fail and withhold the other cases of the batch.
  it('a malformed representation is refused on its own (OUT_OF_SCOPE) and does not blank the other cases in the batch', async () => {
    const { caseId } = await caseWithMedicalRecord();
    const res = await h.run(asDemoUser('clinician'), MEDICAL, {
      r: [caseRef(caseId), caseRef('not-a-uuid', sharing())],
    });
    expect(res).toEqual({
      data: {
        _entities: [
          { id: caseId, medical: FULL_RECORD },
          { id: 'not-a-uuid', medical: null },
        ],
      },
      errors: [forbidden('OUT_OF_SCOPE', ['_entities', 1, 'medical'])],
    });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: MEDICAL_FIELDS, basis: 'CONSENT' }),
    ]);
  });

  it('a malformed representation alone is refused (OUT_OF_SCOPE), even to the care team', async () => {
    const res = await h.run(asDemoUser('case-manager'), MEDICAL, { r: [caseRef('not-a-uuid', sharing())] });
    expect(res).toEqual({
      data: { _entities: [{ id: 'not-a-uuid', medical: null }] },
      errors: [forbidden('OUT_OF_SCOPE', ['_entities', 0, 'medical'])],
    });
  });
});
