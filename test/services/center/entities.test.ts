import { beforeAll, describe, expect, it } from 'vitest';
import { center } from '../../../services/center/index.js';
import { demoCenters } from '../../../services/shared/demo-plan.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { caseNotFound, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogOf,
  accessLogSince,
  consentInput,
  entry,
  intake,
  lastLogId,
  LOG_ENTRY_FIELDS,
  openCase,
  type OpenedCase,
  recordConsent,
  share,
  shownEntry,
  survivorInput,
} from './fixtures.js';

// The gateway resolves Case, Survivor, Center and AccessLog references through `_entities`. The reference resolvers are
// the subgraph's second line of defence: a request that reaches the subgraph without the gateway's field filtering (a
// misconfigured gateway, a replayed request) must still meet the same rules as `case(id)`.

let h: SubgraphHarness;
let g1: OpenedCase; // GASABO-1, referred to health with consent
let gNotReferred: OpenedCase; // GASABO-1, consent for health, not referred
let gNoConsent: OpenedCase; // GASABO-1, referred to health, consent since withdrawn
let hu: OpenedCase; // HUYE-1, referred to health with consent
const MISSING = '6f1c1d7e-3b7a-4c55-9a51-000000000000';
const reception = asDemoUser('reception');

beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
  g1 = await openCase(
    h,
    intake('GASABO-1', { survivor: survivorInput({ estimatedAge: 19, givenName: 'Aline' }) }),
    asDemoUser('case-manager'),
  );
  await share(h, reception, g1.id, 'HEALTH');
  gNotReferred = await openCase(h, intake('GASABO-1'));
  await recordConsent(h, reception, consentInput(gNotReferred.id, 'HEALTH'));
  gNoConsent = await openCase(h, intake('GASABO-1'));
  await share(h, reception, gNoConsent.id, 'HEALTH');
  const withdrawn = await h.run(
    reception,
    `mutation W($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id } }`,
    {
      input: { caseId: gNoConsent.id, scope: 'HEALTH' },
    },
  );
  if (withdrawn.errors) throw new Error(JSON.stringify(withdrawn));
  hu = await openCase(h, intake('HUYE-1'));
  await share(h, asRole('reception-officer', { centers: ['HUYE-1'] }), hu.id, 'HEALTH');
});

const CASES = `query Refs($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id caseNumber } } }`;
const SURVIVORS = `query Refs($r: [_Any!]!) { _entities(representations: $r) { ... on Survivor { id code identity { givenName } } } }`;
const CENTERS = `query Refs($r: [_Any!]!) { _entities(representations: $r) { ... on Center { code district } } }`;
const caseRef = (id: string) => ({ __typename: 'Case', id });
const survivorRef = (id: string) => ({ __typename: 'Survivor', id });
const firstEntity = ['_entities', 0];

describe('Case references', () => {
  it('resolve a case for staff of its center, and log the read on the care-team basis', async () => {
    const since = await lastLogId(h);
    expect(await h.run(reception, CASES, { r: [caseRef(g1.id)] })).toEqual({
      data: { _entities: [{ id: g1.id, caseNumber: g1.caseNumber }] },
    });
    expect(await accessLogSince(h, since)).toEqual([
      entry(reception, { caseId: g1.id, action: 'READ', fields: ['caseNumber', 'id'], basis: 'CARE_TEAM' }),
    ]);
  });

  it('resolve a case referred to health with consent for the clinician of its center, logged on the consent basis', async () => {
    const clinician = asDemoUser('clinician');
    const since = await lastLogId(h);
    expect(await h.run(clinician, CASES, { r: [caseRef(g1.id)] })).toEqual({
      data: { _entities: [{ id: g1.id, caseNumber: g1.caseNumber }] },
    });
    expect(await accessLogSince(h, since)).toEqual([
      entry(clinician, { caseId: g1.id, action: 'READ', fields: ['caseNumber', 'id'], basis: 'CONSENT' }),
    ]);
  });

  it('deny the clinician a case of its center not referred to health (NOT_REFERRED) or without consent (CONSENT_REQUIRED)', async () => {
    const since = await lastLogId(h);
    expect(
      await h.run(asDemoUser('clinician'), CASES, {
        r: [caseRef(gNotReferred.id), caseRef(gNoConsent.id), caseRef(g1.id)],
      }),
    ).toEqual({
      data: { _entities: [null, null, { id: g1.id, caseNumber: g1.caseNumber }] },
      errors: [forbidden('NOT_REFERRED', firstEntity), forbidden('CONSENT_REQUIRED', ['_entities', 1])],
    });
    expect((await accessLogSince(h, since)).map((e) => e.caseId)).toEqual([g1.id]);
  });

  it('resolve the visible case and deny the hidden one in the same batch', async () => {
    expect(await h.run(asDemoUser('huye-clinician'), CASES, { r: [caseRef(g1.id), caseRef(hu.id)] })).toEqual({
      data: { _entities: [null, { id: hu.id, caseNumber: hu.caseNumber }] },
      errors: [forbidden('OUT_OF_SCOPE', firstEntity)],
    });
  });

  it('deny a case of another center with OUT_OF_SCOPE, exactly as a missing one, even when it is shared with health', async () => {
    const since = await lastLogId(h);
    const hidden = await h.run(asDemoUser('huye-clinician'), CASES, { r: [caseRef(g1.id)] });
    expect(hidden).toEqual({ data: { _entities: [null] }, errors: [forbidden('OUT_OF_SCOPE', firstEntity)] });
    expect(await h.run(asDemoUser('huye-clinician'), CASES, { r: [caseRef(MISSING)] })).toEqual(hidden);
    expect(await accessLogSince(h, since)).toEqual([]);
  });

  it('tell a national role that a missing case does not exist: CASE_NOT_FOUND', async () => {
    expect(await h.run(asDemoUser('ministry-system'), CASES, { r: [caseRef(MISSING)] })).toEqual({
      data: { _entities: [null] },
      errors: [caseNotFound(firstEntity)],
    });
  });

  it('deny an anonymous caller with UNAUTHENTICATED, as case(id) does', async () => {
    expect(await h.run(anonymous, CASES, { r: [caseRef(g1.id)] })).toEqual({
      data: { _entities: [null] },
      errors: [unauthenticated(firstEntity)],
    });
  });

  // An entity lookup needs the same scope as the fields (case:read): national roles without it read no case by
  // reference, whatever their organisational reach.
  it.each([['analyst'], ['auditor'], ['admin']])(
    'deny the %s (national, no case:read) with FORBIDDEN MISSING_SCOPE',
    async (login) => {
      expect(await h.run(asDemoUser(login), CASES, { r: [caseRef(g1.id)] })).toEqual({
        data: { _entities: [null] },
        errors: [forbidden('MISSING_SCOPE', firstEntity)],
      });
    },
  );
});

describe('Survivor references', () => {
  const e = ['_entities', 0];

  it('resolve a survivor, with identity, for reception of the center that has their case', async () => {
    expect(await h.run(asDemoUser('reception'), SURVIVORS, { r: [survivorRef(g1.survivorId)] })).toEqual({
      data: { _entities: [{ id: g1.survivorId, code: g1.survivorCode, identity: { givenName: 'Aline' } }] },
    });
  });

  it('withhold the identity from a clinician of that center (the case is shared with health)', async () => {
    expect(await h.run(asDemoUser('clinician'), SURVIVORS, { r: [survivorRef(g1.survivorId)] })).toEqual({
      data: { _entities: [{ id: g1.survivorId, code: g1.survivorCode, identity: null }] },
      errors: [forbidden('MISSING_SCOPE', ['_entities', 0, 'identity'])],
    });
  });

  it('deny the clinician a survivor whose only case is not shared with health, exactly as a missing one', async () => {
    const clinician = asDemoUser('clinician');
    const hidden = await h.run(clinician, SURVIVORS, { r: [survivorRef(gNotReferred.survivorId)] });
    expect(hidden).toEqual({ data: { _entities: [null] }, errors: [forbidden('OUT_OF_SCOPE', e)] });
    expect(await h.run(clinician, SURVIVORS, { r: [survivorRef(gNoConsent.survivorId)] })).toEqual(hidden);
    expect(await h.run(clinician, SURVIVORS, { r: [survivorRef(MISSING)] })).toEqual(hidden);
  });

  it("deny a survivor with no case in the caller's scope, exactly as a missing one", async () => {
    const huyeReception = asRole('reception-officer', { centers: ['HUYE-1'] });
    const hidden = await h.run(huyeReception, SURVIVORS, { r: [survivorRef(g1.survivorId)] });
    expect(hidden).toEqual({ data: { _entities: [null] }, errors: [forbidden('OUT_OF_SCOPE', e)] });
    expect(await h.run(huyeReception, SURVIVORS, { r: [survivorRef(MISSING)] })).toEqual(hidden);
  });

  it.each([['analyst'], ['auditor'], ['admin']])(
    'deny the %s (national, no case:read) with FORBIDDEN MISSING_SCOPE',
    async (login) => {
      expect(await h.run(asDemoUser(login), SURVIVORS, { r: [survivorRef(g1.survivorId)] })).toEqual({
        data: { _entities: [null] },
        errors: [forbidden('MISSING_SCOPE', e)],
      });
    },
  );
});

describe('AccessLog references', () => {
  const LOGS = `query Refs($r: [_Any!]!) { _entities(representations: $r) { ... on AccessLog { caseId center { ${LOG_ENTRY_FIELDS} } } } }`;
  const le = ['_entities', 0];
  const logRef = (caseId: string, caseManager?: string | null) => ({
    __typename: 'AccessLog',
    caseId,
    ...(caseManager === undefined ? {} : { caseManager }),
  });

  it('resolve the log of a case for its case manager, and the reading is itself logged', async () => {
    const cm = asDemoUser('case-manager');
    const before = await accessLogOf(h, g1.id);
    expect(await h.run(cm, LOGS, { r: [logRef(g1.id, 'demo:case-manager')] })).toEqual({
      data: { _entities: [{ caseId: g1.id, center: before.map(shownEntry) }] },
    });
    expect(await accessLogOf(h, g1.id)).toEqual([
      ...before,
      entry(cm, { caseId: g1.id, action: 'READ', fields: ['accessLog.center'], basis: 'CARE_TEAM' }),
    ]);
  });

  it('resolve the log of any case for the auditor, on the audit basis', async () => {
    const auditor = asDemoUser('auditor');
    const before = await accessLogOf(h, hu.id);
    expect(await h.run(auditor, LOGS, { r: [logRef(hu.id)] })).toEqual({
      data: { _entities: [{ caseId: hu.id, center: before.map(shownEntry) }] },
    });
    expect(await accessLogOf(h, hu.id)).toEqual([
      ...before,
      entry(auditor, { caseId: hu.id, action: 'READ', fields: ['accessLog.center'], basis: 'AUDIT' }),
    ]);
  });

  // The center knows who manages the case; a representation naming the caller as case manager proves nothing.
  it('ignore a case manager named in the representation: another case manager gets NOT_CASE_MANAGER', async () => {
    const other = asRole('case-manager', { centers: ['GASABO-1'] });
    const before = await accessLogOf(h, g1.id);
    expect(await h.run(other, LOGS, { r: [logRef(g1.id, other.subject)] })).toEqual({
      data: { _entities: [null] },
      errors: [forbidden('NOT_CASE_MANAGER', le)],
    });
    expect(await accessLogOf(h, g1.id)).toEqual(before);
  });

  it('deny a case manager a missing case as a case they do not manage', async () => {
    const hidden = await h.run(asDemoUser('case-manager'), LOGS, { r: [logRef(hu.id)] });
    expect(hidden).toEqual({ data: { _entities: [null] }, errors: [forbidden('NOT_CASE_MANAGER', le)] });
    expect(await h.run(asDemoUser('case-manager'), LOGS, { r: [logRef(MISSING)] })).toEqual(hidden);
  });

  it.each([['reception'], ['clinician'], ['ministry-system'], ['analyst']])(
    'deny the %s (no access-log:read) with MISSING_SCOPE',
    async (login) => {
      expect(await h.run(asDemoUser(login), LOGS, { r: [logRef(g1.id)] })).toEqual({
        data: { _entities: [null] },
        errors: [forbidden('MISSING_SCOPE', le)],
      });
    },
  );

  it('deny an anonymous caller with UNAUTHENTICATED', async () => {
    expect(await h.run(anonymous, LOGS, { r: [logRef(g1.id)] })).toEqual({
      data: { _entities: [null] },
      errors: [unauthenticated(le)],
    });
  });
});

describe('Center references', () => {
  it('resolve for anyone: centers are public', async () => {
    const gasabo = demoCenters().find((c) => c.code === 'GASABO-1')!;
    expect(await h.run(anonymous, CENTERS, { r: [{ __typename: 'Center', id: gasabo.id }] })).toEqual({
      data: { _entities: [{ code: 'GASABO-1', district: 'Gasabo' }] },
    });
  });
});
