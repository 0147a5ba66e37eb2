import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { police } from '../../../services/police/index.js';
import { anonymous, principalFromClaims } from '../../../services/shared/principal.js';
import { testDatabase } from '../../helpers/database.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, CASE_MANAGER, entry, INVESTIGATOR, refs } from './fixtures.js';

// AccessLog.police: the police's part of "who saw this survivor's data", shown to the case's case manager (named in
// the key the center sends) and to auditors.

let h: SubgraphHarness;
beforeAll(async () => {
  h = await subgraphHarness(police, await testDatabase());
});

// `_entities` sits on line 3, column 5; `police` on line 4, column 33.
const POLICE_LOG = `
  query Log($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on AccessLog { caseId police { at subject agency roles action fields basis reason requestId } }
    }
  }`;
const AT_ENTITIES = [{ line: 3, column: 5 }];
const AT_POLICE = [{ line: 4, column: 33 }];

const logRef = (caseId: string, caseManager: string | null = 'demo:case-manager') => ({ __typename: 'AccessLog', caseId, caseManager });
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const RECORD_COMPLAINT = `
  mutation Record($input: RecordComplaintInput!) { recordComplaint(input: $input) { id } }`;
const READ_STATUS = `
  query Police($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id investigation { status } } } }`;

/** A case an investigator wrote to and then read: two entries in the police log. */
async function caseWithHistory(): Promise<string> {
  const caseId = randomUUID();
  const wrote = await h.run(asDemoUser('investigator'), RECORD_COMPLAINT, {
    input: { caseId, complaintNumber: `RIB/${randomUUID().slice(0, 8)}`, receivedAt: '2025-06-01T11:00:00.000Z' },
  });
  expect(wrote.errors).toBeUndefined();
  const read = await h.run(asDemoUser('investigator'), READ_STATUS, refs(caseId));
  expect(read.errors).toBeUndefined();
  return caseId;
}

/** The two entries of `caseWithHistory`, as AccessLog.police shows them. */
const HISTORY = [
  { at: expect.stringMatching(ISO), ...INVESTIGATOR, action: 'WRITE', fields: ['recordComplaint'], basis: 'OWN_RECORD', reason: null, requestId: 'test' },
  { at: expect.stringMatching(ISO), ...INVESTIGATOR, action: 'READ', fields: ['investigation.status'], basis: 'CONSENT', reason: null, requestId: 'test' },
];

/** The two entries of `caseWithHistory`, as stored; a refused reading of the log adds none. */
const stored = (caseId: string) => [
  entry({ ...INVESTIGATOR, caseId, action: 'WRITE', fields: ['recordComplaint'], basis: 'OWN_RECORD' }),
  entry({ ...INVESTIGATOR, caseId, action: 'READ', fields: ['investigation.status'], basis: 'CONSENT' }),
];

const forbiddenAtPolice = (reason: string, index = 0) => ({
  message: 'Forbidden', locations: AT_POLICE, path: ['_entities', index, 'police'], extensions: { code: 'FORBIDDEN', reason },
});

describe('AccessLog.police: who may read', () => {
  it('the case manager named for the case reads every police entry, oldest first; her reading is logged (CARE_TEAM)', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('case-manager'), POLICE_LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, police: HISTORY }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      ...stored(caseId),
      entry({ ...CASE_MANAGER, caseId, action: 'READ', fields: ['accessLog.police'], basis: 'CARE_TEAM' }),
    ]);
  });

  it('an auditor reads any case\'s police entries, whoever manages it; the audit is logged (AUDIT)', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('auditor'), POLICE_LOG, { r: [logRef(caseId, null)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, police: HISTORY }] } });
    expect((await accessLogOf(h, caseId)).at(-1)).toEqual(
      entry({ subject: 'demo:auditor', agency: 'national', roles: ['auditor'], caseId, action: 'READ', fields: ['accessLog.police'], basis: 'AUDIT' }),
    );
  });

  it('a case with no police entries has an empty list', async () => {
    await caseWithHistory();
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('case-manager'), POLICE_LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, police: [] }] } });
  });

  it('another case manager of the same center is not this case\'s case manager (FORBIDDEN, NOT_CASE_MANAGER)', async () => {
    const caseId = await caseWithHistory();
    const colleague = asRole('case-manager', { centers: ['GASABO-1'] });
    const res = await h.run(colleague, POLICE_LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, police: null }] }, errors: [forbiddenAtPolice('NOT_CASE_MANAGER')] });
    expect(await accessLogOf(h, caseId)).toEqual(stored(caseId));
  });

  it('a case without a case manager: the demo case manager may not read its log (FORBIDDEN, NOT_CASE_MANAGER)', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('case-manager'), POLICE_LOG, { r: [logRef(caseId, null)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, police: null }] }, errors: [forbiddenAtPolice('NOT_CASE_MANAGER')] });
    expect(await accessLogOf(h, caseId)).toEqual(stored(caseId));
  });

  it('each log of a batch is decided on its own case manager', async () => {
    const mine = await caseWithHistory();
    const theirs = await caseWithHistory();
    const res = await h.run(asDemoUser('case-manager'), POLICE_LOG, { r: [logRef(theirs, 'demo:someone-else'), logRef(mine)] });
    expect(res).toEqual({
      data: { _entities: [{ caseId: theirs, police: null }, { caseId: mine, police: HISTORY }] },
      errors: [forbiddenAtPolice('NOT_CASE_MANAGER', 0)],
    });
  });

  // A malformed key names no case: it has no entries to show, and its reading is not logged (the log's case_id is a
  // uuid, whose insert would otherwise fail and withhold every log of the batch).
  it('a malformed key does not blank the other logs of the batch: it shows an empty list and only the valid reading is logged', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('auditor'), POLICE_LOG, { r: [logRef('not-a-uuid'), logRef(caseId)] });
    expect(res).toEqual({ data: { _entities: [{ caseId: 'not-a-uuid', police: [] }, { caseId, police: HISTORY }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      ...stored(caseId),
      entry({ subject: 'demo:auditor', agency: 'national', roles: ['auditor'], caseId, action: 'READ', fields: ['accessLog.police'], basis: 'AUDIT' }),
    ]);
  });

  // The entity reference itself requires access-log:read: without it, not even the key comes back.
  it.each(['investigator', 'clinician', 'social-worker', 'local-official', 'reception', 'psychologist', 'analyst', 'admin', 'ministry-system'])(
    '%s, without access-log:read, gets nothing (FORBIDDEN, MISSING_SCOPE)',
    async (login) => {
      const caseId = await caseWithHistory();
      const res = await h.run(asDemoUser(login), POLICE_LOG, { r: [logRef(caseId, `demo:${login}`)] });
      expect(res).toEqual({
        data: { _entities: [null] },
        errors: [{ message: 'Forbidden', locations: AT_ENTITIES, path: ['_entities', 0], extensions: { code: 'FORBIDDEN', reason: 'MISSING_SCOPE' } }],
      });
      expect(await accessLogOf(h, caseId)).toEqual(stored(caseId));
    },
  );

  it('the case manager named for the case, with a token that does not carry access-log:read, gets nothing (MISSING_SCOPE)', async () => {
    const narrowed = principalFromClaims({
      sub: 'demo:case-manager', agency: 'center', roles: ['case-manager'], scope: 'case:read police:read', centers: ['GASABO-1'],
    });
    const caseId = await caseWithHistory();
    const res = await h.run(narrowed, POLICE_LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({
      data: { _entities: [null] },
      errors: [{ message: 'Forbidden', locations: AT_ENTITIES, path: ['_entities', 0], extensions: { code: 'FORBIDDEN', reason: 'MISSING_SCOPE' } }],
    });
  });

  it('an anonymous caller gets nothing (UNAUTHENTICATED)', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(anonymous, POLICE_LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({
      data: { _entities: [null] },
      errors: [{ message: 'Authentication required', locations: AT_ENTITIES, path: ['_entities', 0], extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });
});
