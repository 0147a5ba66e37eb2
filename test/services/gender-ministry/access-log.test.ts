import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { genderMinistry } from '../../../services/gender-ministry/index.js';
import { anonymous, principalFromClaims } from '../../../services/shared/principal.js';
import { testDatabase } from '../../helpers/database.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, CASE_MANAGER, entry, refs, SOCIAL_WORKER } from './fixtures.js';

// AccessLog.genderMinistry: the gender ministry's part of "who saw this survivor's data", shown to the case's case
// manager (named in the key the center sends) and to auditors.

let h: SubgraphHarness;
beforeAll(async () => {
  h = await subgraphHarness(genderMinistry, await testDatabase());
});

// `_entities` sits on line 3, column 5; `genderMinistry` on line 4, column 33.
const MINISTRY_LOG = `
  query Log($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on AccessLog { caseId genderMinistry { at subject agency roles action fields basis reason requestId } }
    }
  }`;
const AT_ENTITIES = [{ line: 3, column: 5 }];
const AT_MINISTRY = [{ line: 4, column: 33 }];

const logRef = (caseId: string, caseManager: string | null = 'demo:case-manager') => ({ __typename: 'AccessLog', caseId, caseManager });
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const CREATE_PLAN = `
  mutation Create($input: CreateFollowUpPlanInput!) { createFollowUpPlan(input: $input) { id } }`;
const READ_RISK = `
  query FollowUp($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id followUp { riskLevel } } } }`;

/** A case a social worker wrote to and then read: two entries in the gender ministry's log. */
async function caseWithHistory(): Promise<string> {
  const caseId = randomUUID();
  const wrote = await h.run(asDemoUser('social-worker'), CREATE_PLAN, { input: { caseId, riskLevel: 'HIGH', plan: 'Weekly home visit.' } });
  expect(wrote.errors).toBeUndefined();
  const read = await h.run(asDemoUser('social-worker'), READ_RISK, refs(caseId));
  expect(read.errors).toBeUndefined();
  return caseId;
}

/** The two entries of `caseWithHistory`, as AccessLog.genderMinistry shows them. */
const HISTORY = [
  { at: expect.stringMatching(ISO), ...SOCIAL_WORKER, action: 'WRITE', fields: ['createFollowUpPlan'], basis: 'OWN_RECORD', reason: null, requestId: 'test' },
  { at: expect.stringMatching(ISO), ...SOCIAL_WORKER, action: 'READ', fields: ['followUp.riskLevel'], basis: 'CONSENT', reason: null, requestId: 'test' },
];

/** The two entries of `caseWithHistory`, as stored; a refused reading of the log adds none. */
const stored = (caseId: string) => [
  entry({ ...SOCIAL_WORKER, caseId, action: 'WRITE', fields: ['createFollowUpPlan'], basis: 'OWN_RECORD' }),
  entry({ ...SOCIAL_WORKER, caseId, action: 'READ', fields: ['followUp.riskLevel'], basis: 'CONSENT' }),
];

const forbiddenAtMinistry = (reason: string, index = 0) => ({
  message: 'Forbidden', locations: AT_MINISTRY, path: ['_entities', index, 'genderMinistry'], extensions: { code: 'FORBIDDEN', reason },
});

describe('AccessLog.genderMinistry: who may read', () => {
  it('the case manager named for the case reads every gender-ministry entry, oldest first; her reading is logged (CARE_TEAM)', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('case-manager'), MINISTRY_LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, genderMinistry: HISTORY }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      ...stored(caseId),
      entry({ ...CASE_MANAGER, caseId, action: 'READ', fields: ['accessLog.genderMinistry'], basis: 'CARE_TEAM' }),
    ]);
  });

  it('an auditor reads any case\'s gender-ministry entries, whoever manages it; the audit is logged (AUDIT)', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('auditor'), MINISTRY_LOG, { r: [logRef(caseId, null)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, genderMinistry: HISTORY }] } });
    expect((await accessLogOf(h, caseId)).at(-1)).toEqual(
      entry({ subject: 'demo:auditor', agency: 'national', roles: ['auditor'], caseId, action: 'READ', fields: ['accessLog.genderMinistry'], basis: 'AUDIT' }),
    );
  });

  it('a case with no gender-ministry entries has an empty list', async () => {
    await caseWithHistory();
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('case-manager'), MINISTRY_LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, genderMinistry: [] }] } });
  });

  it('another case manager of the same center is not this case\'s case manager (FORBIDDEN, NOT_CASE_MANAGER)', async () => {
    const caseId = await caseWithHistory();
    const colleague = asRole('case-manager', { centers: ['GASABO-1'] });
    const res = await h.run(colleague, MINISTRY_LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, genderMinistry: null }] }, errors: [forbiddenAtMinistry('NOT_CASE_MANAGER')] });
    expect(await accessLogOf(h, caseId)).toEqual(stored(caseId));
  });

  it('a case without a case manager: the demo case manager may not read its log (FORBIDDEN, NOT_CASE_MANAGER)', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('case-manager'), MINISTRY_LOG, { r: [logRef(caseId, null)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, genderMinistry: null }] }, errors: [forbiddenAtMinistry('NOT_CASE_MANAGER')] });
    expect(await accessLogOf(h, caseId)).toEqual(stored(caseId));
  });

  it('each log of a batch is decided on its own case manager', async () => {
    const mine = await caseWithHistory();
    const theirs = await caseWithHistory();
    const res = await h.run(asDemoUser('case-manager'), MINISTRY_LOG, { r: [logRef(theirs, 'demo:someone-else'), logRef(mine)] });
    expect(res).toEqual({
      data: { _entities: [{ caseId: theirs, genderMinistry: null }, { caseId: mine, genderMinistry: HISTORY }] },
      errors: [forbiddenAtMinistry('NOT_CASE_MANAGER', 0)],
    });
  });

  // A malformed key names no case: it has no entries to show, and its reading is not logged (the log's case_id is a
  // uuid, whose insert would otherwise fail and withhold every log of the batch).
  it('a malformed key does not blank the other logs of the batch: it shows an empty list and only the valid reading is logged', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('auditor'), MINISTRY_LOG, { r: [logRef('not-a-uuid'), logRef(caseId)] });
    expect(res).toEqual({ data: { _entities: [{ caseId: 'not-a-uuid', genderMinistry: [] }, { caseId, genderMinistry: HISTORY }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      ...stored(caseId),
      entry({ subject: 'demo:auditor', agency: 'national', roles: ['auditor'], caseId, action: 'READ', fields: ['accessLog.genderMinistry'], basis: 'AUDIT' }),
    ]);
  });

  // The entity reference itself requires access-log:read: without it, not even the key comes back.
  it.each(['social-worker', 'local-official', 'ministry-system', 'clinician', 'investigator', 'reception', 'psychologist', 'analyst', 'admin'])(
    '%s, without access-log:read, gets nothing (FORBIDDEN, MISSING_SCOPE)',
    async (login) => {
      const caseId = await caseWithHistory();
      const res = await h.run(asDemoUser(login), MINISTRY_LOG, { r: [logRef(caseId, `demo:${login}`)] });
      expect(res).toEqual({
        data: { _entities: [null] },
        errors: [{ message: 'Forbidden', locations: AT_ENTITIES, path: ['_entities', 0], extensions: { code: 'FORBIDDEN', reason: 'MISSING_SCOPE' } }],
      });
      expect(await accessLogOf(h, caseId)).toEqual(stored(caseId));
    },
  );

  it('the case manager named for the case, with a token that does not carry access-log:read, gets nothing (MISSING_SCOPE)', async () => {
    const narrowed = principalFromClaims({
      sub: 'demo:case-manager', agency: 'center', roles: ['case-manager'], scope: 'case:read followup:read', centers: ['GASABO-1'],
    });
    const caseId = await caseWithHistory();
    const res = await h.run(narrowed, MINISTRY_LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({
      data: { _entities: [null] },
      errors: [{ message: 'Forbidden', locations: AT_ENTITIES, path: ['_entities', 0], extensions: { code: 'FORBIDDEN', reason: 'MISSING_SCOPE' } }],
    });
  });

  it('an anonymous caller gets nothing (UNAUTHENTICATED)', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(anonymous, MINISTRY_LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({
      data: { _entities: [null] },
      errors: [{ message: 'Authentication required', locations: AT_ENTITIES, path: ['_entities', 0], extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });
});
