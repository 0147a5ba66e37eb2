import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { genderMinistry } from '../../../services/gender-ministry/index.js';
import { health } from '../../../services/health/index.js';
import { police } from '../../../services/police/index.js';
import type { SubgraphDescriptor } from '../../../services/shared/descriptor.js';
import { type Caller, callerFromClaims } from '../../../services/shared/caller.js';
import { anonymous } from '../../helpers/principals.js';
import { agencyFixtures, CASE_MANAGER, entry } from '../../helpers/agency-fixtures.js';
import { testDatabase } from '../../helpers/database.js';
import { type DenialReason, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type GraphQLResponse, type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogKey } from '../../helpers/access-log.js';

// AccessLog.health, AccessLog.police and AccessLog.genderMinistry: each agency's part of "who saw this survivor's data",
// shown to the case's case manager (named in the key the center sends) and to auditors. One factory makes all three
// (services/shared/access-log/agency-access-log.ts), so one set of tests runs against each agency's subgraph.
// What only one agency shows (health: the reasons of overrides and break-glass reads) is tested with that agency.

type Refs = ReturnType<typeof agencyFixtures>['refs'];

interface Agency {
  /** The agency's subgraph. */
  subgraph: SubgraphDescriptor;
  /** Its field on the center's AccessLog entity. */
  field: 'health' | 'police' | 'genderMinistry';
  /** Its database schema, where its access log is stored. */
  schema: string;
  /** The agency the consents and referrals of the sharing facts name. */
  agency: 'HEALTH' | 'POLICE' | 'GENDER_MINISTRY';
  /** The demo user who writes to and reads the agency's records, and how the access log names them. */
  writer: string;
  writerAs: { subject: string; agency: string; roles: string[] };
  /** The agency's read scope, carried by a case manager's token narrowed to leave access-log:read out. */
  readScope: string;
  /** As `writer`, write one record for a case the agency knows and read it back: two entries in the agency's log. */
  writeAndRead: (
    h: SubgraphHarness,
    writer: Caller,
    caseId: string,
    refs: Refs,
  ) => Promise<[wrote: GraphQLResponse, read: GraphQLResponse]>;
  /** The fields the two entries name (`wrote`: the mutation, whose answer is `RecordWritten`). */
  wrote: string;
  read: string;
}

const AGENCIES: Agency[] = [
  {
    subgraph: health,
    field: 'health',
    schema: 'health',
    agency: 'HEALTH',
    writer: 'clinician',
    writerAs: { subject: 'demo:clinician', agency: 'health', roles: ['clinician'] },
    readScope: 'medical:read',
    writeAndRead: async (h, writer, caseId, refs) => [
      await h.run(
        writer,
        `
        mutation Record($input: RecordEncounterInput!) { recordEncounter(input: $input) { id caseId } }`,
        {
          input: { caseId, seenAt: '2025-06-01T08:30:00.000Z', findings: 'Examined.', injuriesObserved: false },
        },
      ),
      await h.run(
        writer,
        `
        query Medical($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id medical { encounters { findings } } } } }`,
        refs(caseId),
      ),
    ],
    wrote: 'recordEncounter',
    read: 'medical.encounters.findings',
  },
  {
    subgraph: police,
    field: 'police',
    schema: 'police',
    agency: 'POLICE',
    writer: 'investigator',
    writerAs: { subject: 'demo:investigator', agency: 'police', roles: ['investigator'] },
    readScope: 'police:read',
    writeAndRead: async (h, writer, caseId, refs) => [
      await h.run(
        writer,
        `
        mutation Record($input: RecordComplaintInput!) { recordComplaint(input: $input) { id caseId } }`,
        {
          input: { caseId, complaintNumber: `RIB/${randomUUID().slice(0, 8)}`, receivedAt: '2025-06-01T11:00:00.000Z' },
        },
      ),
      await h.run(
        writer,
        `
        query Police($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id investigation { status } } } }`,
        refs(caseId),
      ),
    ],
    wrote: 'recordComplaint',
    read: 'investigation.status',
  },
  {
    subgraph: genderMinistry,
    field: 'genderMinistry',
    schema: 'gender_ministry',
    agency: 'GENDER_MINISTRY',
    writer: 'social-worker',
    writerAs: { subject: 'demo:social-worker', agency: 'gender-ministry', roles: ['social-worker'] },
    readScope: 'followup:read',
    writeAndRead: async (h, writer, caseId, refs) => [
      await h.run(
        writer,
        `
        mutation Create($input: CreateFollowUpPlanInput!) { createFollowUpPlan(input: $input) { id caseId } }`,
        {
          input: { caseId, factors: ['NO_SAFE_HOME'], plan: 'Weekly home visit.' },
        },
      ),
      await h.run(
        writer,
        `
        query FollowUp($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id followUp { riskLevel } } } }`,
        refs(caseId),
      ),
    ],
    wrote: 'createFollowUpPlan',
    read: 'followUp.riskLevel',
  },
];

/** Every demo user whose token does not carry access-log:read (all but the case manager and the auditor). */
const WITHOUT_ACCESS_LOG_READ = [
  'reception',
  'psychologist',
  'clinician',
  'huye-clinician',
  'investigator',
  'social-worker',
  'local-official',
  'analyst',
  'admin',
  'ministry-system',
];

const AUDITOR = { subject: 'demo:auditor', agency: 'national', roles: ['auditor'] };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const logRef = accessLogKey;

const MISSING_SCOPE = forbidden('MISSING_SCOPE', ['_entities', 0]);

// One database for the file: each agency's harness works in its own schema of it.
let database: string;
beforeAll(async () => {
  database = await testDatabase();
});

describe.each(AGENCIES.map((a) => [a.field, a] as const))('AccessLog.%s: who may read', (_, a) => {
  const { field, writerAs } = a;
  const { refs, accessLogOf, referredCase } = agencyFixtures(a.schema, a.agency);
  const LOG = `
  query Log($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on AccessLog { caseId ${field} { at subject agency roles action fields basis reason requestId } }
    }
  }`;

  let h: SubgraphHarness;
  beforeAll(async () => {
    h = errorsWithoutLocations(await subgraphHarness(a.subgraph, database));
  });

  /**
   * A case the writer wrote to and then read: two entries in the agency's log. The case is one the center has told
   * the agency of, at GASABO-1 (the writer's center, in the writer's district): agency writes are accepted on no other.
   */
  async function caseWithHistory(): Promise<string> {
    // The incident long before the writes' fixed dates: care is never recorded before the incident.
    const caseId = await referredCase(h, 'GASABO-1', 'REQUESTED', new Date('2024-01-01T00:00:00Z'));
    const [wrote, read] = await a.writeAndRead(h, asDemoUser(a.writer), caseId, refs);
    // A write answers the id of the record and its case; the slice is read through the read rules, as `read` does.
    expect(wrote).toEqual({ data: { [a.wrote]: { id: expect.any(String), caseId } } });
    expect(read.errors).toBeUndefined();
    return caseId;
  }

  /** The two entries of `caseWithHistory`, as the agency's AccessLog field shows them. */
  const HISTORY = [
    {
      at: expect.stringMatching(ISO),
      ...writerAs,
      action: 'WRITE',
      fields: [a.wrote],
      basis: 'OWN_RECORD',
      reason: null,
      requestId: 'test',
    },
    {
      at: expect.stringMatching(ISO),
      ...writerAs,
      action: 'READ',
      fields: [a.read],
      basis: 'CONSENT',
      reason: null,
      requestId: 'test',
    },
  ];

  /** The two entries of `caseWithHistory`, as stored; a refused reading of the log adds none. */
  const stored = (caseId: string) => [
    entry({ ...writerAs, caseId, action: 'WRITE', fields: [a.wrote], basis: 'OWN_RECORD' }),
    entry({ ...writerAs, caseId, action: 'READ', fields: [a.read], basis: 'CONSENT' }),
  ];

  /** The entry a reading of the log adds. */
  const logRead = (who: typeof CASE_MANAGER, caseId: string, basis: string) =>
    entry({ ...who, caseId, action: 'READ', fields: [`accessLog.${field}`], basis });

  const forbiddenAtField = (reason: DenialReason, index = 0) => forbidden(reason, ['_entities', index, field]);

  it(`the case manager named for the case reads every ${field} entry, oldest first; her reading is logged (CARE_TEAM)`, async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('case-manager'), LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, [field]: HISTORY }] } });
    expect(await accessLogOf(h, caseId)).toEqual([...stored(caseId), logRead(CASE_MANAGER, caseId, 'CARE_TEAM')]);
  });

  it(`an auditor reads any case's ${field} entries, whoever manages it; the audit is logged (AUDIT)`, async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('auditor'), LOG, { r: [logRef(caseId, null)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, [field]: HISTORY }] } });
    expect((await accessLogOf(h, caseId)).at(-1)).toEqual(logRead(AUDITOR, caseId, 'AUDIT'));
  });

  it(`a case with no ${field} entries has an empty list`, async () => {
    await caseWithHistory();
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('case-manager'), LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, [field]: [] }] } });
  });

  it('its case manager, signed in now at another center than the case, is refused (FORBIDDEN, OUT_OF_SCOPE)', async () => {
    const caseId = await caseWithHistory();
    const moved = { ...asRole('case-manager', { centers: ['HUYE-1'] }), subject: 'demo:case-manager' };
    const res = await h.run(moved, LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({
      data: { _entities: [{ caseId, [field]: null }] },
      errors: [forbiddenAtField('OUT_OF_SCOPE')],
    });
  });

  it("a key without the case's place opens the log to auditors only (FORBIDDEN, OUT_OF_SCOPE)", async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('case-manager'), LOG, {
      r: [logRef(caseId, 'demo:case-manager', { centerCode: '', district: '' })],
    });
    expect(res).toEqual({
      data: { _entities: [{ caseId, [field]: null }] },
      errors: [forbiddenAtField('OUT_OF_SCOPE')],
    });
  });

  it("another case manager of the same center is not this case's case manager (FORBIDDEN, NOT_CASE_MANAGER)", async () => {
    const caseId = await caseWithHistory();
    const colleague = asRole('case-manager', { centers: ['GASABO-1'] });
    const res = await h.run(colleague, LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({
      data: { _entities: [{ caseId, [field]: null }] },
      errors: [forbiddenAtField('NOT_CASE_MANAGER')],
    });
    expect(await accessLogOf(h, caseId)).toEqual(stored(caseId));
  });

  it('a case without a case manager: the demo case manager may not read its log (FORBIDDEN, NOT_CASE_MANAGER)', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('case-manager'), LOG, { r: [logRef(caseId, null)] });
    expect(res).toEqual({
      data: { _entities: [{ caseId, [field]: null }] },
      errors: [forbiddenAtField('NOT_CASE_MANAGER')],
    });
    expect(await accessLogOf(h, caseId)).toEqual(stored(caseId));
  });

  it('each log of a batch is decided on its own case manager', async () => {
    const mine = await caseWithHistory();
    const theirs = await caseWithHistory();
    const res = await h.run(asDemoUser('case-manager'), LOG, {
      r: [logRef(theirs, 'demo:someone-else'), logRef(mine)],
    });
    expect(res).toEqual({
      data: {
        _entities: [
          { caseId: theirs, [field]: null },
          { caseId: mine, [field]: HISTORY },
        ],
      },
      errors: [forbiddenAtField('NOT_CASE_MANAGER', 0)],
    });
  });

  // A malformed key names no case: it has no entries to show, and its reading is not logged (the log's case_id is a
  // uuid, whose insert would otherwise fail and withhold every log of the batch). Both orders: the malformed key after
  // the valid one, then before it.
  it('a malformed key does not blank the other logs of the batch: it shows an empty list and only the valid reading is logged', async () => {
    const after = await caseWithHistory();
    const resAfter = await h.run(asDemoUser('auditor'), LOG, { r: [logRef(after), logRef('not-a-uuid')] });
    expect(resAfter).toEqual({
      data: {
        _entities: [
          { caseId: after, [field]: HISTORY },
          { caseId: 'not-a-uuid', [field]: [] },
        ],
      },
    });
    expect(await accessLogOf(h, after)).toEqual([...stored(after), logRead(AUDITOR, after, 'AUDIT')]);

    const before = await caseWithHistory();
    const resBefore = await h.run(asDemoUser('auditor'), LOG, { r: [logRef('not-a-uuid'), logRef(before)] });
    expect(resBefore).toEqual({
      data: {
        _entities: [
          { caseId: 'not-a-uuid', [field]: [] },
          { caseId: before, [field]: HISTORY },
        ],
      },
    });
    expect(await accessLogOf(h, before)).toEqual([...stored(before), logRead(AUDITOR, before, 'AUDIT')]);
  });

  // The entity reference itself requires access-log:read: without it, not even the key comes back.
  it.each(WITHOUT_ACCESS_LOG_READ)(
    '%s, without access-log:read, gets nothing (FORBIDDEN, MISSING_SCOPE)',
    async (login) => {
      const caseId = await caseWithHistory();
      const res = await h.run(asDemoUser(login), LOG, { r: [logRef(caseId, `demo:${login}`)] });
      expect(res).toEqual({ data: { _entities: [null] }, errors: [MISSING_SCOPE] });
      expect(await accessLogOf(h, caseId)).toEqual(stored(caseId));
    },
  );

  it('the case manager named for the case, with a token that does not carry access-log:read, gets nothing (MISSING_SCOPE)', async () => {
    const narrowed = callerFromClaims({
      sub: 'demo:case-manager',
      agency: 'center',
      roles: ['case-manager'],
      scope: `case:read ${a.readScope}`,
      centers: ['GASABO-1'],
    });
    const caseId = await caseWithHistory();
    const res = await h.run(narrowed, LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({ data: { _entities: [null] }, errors: [MISSING_SCOPE] });
  });

  it('an anonymous caller gets nothing (UNAUTHENTICATED)', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(anonymous, LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({
      data: { _entities: [null] },
      errors: [unauthenticated(['_entities', 0])],
    });
  });
});
