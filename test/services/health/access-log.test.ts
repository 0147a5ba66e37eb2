import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { health } from '../../../services/health/index.js';
import { anonymous, principalFromClaims } from '../../../services/shared/principal.js';
import { testDatabase } from '../../helpers/database.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, CASE_MANAGER, CLINICIAN, entry, HUYE_CLINICIAN, inMinutes, refs, refWith, sharing } from './fixtures.js';

// AccessLog.health: health's part of "who saw this survivor's data", shown to the case's case manager (named in the
// key the center sends) and to auditors.

let h: SubgraphHarness;
beforeAll(async () => {
  h = await subgraphHarness(health, await testDatabase());
});

// `_entities` sits on line 3, column 5; `health` on line 4, column 33.
const HEALTH_LOG = `
  query Log($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on AccessLog { caseId health { at subject agency roles action fields basis reason requestId } }
    }
  }`;
const AT_ENTITIES = [{ line: 3, column: 5 }];
const AT_HEALTH = [{ line: 4, column: 33 }];

const logRef = (caseId: string, caseManager: string | null = 'demo:case-manager') => ({ __typename: 'AccessLog', caseId, caseManager });
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const RECORD_ENCOUNTER = `
  mutation Record($input: RecordEncounterInput!) { recordEncounter(input: $input) { id } }`;
const READ_FINDINGS = `
  query Medical($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id medical { encounters { findings } } } } }`;

/** A case a clinician wrote to and then read: two entries in health's log. */
async function caseWithHistory(): Promise<string> {
  const caseId = randomUUID();
  const wrote = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, {
    input: { caseId, seenAt: '2025-06-01T08:30:00.000Z', findings: 'Examined.', injuriesObserved: false },
  });
  expect(wrote.errors).toBeUndefined();
  const read = await h.run(asDemoUser('clinician'), READ_FINDINGS, refs(caseId));
  expect(read.errors).toBeUndefined();
  return caseId;
}

/** The two entries of `caseWithHistory`, as AccessLog.health shows them. */
const HISTORY = [
  { at: expect.stringMatching(ISO), ...CLINICIAN, action: 'WRITE', fields: ['recordEncounter'], basis: 'OWN_RECORD', reason: null, requestId: 'test' },
  { at: expect.stringMatching(ISO), ...CLINICIAN, action: 'READ', fields: ['medical.encounters.findings'], basis: 'CONSENT', reason: null, requestId: 'test' },
];

/** The two entries of `caseWithHistory`, as stored; a refused reading of the log adds none. */
const stored = (caseId: string) => [
  entry({ ...CLINICIAN, caseId, action: 'WRITE', fields: ['recordEncounter'], basis: 'OWN_RECORD' }),
  entry({ ...CLINICIAN, caseId, action: 'READ', fields: ['medical.encounters.findings'], basis: 'CONSENT' }),
];

const forbiddenAtHealth = (reason: string, index = 0) => ({
  message: 'Forbidden', locations: AT_HEALTH, path: ['_entities', index, 'health'], extensions: { code: 'FORBIDDEN', reason },
});

describe('AccessLog.health: who may read', () => {
  it('the case manager named for the case reads every health entry, oldest first; her reading is logged (CARE_TEAM)', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('case-manager'), HEALTH_LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, health: HISTORY }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      ...stored(caseId),
      entry({ ...CASE_MANAGER, caseId, action: 'READ', fields: ['accessLog.health'], basis: 'CARE_TEAM' }),
    ]);
  });

  it('an auditor reads any case\'s health entries, whoever manages it; the audit is logged (AUDIT)', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('auditor'), HEALTH_LOG, { r: [logRef(caseId, null)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, health: HISTORY }] } });
    expect((await accessLogOf(h, caseId)).at(-1)).toEqual(
      entry({ subject: 'demo:auditor', agency: 'national', roles: ['auditor'], caseId, action: 'READ', fields: ['accessLog.health'], basis: 'AUDIT' }),
    );
  });

  it('a case with no health entries has an empty list', async () => {
    await caseWithHistory();
    const caseId = randomUUID();
    const res = await h.run(asDemoUser('case-manager'), HEALTH_LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, health: [] }] } });
  });

  it('another case manager of the same center is not this case\'s case manager (FORBIDDEN, NOT_CASE_MANAGER)', async () => {
    const caseId = await caseWithHistory();
    const colleague = asRole('case-manager', { centers: ['GASABO-1'] });
    const res = await h.run(colleague, HEALTH_LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, health: null }] }, errors: [forbiddenAtHealth('NOT_CASE_MANAGER')] });
    expect(await accessLogOf(h, caseId)).toEqual(stored(caseId));
  });

  it('a case without a case manager: the demo case manager may not read its log (FORBIDDEN, NOT_CASE_MANAGER)', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('case-manager'), HEALTH_LOG, { r: [logRef(caseId, null)] });
    expect(res).toEqual({ data: { _entities: [{ caseId, health: null }] }, errors: [forbiddenAtHealth('NOT_CASE_MANAGER')] });
    expect(await accessLogOf(h, caseId)).toEqual(stored(caseId));
  });

  it('each log of a batch is decided on its own case manager', async () => {
    const mine = await caseWithHistory();
    const theirs = await caseWithHistory();
    const res = await h.run(asDemoUser('case-manager'), HEALTH_LOG, { r: [logRef(theirs, 'demo:someone-else'), logRef(mine)] });
    expect(res).toEqual({
      data: { _entities: [{ caseId: theirs, health: null }, { caseId: mine, health: HISTORY }] },
      errors: [forbiddenAtHealth('NOT_CASE_MANAGER', 0)],
    });
  });

  // A malformed key names no case: it has no entries to show, and its reading is not logged (the log's case_id is a
  // uuid, whose insert would otherwise fail and withhold every log of the batch).
  it('a malformed key does not blank the other logs of the batch: it shows an empty list and only the valid reading is logged', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('auditor'), HEALTH_LOG, { r: [logRef(caseId), logRef('not-a-uuid')] });
    expect(res).toEqual({ data: { _entities: [{ caseId, health: HISTORY }, { caseId: 'not-a-uuid', health: [] }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      ...stored(caseId),
      entry({ subject: 'demo:auditor', agency: 'national', roles: ['auditor'], caseId, action: 'READ', fields: ['accessLog.health'], basis: 'AUDIT' }),
    ]);
  });

  it('a malformed key is still decided on its case manager first (FORBIDDEN, NOT_CASE_MANAGER)', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('case-manager'), HEALTH_LOG, { r: [logRef(caseId), logRef('not-a-uuid', 'demo:someone-else')] });
    expect(res).toEqual({
      data: { _entities: [{ caseId, health: HISTORY }, { caseId: 'not-a-uuid', health: null }] },
      errors: [forbiddenAtHealth('NOT_CASE_MANAGER', 1)],
    });
  });

  it('a read under an override or break-glass shows the reason stated for it; other entries have none', async () => {
    const caseId = await caseWithHistory();
    const override = 'The guardian is the suspect; treatment cannot wait for consent.';
    const emergency = 'Survivor unconscious in the emergency room; her record is needed now.';
    const overridden = await h.run(asDemoUser('clinician'), READ_FINDINGS, refWith(caseId, sharing({
      consents: [{ agency: 'HEALTH', basis: 'OVERRIDE', expiresAt: inMinutes(60), reason: override }],
    })));
    expect(overridden.errors).toBeUndefined();
    const brokeGlass = await h.run(asDemoUser('huye-clinician'), READ_FINDINGS, refWith(caseId, sharing({
      consents: [], referrals: [], breakGlass: [{ subject: 'demo:huye-clinician', expiresAt: inMinutes(30), reason: emergency }],
    })));
    expect(brokeGlass.errors).toBeUndefined();
    const res = await h.run(asDemoUser('auditor'), HEALTH_LOG, { r: [logRef(caseId)] });
    const read = (who: typeof CLINICIAN, basis: string, reason: string) =>
      ({ at: expect.stringMatching(ISO), ...who, action: 'READ', fields: ['medical.encounters.findings'], basis, reason, requestId: 'test' });
    expect(res).toEqual({
      data: { _entities: [{ caseId, health: [...HISTORY, read(CLINICIAN, 'OVERRIDE', override), read(HUYE_CLINICIAN, 'BREAK_GLASS', emergency)] }] },
    });
  });

  // The entity reference itself requires access-log:read: without it, not even the key comes back.
  it.each(['clinician', 'huye-clinician', 'investigator', 'social-worker', 'reception', 'psychologist', 'analyst', 'admin'])(
    '%s, without access-log:read, gets nothing (FORBIDDEN, MISSING_SCOPE)',
    async (login) => {
      const caseId = await caseWithHistory();
      const res = await h.run(asDemoUser(login), HEALTH_LOG, { r: [logRef(caseId, `demo:${login}`)] });
      expect(res).toEqual({
        data: { _entities: [null] },
        errors: [{ message: 'Forbidden', locations: AT_ENTITIES, path: ['_entities', 0], extensions: { code: 'FORBIDDEN', reason: 'MISSING_SCOPE' } }],
      });
      expect(await accessLogOf(h, caseId)).toEqual(stored(caseId));
    },
  );

  it('the case manager named for the case, with a token that does not carry access-log:read, gets nothing (MISSING_SCOPE)', async () => {
    const narrowed = principalFromClaims({
      sub: 'demo:case-manager', agency: 'center', roles: ['case-manager'], scope: 'case:read medical:read', centers: ['GASABO-1'],
    });
    const caseId = await caseWithHistory();
    const res = await h.run(narrowed, HEALTH_LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({
      data: { _entities: [null] },
      errors: [{ message: 'Forbidden', locations: AT_ENTITIES, path: ['_entities', 0], extensions: { code: 'FORBIDDEN', reason: 'MISSING_SCOPE' } }],
    });
  });

  it('an anonymous caller gets nothing (UNAUTHENTICATED)', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(anonymous, HEALTH_LOG, { r: [logRef(caseId)] });
    expect(res).toEqual({
      data: { _entities: [null] },
      errors: [{ message: 'Authentication required', locations: AT_ENTITIES, path: ['_entities', 0], extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });
});
