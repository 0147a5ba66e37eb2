import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { withClient } from '../../../services/hub/databases.js';
import { canonicalEntry, entryHash } from '../../../services/shared/access-log/store.js';
import { verifyChain } from '../../../services/shared/access-log/verify.js';
import type { Role } from '../../../services/shared/catalogue.js';
import type { Caller } from '../../../services/shared/caller.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import {
  caseNotFound,
  errorsWithoutLocations,
  forbidden,
  internalError,
  unauthenticated,
} from '../../helpers/errors.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  ACCESS_LOG,
  accessLogOf,
  accessLogSince,
  ASSIGN_CASE_MANAGER,
  BREAK_GLASS,
  CASE_FIELD_PATHS,
  CONSENT_READ,
  consentInput,
  data,
  entry,
  freezeClock,
  gasabo,
  intake,
  lastLogId,
  type LogEntry,
  MINUTE,
  openCase,
  type OpenedCase,
  OVERRIDE_CONSENT,
  RECORD_CONSENT,
  recordConsent,
  REFER_CASE,
  referCase,
  REFERRAL_READ,
  rowCounts,
  share,
  shownEntry,
  signIn,
  survivorInput,
  WITHDRAW_CONSENT,
} from './fixtures.js';

// "Who has seen this survivor's data" (Law 058/2021 Art. 18): every write appends a WRITE entry inside the write's own
// transaction, every case shown appends a READ entry with the fields selected and the legal basis; the database keeps
// the log append-only and hash-chained. Only the case's case manager and auditors may read it.

let h: SubgraphHarness;
let databaseUrl: string;
beforeAll(async () => {
  databaseUrl = await testDatabase();
  h = errorsWithoutLocations(await subgraphHarness(center, databaseUrl));
});
afterEach(() => {
  vi.useRealTimers();
});

const reception = asDemoUser('reception');
const caseManager = asDemoUser('case-manager');
const successor = asRole('case-manager', { centers: ['GASABO-1'] }); // demo:test-case-manager
const auditor = asDemoUser('auditor');
const REASON = 'The guardian who would consent is the suspect in this case.';
const EMERGENCY = 'Survivor brought in unconscious; treating team needs the intake record.';
const MISSING = '6f1c1d7e-3b7a-4c55-9a51-000000000000';
const logPath = ['accessLog'];

describe('the story of one case, entry by entry', () => {
  let c: OpenedCase;
  const t0 = new Date(Math.floor(Date.now() / MINUTE) * MINUTE - 30 * MINUTE);
  const t = (n: number) => new Date(t0.getTime() + n * MINUTE);
  const story: LogEntry[] = [];

  beforeAll(async () => {
    const step = async (n: number, p: Caller, query: string, variables: Record<string, unknown>) => {
      freezeClock(t(n));
      return data(await h.run(p, query, variables));
    };
    try {
      freezeClock(t(0));
      c = await openCase(
        h,
        intake('GASABO-1', { survivor: survivorInput({ estimatedAge: 24, givenName: 'Aline' }) }),
        caseManager,
      );
      await step(1, reception, RECORD_CONSENT, { input: consentInput(c.id, 'HEALTH') });
      await step(2, reception, REFER_CASE, { input: { caseId: c.id, agency: 'HEALTH' } });
      await step(
        3,
        asDemoUser('clinician'),
        `query One($id: ID!) { case(id: $id) { id caseNumber survivor { code sex } } }`,
        { id: c.id },
      );
      await step(4, caseManager, OVERRIDE_CONSENT, { input: { caseId: c.id, agency: 'POLICE', reason: REASON } });
      await step(5, caseManager, REFER_CASE, { input: { caseId: c.id, agency: 'POLICE' } });
      await step(
        6,
        asDemoUser('investigator'),
        `{ cases { nodes { id caseNumber survivor { identity { givenName } } } totalCount } }`,
        {},
      );
      await step(7, asDemoUser('huye-clinician'), BREAK_GLASS, { input: { caseId: c.id, reason: EMERGENCY } });
      await step(
        8,
        asDemoUser('huye-clinician'),
        `query Refs($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id incidentType } } }`,
        {
          r: [{ __typename: 'Case', id: c.id }],
        },
      );
      await step(9, reception, WITHDRAW_CONSENT, { input: { caseId: c.id, scope: 'HEALTH' } });
      await signIn(h, successor); // a case is handed only to a case manager the center knows
      await step(10, reception, ASSIGN_CASE_MANAGER, { input: { caseId: c.id, caseManager: successor.subject } });
    } finally {
      vi.useRealTimers();
    }
    const w = (n: number, p: Caller, what: string, basis = 'CARE_TEAM', reason: string | null = null) =>
      entry(p, { caseId: c.id, action: 'WRITE', fields: [what], basis, reason, at: t(n).toISOString() });
    const r = (n: number, p: Caller, fields: string[], basis: string, reason: string | null = null) =>
      entry(p, { caseId: c.id, action: 'READ', fields, basis, reason, at: t(n).toISOString() });
    // Every write, and after it the read of what it answered; and the reads of the case itself.
    story.push(
      w(0, caseManager, 'openCase'),
      r(0, caseManager, CASE_FIELD_PATHS, 'CARE_TEAM'),
      w(1, reception, 'recordConsent.HEALTH'),
      r(1, reception, CONSENT_READ, 'CARE_TEAM'),
      w(2, reception, 'referCase.HEALTH'),
      r(2, reception, REFERRAL_READ, 'CARE_TEAM'),
      r(3, asDemoUser('clinician'), ['caseNumber', 'id', 'survivor.code', 'survivor.sex'], 'CONSENT'),
      w(4, caseManager, 'overrideConsent.POLICE', 'CARE_TEAM', REASON),
      r(
        4,
        caseManager,
        [
          'consentOverrides.agency',
          'consentOverrides.expiresAt',
          'consentOverrides.id',
          'consentOverrides.overriddenAt',
          'consentOverrides.overriddenBy',
          'consentOverrides.reason',
        ],
        'CARE_TEAM',
      ),
      w(5, caseManager, 'referCase.POLICE'),
      r(5, caseManager, REFERRAL_READ, 'CARE_TEAM'),
      // A read under an override or a grant carries the reason stated for it.
      r(6, asDemoUser('investigator'), ['caseNumber', 'id', 'survivor.identity.givenName'], 'OVERRIDE', REASON),
      w(7, asDemoUser('huye-clinician'), 'breakGlass', 'BREAK_GLASS', EMERGENCY),
      r(
        7,
        asDemoUser('huye-clinician'),
        [
          'breakGlass.agency',
          'breakGlass.expiresAt',
          'breakGlass.id',
          'breakGlass.reason',
          'breakGlass.startedAt',
          'breakGlass.subject',
        ],
        'BREAK_GLASS',
        EMERGENCY,
      ),
      r(8, asDemoUser('huye-clinician'), ['id', 'incidentType'], 'BREAK_GLASS', EMERGENCY),
      w(9, reception, 'withdrawConsent.HEALTH'),
      r(9, reception, CONSENT_READ, 'CARE_TEAM'),
      w(10, reception, 'assignCaseManager'),
      r(10, reception, ['caseManager', 'caseNumber', 'id'], 'CARE_TEAM'),
    );
  });

  it('is in the database exactly: subject, agency, roles, case, action, fields, basis, reason, instant', async () => {
    expect(await accessLogOf(h, c.id)).toEqual(story);
    // Spot-check what `entry` fills in, so that the helper cannot hide a wrong agency or role list.
    const cm = ['demo:case-manager', 'center', 'case-manager'];
    const rec = ['demo:reception', 'center', 'reception-officer'];
    const huye = ['demo:huye-clinician', 'health', 'clinician'];
    expect((await accessLogOf(h, c.id)).map((x) => [x.subject, x.agency, x.roles.join(',')])).toEqual([
      cm,
      cm,
      rec,
      rec,
      rec,
      rec,
      ['demo:clinician', 'health', 'clinician'],
      cm,
      cm,
      cm,
      cm,
      ['demo:investigator', 'police', 'investigator'],
      huye,
      huye,
      huye,
      rec,
      rec,
      rec,
      rec,
    ]);
  });

  it('is shown to the case manager now in charge, oldest first, and their reading is logged in turn', async () => {
    const now = freezeClock(t(11));
    expect(await h.run(successor, ACCESS_LOG, { caseId: c.id })).toEqual({
      data: { accessLog: { caseId: c.id, center: story.map(shownEntry) } },
    });
    expect(await accessLogOf(h, c.id)).toEqual([
      ...story,
      entry(successor, {
        caseId: c.id,
        action: 'READ',
        fields: ['accessLog.center'],
        basis: 'CARE_TEAM',
        at: now.toISOString(),
      }),
    ]);
  });

  it('is shown to the auditor, on the audit basis', async () => {
    const before = await accessLogOf(h, c.id);
    const now = freezeClock(t(12));
    expect(await h.run(auditor, ACCESS_LOG, { caseId: c.id })).toEqual({
      data: { accessLog: { caseId: c.id, center: before.map(shownEntry) } },
    });
    expect(await accessLogOf(h, c.id)).toEqual([
      ...before,
      entry(auditor, {
        caseId: c.id,
        action: 'READ',
        fields: ['accessLog.center'],
        basis: 'AUDIT',
        at: now.toISOString(),
      }),
    ]);
  });

  it('is not shown to the case manager in charge once signed in at another center: OUT_OF_SCOPE, nothing logged', async () => {
    const since = await lastLogId(h);
    const moved = { ...asRole('case-manager', { centers: ['HUYE-1'] }), subject: successor.subject };
    expect(await h.run(moved, ACCESS_LOG, { caseId: c.id })).toEqual({
      data: { accessLog: null },
      errors: [forbidden('OUT_OF_SCOPE', logPath)],
    });
    expect(await accessLogSince(h, since)).toEqual([]);
  });

  it('is no longer shown to the case manager who handed the case over: NOT_CASE_MANAGER, nothing logged', async () => {
    const since = await lastLogId(h);
    expect(await h.run(caseManager, ACCESS_LOG, { caseId: c.id })).toEqual({
      data: { accessLog: null },
      errors: [forbidden('NOT_CASE_MANAGER', logPath)],
    });
    expect(await accessLogSince(h, since)).toEqual([]);
  });

  it('is shown as Case.accessLog to the case manager, the case read and the log read in one entry', async () => {
    const query = `query One($id: ID!) { case(id: $id) { id accessLog { caseId center { action fields } } } }`;
    const before = await accessLogOf(h, c.id);
    const now = freezeClock(t(13));
    expect(await h.run(successor, query, { id: c.id })).toEqual({
      data: {
        case: {
          id: c.id,
          accessLog: { caseId: c.id, center: before.map((x) => ({ action: x.action, fields: x.fields })) },
        },
      },
    });
    expect(await accessLogOf(h, c.id)).toEqual([
      ...before,
      entry(successor, {
        caseId: c.id,
        action: 'READ',
        basis: 'CARE_TEAM',
        at: now.toISOString(),
        // The log's own read is written by its resolver ('accessLog.center'); the case's read lists the rest.
        fields: ['accessLog.center', 'id'],
      }),
    ]);
  });

  it('is withheld as Case.accessLog from another case manager of the center (NOT_CASE_MANAGER), the case still shown', async () => {
    const query = `query One($id: ID!) { case(id: $id) { id accessLog { center { action } } } }`;
    const since = await lastLogId(h);
    const now = freezeClock(t(14));
    expect(await h.run(caseManager, query, { id: c.id })).toEqual({
      data: { case: { id: c.id, accessLog: null } },
      errors: [forbidden('NOT_CASE_MANAGER', ['case', 'accessLog'])],
    });
    // The case was shown; the withheld log was not, and its reads are written only by its own resolvers.
    expect(await accessLogSince(h, since)).toEqual([
      entry(caseManager, { caseId: c.id, action: 'READ', fields: ['id'], basis: 'CARE_TEAM', at: now.toISOString() }),
    ]);
  });

  it('is withheld as Case.accessLog from the receptionist (no access-log:read), the case still shown', async () => {
    const query = `query One($id: ID!) { case(id: $id) { id accessLog { center { action } } } }`;
    expect(await h.run(reception, query, { id: c.id })).toEqual({
      data: { case: { id: c.id, accessLog: null } },
      errors: [forbidden('MISSING_SCOPE', ['case', 'accessLog'])],
    });
  });
});

describe('accessLog(caseId): who may not read it', () => {
  let caseId: string;
  beforeAll(async () => {
    caseId = (await openCase(h, intake('GASABO-1'), caseManager)).id;
  });

  it('answers the case manager, for a case nobody else touched, only their own write and the read of its answer', async () => {
    expect(await h.run(caseManager, ACCESS_LOG, { caseId })).toEqual({
      data: {
        accessLog: {
          caseId,
          center: [
            shownEntry(entry(caseManager, { caseId, action: 'WRITE', fields: ['openCase'], basis: 'CARE_TEAM' })),
            shownEntry(entry(caseManager, { caseId, action: 'READ', fields: CASE_FIELD_PATHS, basis: 'CARE_TEAM' })),
          ],
        },
      },
    });
  });

  it('logs nothing when only the case id is asked for: no entry was shown', async () => {
    const since = await lastLogId(h);
    expect(
      await h.run(auditor, `query Log($caseId: ID!) { accessLog(caseId: $caseId) { caseId } }`, { caseId }),
    ).toEqual({
      data: { accessLog: { caseId } },
    });
    expect(await accessLogSince(h, since)).toEqual([]);
  });

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    expect(await h.run(anonymous, ACCESS_LOG, { caseId })).toEqual({
      data: { accessLog: null },
      errors: [unauthenticated(logPath)],
    });
  });

  const withoutAccessLogRead: Role[] = [
    'reception-officer',
    'psychologist',
    'clinician',
    'investigator',
    'social-worker',
    'local-official',
    'analyst',
    'administrator',
    'ministry-system',
  ];
  it.each(withoutAccessLogRead)(
    'refuses a %s (no access-log:read) with FORBIDDEN MISSING_SCOPE, and logs nothing',
    async (role) => {
      const since = await lastLogId(h);
      expect(await h.run(gasabo(role), ACCESS_LOG, { caseId })).toEqual({
        data: { accessLog: null },
        errors: [forbidden('MISSING_SCOPE', logPath)],
      });
      expect(await accessLogSince(h, since)).toEqual([]);
    },
  );

  it.each([
    ['another case manager of the same center', successor],
    ['a case manager of another center', asRole('case-manager', { centers: ['HUYE-1'] })],
  ])('refuses %s with NOT_CASE_MANAGER, and answers a missing or malformed id the same', async (_who, p) => {
    const denied = await h.run(p, ACCESS_LOG, { caseId });
    expect(denied).toEqual({ data: { accessLog: null }, errors: [forbidden('NOT_CASE_MANAGER', logPath)] });
    expect(await h.run(p, ACCESS_LOG, { caseId: MISSING })).toEqual(denied);
    expect(await h.run(p, ACCESS_LOG, { caseId: 'GASABO-1/2026/000001' })).toEqual(denied);
  });

  it('tells the auditor that a missing or malformed id does not exist: CASE_NOT_FOUND', async () => {
    expect(await h.run(auditor, ACCESS_LOG, { caseId: MISSING })).toEqual({
      data: { accessLog: null },
      errors: [caseNotFound(logPath)],
    });
    expect(await h.run(auditor, ACCESS_LOG, { caseId: 'not-a-uuid' })).toEqual({
      data: { accessLog: null },
      errors: [caseNotFound(logPath)],
    });
  });
});

describe('READ entries: the fields selected, as dotted paths', () => {
  let c: OpenedCase;
  let other: OpenedCase;
  beforeAll(async () => {
    c = await openCase(
      h,
      intake('KIREHE-1', {
        survivor: {
          sex: 'FEMALE',
          estimatedAge: 12,
          givenName: 'Keza',
          guardian: { name: 'Diane', relationship: 'aunt' },
        },
        narrative: 'Told at reception.',
      }),
    );
    other = await openCase(h, intake('KIREHE-1'));
  });
  const reception1 = asRole('reception-officer', { centers: ['KIREHE-1'] });

  it('follows fragments and inline fragments, records aliased fields under their names, and leaves out __typename', async () => {
    const query = `query One($id: ID!) {
      case(id: $id) {
        __typename
        number: caseNumber
        ...Details
        survivor { ... on Survivor { code identity { givenName guardian { name } } } }
      }
    }
    fragment Details on Case { narrative center { code } }`;
    const since = await lastLogId(h);
    data(await h.run(reception1, query, { id: c.id }));
    expect(await accessLogSince(h, since)).toEqual([
      entry(reception1, {
        caseId: c.id,
        action: 'READ',
        basis: 'CARE_TEAM',
        fields: [
          'caseNumber',
          'center.code',
          'narrative',
          'survivor.code',
          'survivor.identity.givenName',
          'survivor.identity.guardian.name',
        ],
      }),
    ]);
  });

  it('merges two reads of one case in one request into one entry, and keeps cases apart', async () => {
    const query = `query Two($id: ID!, $other: ID!) {
      a: case(id: $id) { id }
      b: case(id: $id) { narrative }
      c: case(id: $other) { status }
    }`;
    const since = await lastLogId(h);
    data(await h.run(reception1, query, { id: c.id, other: other.id }));
    expect(await accessLogSince(h, since)).toEqual([
      entry(reception1, { caseId: c.id, action: 'READ', fields: ['id', 'narrative'], basis: 'CARE_TEAM' }),
      entry(reception1, { caseId: other.id, action: 'READ', fields: ['status'], basis: 'CARE_TEAM' }),
    ]);
  });

  it('logs each case of a page with the fields of its node, and nothing for the count', async () => {
    const since = await lastLogId(h);
    expect(
      await h.run(
        reception1,
        `{ cases(first: 5) { nodes { id survivor { code } } totalCount pageInfo { hasNextPage } } }`,
      ),
    ).toEqual({
      data: {
        cases: {
          nodes: [
            { id: other.id, survivor: { code: other.survivorCode } },
            { id: c.id, survivor: { code: c.survivorCode } },
          ],
          totalCount: 2,
          pageInfo: { hasNextPage: false },
        },
      },
    });
    expect(await accessLogSince(h, since)).toEqual(
      [other, c].map((x) =>
        entry(reception1, { caseId: x.id, action: 'READ', fields: ['id', 'survivor.code'], basis: 'CARE_TEAM' }),
      ),
    );
  });

  // A dashboard asking only for the count must not leave a READ entry of no field in every survivor's log.
  it('logs nothing for a count alone: no case was shown', async () => {
    const since = await lastLogId(h);
    expect(await h.run(reception1, `{ cases { totalCount } }`)).toEqual({ data: { cases: { totalCount: 2 } } });
    expect(await accessLogSince(h, since)).toEqual([]);
  });

  // A client that wraps the nodes in a fragment on CaseConnection still reads the narrative and the survivor's name:
  // the log must say so, not record a READ of no field.
  it('logs the node fields of a page selected through a fragment or an inline fragment on CaseConnection', async () => {
    const fields = ['id', 'narrative', 'survivor.identity.givenName'];
    for (const query of [
      `{ cases(first: 5) { ...Page } } fragment Page on CaseConnection { nodes { id narrative survivor { identity { givenName } } } }`,
      `{ cases(first: 5) { ... on CaseConnection { nodes { id narrative survivor { identity { givenName } } } } } }`,
    ]) {
      const since = await lastLogId(h);
      data(await h.run(reception1, query));
      expect(await accessLogSince(h, since)).toEqual(
        [other, c].map((x) => entry(reception1, { caseId: x.id, action: 'READ', fields, basis: 'CARE_TEAM' })),
      );
    }
  });

  it("leaves out fields the caller's scopes do not reach: they were refused, not shown", async () => {
    const psychologist = asRole('psychologist', { centers: ['KIREHE-1'] });
    const query = `query One($id: ID!) { case(id: $id) { id narrative consentOverrides { agency } survivor { code identity { givenName } } } }`;
    const since = await lastLogId(h);
    expect(await h.run(psychologist, query, { id: c.id })).toEqual({
      data: {
        case: {
          id: c.id,
          narrative: 'Told at reception.',
          consentOverrides: null,
          survivor: { code: c.survivorCode, identity: null },
        },
      },
      errors: [
        forbidden('MISSING_SCOPE', ['case', 'consentOverrides']),
        forbidden('MISSING_SCOPE', ['case', 'survivor', 'identity']),
      ],
    });
    expect(await accessLogSince(h, since)).toEqual([
      entry(psychologist, {
        caseId: c.id,
        action: 'READ',
        fields: ['id', 'narrative', 'survivor.code'],
        basis: 'CARE_TEAM',
      }),
    ]);
  });
});

describe('the access log is append-only', () => {
  const execute = (sql: string) => h.orm.em.fork().getConnection().execute(sql);
  const all = () => h.orm.em.fork().getConnection().execute('select * from center.access_log order by id');

  beforeAll(async () => {
    const caseId = (await openCase(h, intake('NGOMA-1'))).id;
    await share(h, asRole('reception-officer', { centers: ['NGOMA-1'] }), caseId, 'HEALTH');
  });

  it.each([
    ['an UPDATE', `update center.access_log set basis = 'X'`, 'UPDATE'],
    ['an UPDATE of no row at all', `update center.access_log set reason = 'X' where false`, 'UPDATE'],
    ['a DELETE', 'delete from center.access_log', 'DELETE'],
    [
      'a DELETE of one entry',
      'delete from center.access_log where id = (select max(id) from center.access_log)',
      'DELETE',
    ],
    ['a TRUNCATE', 'truncate center.access_log', 'TRUNCATE'],
  ])('refuses %s, and every entry stays as it was', async (_what, sql, op) => {
    const before = await all();
    expect(before.length).toBeGreaterThan(0);
    await expect(execute(sql)).rejects.toThrow(`the access log is append-only: ${op} refused`);
    expect(await all()).toEqual(before);
  });

  it('numbers and chains an entry itself: a forged id and hash are not kept', async () => {
    const last = await lastLogId(h);
    const [previous] = (await execute(`select hash from center.access_log where id = ${last}`)) as [{ hash: string }];
    await execute(`insert into center.access_log (id, at, subject, agency, roles, case_id, action, fields, basis, reason, request_id, prev_hash, hash)
      values (1, now(), 'demo:forger', 'center', '{reception-officer}', null, 'READ', '{}', 'CARE_TEAM', null, 'forged', 'forged', 'forged')`);
    const [forged] = (await execute(
      `select id::int as id, prev_hash, hash from center.access_log where request_id = 'forged'`,
    )) as [{ id: number; prev_hash: string; hash: string }];
    expect(forged).toEqual({
      id: expect.any(Number),
      prev_hash: previous.hash,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(forged.id).toBeGreaterThan(last);
  });

  // Recomputed here, in id order, with the canonical encoding the database uses: every entry follows the one before it
  // and its content matches its hash.
  it('holds as a hash chain from the first entry to the last', async () => {
    const rows = (await execute(`select id::int as n, id::text as id_text,
        to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_text, subject, agency, roles, case_id::text as case_text,
        action, fields, basis, reason, request_id, prev_hash, hash
      from center.access_log order by id`)) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(30);
    let previous = '';
    const problems: string[] = [];
    for (const r of rows) {
      if (r.prev_hash !== previous) problems.push(`${r.n}: does not follow`);
      const expected = entryHash(
        canonicalEntry({
          prevHash: r.prev_hash as string,
          id: r.id_text as string,
          at: r.at_text as string,
          subject: r.subject as string,
          agency: r.agency as string,
          roles: r.roles as string[],
          caseId: r.case_text as string | null,
          action: r.action as string,
          fields: r.fields as string[],
          basis: r.basis as string,
          reason: r.reason as string | null,
          requestId: r.request_id as string,
        }),
      );
      if (expected !== r.hash) problems.push(`${r.n}: altered`);
      previous = r.hash as string;
    }
    expect(problems).toEqual([]);
  });

  // `npm run access-log:verify` must walk the entries in id order, not in the order of their ids as text (1, 10, 11,
  // ..., 2), which reports every log of ten entries or more as broken: a verifier that cries wolf hides tampering.
  it('is found intact by verifyChain, past ten entries', async () => {
    const [{ n }] = (await execute('select count(*)::int as n from center.access_log')) as [{ n: number }];
    expect(n).toBeGreaterThanOrEqual(10);
    expect(await withClient(databaseUrl, (client) => verifyChain(client, 'center'))).toEqual({
      entries: n,
      broken: null,
    });
  });
});

// The write and its entry land together or not at all; a read that cannot be logged is not shown.
describe('when the access log cannot be written', () => {
  const execute = (sql: string) => h.orm.em.fork().getConnection().execute(sql);
  const reception1 = asRole('reception-officer', { centers: ['NYANZA-1'] });
  let opened: OpenedCase;

  beforeAll(async () => {
    opened = await openCase(h, intake('NYANZA-1'));
    await recordConsent(h, reception1, consentInput(opened.id, 'HEALTH'));
  });

  async function withLogDown<T>(fn: () => Promise<T>): Promise<T> {
    await execute(`create function center.test_log_down() returns trigger language plpgsql as $$
      begin raise exception 'access log unavailable'; end $$`);
    await execute(
      'create trigger test_log_down before insert on center.access_log for each row execute function center.test_log_down()',
    );
    try {
      return await fn();
    } finally {
      await execute('drop trigger test_log_down on center.access_log');
      await execute('drop function center.test_log_down()');
    }
  }

  const internal = (field: string) => ({ data: null, errors: [internalError([field])] });

  it('refuses a referral, writing no referral', async () => {
    const query = `mutation R($input: ReferCaseInput!) { referCase(input: $input) { id } }`;
    const before = await rowCounts(h);
    expect(
      await withLogDown(() => h.run(reception1, query, { input: { caseId: opened.id, agency: 'HEALTH' } })),
    ).toEqual(internal('referCase'));
    expect(await rowCounts(h)).toEqual(before);
    // With the log back, the same referral goes through.
    expect(await referCase(h, reception1, opened.id, 'HEALTH')).toMatchObject({ agency: 'HEALTH' });
  });

  it('refuses an intake, writing no survivor, no case and no case number', async () => {
    const query = `mutation Open($input: OpenCaseInput!) { openCase(input: $input) { id } }`;
    const before = await rowCounts(h);
    expect(await withLogDown(() => h.run(reception1, query, { input: intake('NYANZA-1') }))).toEqual(
      internal('openCase'),
    );
    expect(await rowCounts(h)).toEqual(before);
  });

  it('withholds the case it could not log reading', async () => {
    const query = `query One($id: ID!) { case(id: $id) { id narrative } }`;
    expect(await withLogDown(() => h.run(reception1, query, { id: opened.id }))).toEqual({
      data: null,
      errors: [
        {
          message: 'The access could not be recorded, so nothing is shown',
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ],
    });
  });
});

describe('verifyChain finds tampering', () => {
  // Last in this file: it alters the log behind the append-only trigger's back, as someone with the table owner's
  // rights could, and the chain from that entry on no longer holds.
  it('names the first entry whose content was altered', async () => {
    const execute = (sql: string) => h.orm.em.fork().getConnection().execute(sql);
    const [{ id }] = (await execute(`select min(id)::text as id from center.access_log where basis = 'OVERRIDE'`)) as [
      { id: string },
    ];
    await execute('alter table center.access_log disable trigger access_log_append_only');
    try {
      await execute(`update center.access_log set basis = 'CONSENT' where id = ${id}`);
    } finally {
      await execute('alter table center.access_log enable trigger access_log_append_only');
    }
    const [{ n }] = (await execute(`select count(*)::int as n from center.access_log where id < ${id}`)) as [
      { n: number },
    ];
    expect(await withClient(databaseUrl, (client) => verifyChain(client, 'center'))).toEqual({
      entries: n,
      broken: { id, problem: 'its content no longer matches its hash: it was altered' },
    });
  });
});
