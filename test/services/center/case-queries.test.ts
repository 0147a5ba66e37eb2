import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { Case } from '../../../services/center/entities/case.entity.js';
import { CaseStatus } from '../../../services/center/types/case-enums.js';
import { demoClaims } from '../../../services/hub/demo-users.js';
import { type Caller, callerFromClaims } from '../../../services/shared/caller.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, caseNotFound, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  addConsent,
  addReferral,
  CASE_FIELDS,
  type CaseView,
  data,
  freezeClock,
  intake,
  openCase,
  type OpenedCase,
  OVERRIDE_CONSENT,
  referCase,
  share,
  survivorInput,
} from './fixtures.js';

// The cases opened in beforeAll are the only ones at GASABO-1, GASABO-2 and HUYE-1 in this file's database: tests
// that need more cases open them at centers of their own, so that no test depends on another.
//
// Center staff see the cases of their centers. Every other agency sees a case only within its organisational scope,
// once the case is referred to it, and while consent (or a consent override) for it is in force: the cases below are
// shared accordingly, so that each agency has something to see here. Who sees what in every other situation is the
// business of case-access.test.ts.

let h: SubgraphHarness;
let g1: OpenedCase; // GASABO-1, open, named survivor, guardian, narrative; consented to and referred to all three agencies
let g1Closed: OpenedCase; // GASABO-1, closed; no consent, but overrides for health and the gender ministry, and referred to both
let g2: OpenedCase; // GASABO-2 (same district, other center); consented to and referred to the gender ministry
let hu: OpenedCase; // HUYE-1 (another district); consented to and referred to health and the gender ministry

const MISSING = '6f1c1d7e-3b7a-4c55-9a51-000000000000';

beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
  const t0 = new Date(Date.now() - 60_000);
  const at = (seconds: number) => freezeClock(new Date(t0.getTime() + seconds * 1000));
  try {
    at(0);
    g1 = await openCase(
      h,
      intake('GASABO-1', {
        survivor: {
          sex: 'FEMALE',
          estimatedAge: 14,
          givenName: 'Aline',
          familyName: 'Uwase',
          phone: '+250788000001',
          guardian: { name: 'Jeanne Mukamana', relationship: 'mother', phone: null },
        },
        narrative: 'What she told reception.',
        needs: ['MEDICAL', 'PSYCHOSOCIAL'],
      }),
    );
    await share(h, asDemoUser('reception'), g1.id, 'HEALTH', 'GUARDIAN');
    at(1);
    await share(h, asDemoUser('reception'), g1.id, 'POLICE', 'GUARDIAN');
    at(1.5);
    await share(h, asDemoUser('reception'), g1.id, 'GENDER_MINISTRY', 'GUARDIAN');
    at(2);
    g1Closed = await openCase(h, intake('GASABO-1', { incidentType: 'PHYSICAL_ASSAULT' }));
    await h.orm.em.fork().nativeUpdate(Case, { id: g1Closed.id }, { status: CaseStatus.CLOSED });
    g1Closed.view.status = 'CLOSED';
    for (const [i, agency] of ['HEALTH', 'GENDER_MINISTRY'].entries()) {
      at(2 + i / 2);
      data(
        await h.run(asDemoUser('case-manager'), OVERRIDE_CONSENT, {
          input: { caseId: g1Closed.id, agency, reason: 'The survivor is unconscious and cannot be asked yet.' },
        }),
      );
      await referCase(h, asDemoUser('case-manager'), g1Closed.id, agency);
    }
    at(3);
    g2 = await openCase(h, intake('GASABO-2', { survivor: { sex: 'MALE', estimatedAge: 40 } }));
    await share(h, asRole('reception-officer', { centers: ['GASABO-2'] }), g2.id, 'GENDER_MINISTRY');
    at(4);
    hu = await openCase(h, intake('HUYE-1', { survivor: survivorInput({ estimatedAge: 25, givenName: 'Solange' }) }));
    await share(h, asRole('reception-officer', { centers: ['HUYE-1'] }), hu.id, 'HEALTH');
    await share(h, asRole('reception-officer', { centers: ['HUYE-1'] }), hu.id, 'GENDER_MINISTRY');
  } finally {
    vi.useRealTimers();
  }
});
afterEach(() => {
  vi.useRealTimers();
});

const CASE = `query One($id: ID!) {
  case(id: $id) {
    ${CASE_FIELDS}
  }
}`;

describe('case(id): who sees a case', () => {
  const sees: [string, Caller, () => OpenedCase][] = [
    ['reception of GASABO-1 sees its case', asDemoUser('reception'), () => g1],
    ['the case manager of GASABO-1 sees its closed case', asDemoUser('case-manager'), () => g1Closed],
    ['the psychologist of GASABO-1 sees its case', asDemoUser('psychologist'), () => g1],
    ['the clinician of GASABO-1 sees its case, referred to health with consent', asDemoUser('clinician'), () => g1],
    [
      'the clinician of GASABO-1 sees its closed case, referred to health under an override',
      asDemoUser('clinician'),
      () => g1Closed,
    ],
    [
      'the investigator of GASABO-1 sees its case, referred to the police with consent',
      asDemoUser('investigator'),
      () => g1,
    ],
    ['the Huye clinician sees the Huye case, referred to health with consent', asDemoUser('huye-clinician'), () => hu],
    [
      'the Gasabo social worker sees a GASABO-1 case referred to the ministry with consent',
      asDemoUser('social-worker'),
      () => g1,
    ],
    [
      'the Gasabo social worker sees a GASABO-2 case referred to the ministry with consent',
      asDemoUser('social-worker'),
      () => g2,
    ],
    [
      'the Gasabo local official sees a GASABO-2 case referred to the ministry with consent',
      asDemoUser('local-official'),
      () => g2,
    ],
    [
      'the ministry system (national) sees a Huye case referred to the ministry with consent',
      asDemoUser('ministry-system'),
      () => hu,
    ],
    [
      'a receptionist of two centers sees the case at the second',
      asRole('reception-officer', { centers: ['NGOMA-1', 'HUYE-1'] }),
      () => hu,
    ],
  ];
  it.each(sees)('%s', async (_who, principal, c) => {
    expect(await h.run(principal, CASE, { id: c().id })).toEqual({ data: { case: c().view } });
  });

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    expect(await h.run(anonymous, CASE, { id: g1.id })).toEqual({
      data: { case: null },
      errors: [unauthenticated(['case'])],
    });
  });

  it.each([['analyst'], ['auditor'], ['admin']])(
    'refuses the %s (national, no case:read) with FORBIDDEN MISSING_SCOPE',
    async (login) => {
      expect(await h.run(asDemoUser(login), CASE, { id: g1.id })).toEqual({
        data: { case: null },
        errors: [forbidden('MISSING_SCOPE', ['case'])],
      });
    },
  );

  const outOfScope: [string, Caller, () => OpenedCase][] = [
    ['the Huye clinician asking for a GASABO-1 case', asDemoUser('huye-clinician'), () => g1],
    ['the GASABO-1 clinician asking for the Huye case', asDemoUser('clinician'), () => hu],
    ['GASABO-1 reception asking for a GASABO-2 case (same district, other center)', asDemoUser('reception'), () => g2],
    ['the Gasabo social worker asking for the Huye case', asDemoUser('social-worker'), () => hu],
    ['a Huye local official asking for a GASABO-1 case', asRole('local-official', { district: 'Huye' }), () => g1],
  ];
  it.each(outOfScope)('refuses %s with FORBIDDEN OUT_OF_SCOPE', async (_who, principal, c) => {
    expect(await h.run(principal, CASE, { id: c().id })).toEqual({
      data: { case: null },
      errors: [forbidden('OUT_OF_SCOPE', ['case'])],
    });
  });

  it.each(outOfScope)('answers %s exactly as if the case did not exist', async (_who, principal, c) => {
    const hidden = await h.run(principal, CASE, { id: c().id });
    const missing = await h.run(principal, CASE, { id: MISSING });
    expect(missing).toEqual(hidden);
  });

  // In scope but not shared: the agency learns why (the case exists), which a caller out of scope never does.
  it.each([
    [
      'the Huye investigator asking for the Huye case (not referred to the police)',
      asRole('investigator', { centers: ['HUYE-1'] }),
      () => hu,
      'NOT_REFERRED',
    ],
    [
      'the GASABO-2 clinician asking for the GASABO-2 case (not referred to health)',
      asRole('clinician', { centers: ['GASABO-2'] }),
      () => g2,
      'NOT_REFERRED',
    ],
    [
      'the ministry system asking for the GASABO-1 closed case (referred, override in force) sees it',
      asDemoUser('ministry-system'),
      () => g1Closed,
      null,
    ],
  ] as const)('answers %s', async (_who, principal, c, reason) => {
    expect(await h.run(principal, CASE, { id: c().id })).toEqual(
      reason === null ? { data: { case: c().view } } : { data: { case: null }, errors: [forbidden(reason, ['case'])] },
    );
  });

  it('tells a national role that a missing id does not exist: CASE_NOT_FOUND', async () => {
    expect(await h.run(asDemoUser('ministry-system'), CASE, { id: MISSING })).toEqual({
      data: { case: null },
      errors: [caseNotFound(['case'])],
    });
  });

  // An id that is not a UUID cannot exist either: PostgreSQL refuses to compare it with a uuid column, and the caller
  // gets INTERNAL_SERVER_ERROR instead of the answer for a missing case.
  it('answers a scoped caller asking for an id that is not a UUID as for a missing case (OUT_OF_SCOPE)', async () => {
    expect(await h.run(asDemoUser('reception'), CASE, { id: 'GASABO-1/2026/000001' })).toEqual(
      await h.run(asDemoUser('reception'), CASE, { id: MISSING }),
    );
  });

  it('answers a national role asking for an id that is not a UUID with CASE_NOT_FOUND', async () => {
    expect(await h.run(asDemoUser('ministry-system'), CASE, { id: 'not-a-uuid' })).toEqual({
      data: { case: null },
      errors: [caseNotFound(['case'])],
    });
  });

  // The catalogue unions the scopes of all roles but takes the widest organisational scope of any role. A GASABO-1
  // receptionist who also holds the analyst role (national, stats:read only) thereby reads every case in the country,
  // survivors' names included. Each role's scopes should reach only that role's organisational scope.
  it("does not let an extra national role widen a receptionist's case:read and survivor:identity to the whole country", () => {
    // Such a token never becomes a principal: one token, one agency and one organisational scope.
    expect(() =>
      callerFromClaims({
        ...demoClaims({ login: 'reception-and-analyst', role: 'reception-officer', centers: ['GASABO-1'] }),
        roles: ['reception-officer', 'analyst'],
        scope:
          'case:read case:write survivor:identity case:narrative consent:read consent:write referral:write stats:read',
      }),
    ).toThrow('roles must all belong to agency center');
  });
});

describe('Case.center and Case.survivor', () => {
  it("resolve the full center and survivor of a case: the survivor's code, sex and age to everyone who sees the case", async () => {
    const query = `query One($id: ID!) {
      case(id: $id) {
        center { id code name district province hospital safeRoomBeds }
        survivor { id code sex age child }
      }
    }`;
    expect(await h.run(asDemoUser('social-worker'), query, { id: g2.id })).toEqual({
      data: {
        case: {
          center: {
            id: expect.any(String),
            code: 'GASABO-2',
            name: 'Isange One Stop Center, Kibagabaga Hospital',
            district: 'Gasabo',
            province: 'Kigali City',
            hospital: 'Kibagabaga Hospital',
            safeRoomBeds: 4 + ('GASABO-2'.length % 4),
          },
          survivor: { id: g2.survivorId, code: g2.survivorCode, sex: 'MALE', age: 40, child: false },
        },
      },
    });
  });

  it('the date of birth, the estimate and the nationality need survivor:identity, as the names do', async () => {
    const query = `query One($id: ID!) { case(id: $id) { survivor { code dateOfBirth estimatedAge nationality } } }`;
    const e = (field: string) => forbidden('MISSING_SCOPE', ['case', 'survivor', field]);
    expect(await h.run(asDemoUser('social-worker'), query, { id: g2.id })).toEqual({
      data: { case: { survivor: { code: g2.survivorCode, dateOfBirth: null, estimatedAge: null, nationality: null } } },
      errors: [e('dateOfBirth'), e('estimatedAge'), e('nationality')],
    });
    expect(await h.run(asRole('reception-officer', { centers: ['GASABO-2'] }), query, { id: g2.id })).toEqual({
      data: { case: { survivor: { code: g2.survivorCode, dateOfBirth: null, estimatedAge: 40, nationality: null } } },
    });
  });

  it('resolve centers and survivors for every case of a page', async () => {
    const query = `{ cases(first: 10) { nodes { caseNumber center { code } survivor { code } } } }`;
    expect(await h.run(asDemoUser('social-worker'), query)).toEqual({
      data: {
        cases: {
          nodes: [g2, g1Closed, g1].map((c) => ({
            caseNumber: c.caseNumber,
            center: { code: c.view.center.code },
            survivor: { code: c.survivorCode },
          })),
        },
      },
    });
  });
});

describe('Case.narrative (case:narrative)', () => {
  const query = `query One($id: ID!) { case(id: $id) { id narrative } }`;

  it.each([['reception'], ['case-manager'], ['psychologist']])('is read by the %s', async (login) => {
    expect(await h.run(asDemoUser(login), query, { id: g1.id })).toEqual({
      data: { case: { id: g1.id, narrative: 'What she told reception.' } },
    });
  });

  it('is null, without an error, when nothing was told', async () => {
    expect(await h.run(asDemoUser('psychologist'), query, { id: g1Closed.id })).toEqual({
      data: { case: { id: g1Closed.id, narrative: null } },
    });
  });

  it.each([['clinician'], ['investigator'], ['social-worker'], ['local-official'], ['ministry-system']])(
    'is withheld from the %s with FORBIDDEN MISSING_SCOPE, the rest of the case still answered',
    async (login) => {
      expect(await h.run(asDemoUser(login), query, { id: g1.id })).toEqual({
        data: { case: { id: g1.id, narrative: null } },
        errors: [forbidden('MISSING_SCOPE', ['case', 'narrative'])],
      });
    },
  );

  it('is withheld on every node of a page', async () => {
    const list = `{ cases(first: 5, centerCode: "GASABO-1") { nodes { id narrative } } }`;
    expect(await h.run(asDemoUser('clinician'), list)).toEqual({
      data: {
        cases: {
          nodes: [
            { id: g1Closed.id, narrative: null },
            { id: g1.id, narrative: null },
          ],
        },
      },
      errors: [
        forbidden('MISSING_SCOPE', ['cases', 'nodes', 0, 'narrative']),
        forbidden('MISSING_SCOPE', ['cases', 'nodes', 1, 'narrative']),
      ],
    });
  });
});

describe('Survivor.identity (survivor:identity)', () => {
  const query = `query One($id: ID!) { case(id: $id) { survivor { code identity { givenName familyName phone guardian { name relationship phone } } } } }`;

  it.each([['reception'], ['case-manager'], ['investigator']])('is read by the %s', async (login) => {
    expect(await h.run(asDemoUser(login), query, { id: g1.id })).toEqual({
      data: {
        case: {
          survivor: {
            code: g1.survivorCode,
            identity: {
              givenName: 'Aline',
              familyName: 'Uwase',
              phone: '+250788000001',
              guardian: { name: 'Jeanne Mukamana', relationship: 'mother', phone: null },
            },
          },
        },
      },
    });
  });

  it.each([['psychologist'], ['clinician'], ['social-worker'], ['local-official'], ['ministry-system']])(
    'is withheld from the %s with FORBIDDEN MISSING_SCOPE; the survivor code is still shown',
    async (login) => {
      expect(await h.run(asDemoUser(login), query, { id: g1.id })).toEqual({
        data: { case: { survivor: { code: g1.survivorCode, identity: null } } },
        errors: [forbidden('MISSING_SCOPE', ['case', 'survivor', 'identity'])],
      });
    },
  );

  it('is not reachable through a case of another center', async () => {
    expect(await h.run(asDemoUser('reception'), query, { id: hu.id })).toEqual({
      data: { case: null },
      errors: [forbidden('OUT_OF_SCOPE', ['case'])],
    });
  });
});

describe('Case.consents (consent:read)', () => {
  const query = `query One($id: ID!) { case(id: $id) { id consents { scope givenBy active withdrawnAt } } }`;

  it.each([['reception'], ['case-manager']])('are listed, oldest first, to the %s', async (login) => {
    expect(await h.run(asDemoUser(login), query, { id: g1.id })).toEqual({
      data: {
        case: {
          id: g1.id,
          consents: [
            { scope: 'HEALTH', givenBy: 'GUARDIAN', active: true, withdrawnAt: null },
            { scope: 'POLICE', givenBy: 'GUARDIAN', active: true, withdrawnAt: null },
            { scope: 'GENDER_MINISTRY', givenBy: 'GUARDIAN', active: true, withdrawnAt: null },
          ],
        },
      },
    });
  });

  it('are an empty list for a case without consents (its overrides are not consents)', async () => {
    expect(await h.run(asDemoUser('reception'), query, { id: g1Closed.id })).toEqual({
      data: { case: { id: g1Closed.id, consents: [] } },
    });
  });

  it.each([['psychologist'], ['clinician'], ['investigator'], ['social-worker'], ['ministry-system']])(
    'are withheld from the %s with FORBIDDEN MISSING_SCOPE (the non-null list takes the case with it)',
    async (login) => {
      expect(await h.run(asDemoUser(login), query, { id: g1.id })).toEqual({
        data: { case: null },
        errors: [forbidden('MISSING_SCOPE', ['case', 'consents'])],
      });
    },
  );
});

describe('Case.consentOverrides (consent:read) and Case.referrals (case:read)', () => {
  const query = `query One($id: ID!) {
    case(id: $id) {
      id
      consentOverrides { id agency reason overriddenBy overriddenAt expiresAt }
      referrals { id agency referredAt referredBy }
    }
  }`;
  const HOURS_72 = 72 * 3600_000;
  const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
  const REASON = 'The survivor is unconscious and cannot be asked yet.';

  it('list the overrides and the referrals of a case, oldest first, to the case manager', async () => {
    const opened = g1Closed.view.openedAt;
    expect(await h.run(asDemoUser('case-manager'), query, { id: g1Closed.id })).toEqual({
      data: {
        case: {
          id: g1Closed.id,
          consentOverrides: ['HEALTH', 'GENDER_MINISTRY'].map((agency, i) => ({
            id: expect.any(String),
            agency,
            reason: REASON,
            overriddenBy: 'demo:case-manager',
            overriddenAt: plus(opened, i * 500),
            expiresAt: plus(opened, i * 500 + HOURS_72),
          })),
          referrals: ['HEALTH', 'GENDER_MINISTRY'].map((agency, i) => ({
            id: expect.any(String),
            agency,
            referredAt: plus(opened, i * 500),
            referredBy: 'demo:case-manager',
          })),
        },
      },
    });
  });

  it('are empty lists for a case without any', async () => {
    const fresh = await openCase(h, intake('MUHANGA-2'));
    expect(await h.run(asRole('reception-officer', { centers: ['MUHANGA-2'] }), query, { id: fresh.id })).toEqual({
      data: { case: { id: fresh.id, consentOverrides: [], referrals: [] } },
    });
  });

  it('show neither the referrals nor the overrides to the clinician (no referral:read, no consent:read)', async () => {
    expect(await h.run(asDemoUser('clinician'), query, { id: g1.id })).toEqual({
      data: { case: { id: g1.id, consentOverrides: null, referrals: null } },
      errors: [
        forbidden('MISSING_SCOPE', ['case', 'consentOverrides']),
        forbidden('MISSING_SCOPE', ['case', 'referrals']),
      ],
    });
  });
});

describe('cases: which cases a caller sees', () => {
  const LIST = `query List($first: Int, $after: String, $centerCode: String, $status: CaseStatus) {
  cases(first: $first, after: $after, centerCode: $centerCode, status: $status) {
    nodes { ${CASE_FIELDS} }
    totalCount
    pageInfo { hasNextPage endCursor }
  }
}`;
  const page = (nodes: CaseView[], hasNextPage = false) => ({
    data: {
      cases: {
        nodes,
        totalCount: nodes.length,
        pageInfo: { hasNextPage, endCursor: nodes.length > 0 ? expect.any(String) : null },
      },
    },
  });

  it('shows GASABO-1 staff the cases of GASABO-1, newest first, and nothing else', async () => {
    expect(await h.run(asDemoUser('reception'), LIST)).toEqual(page([g1Closed.view, g1.view]));
    expect(await h.run(asDemoUser('psychologist'), LIST)).toEqual(page([g1Closed.view, g1.view]));
  });

  it('shows the GASABO-1 clinician the GASABO-1 cases referred to health with consent or under an override', async () => {
    expect(await h.run(asDemoUser('clinician'), LIST)).toEqual(page([g1Closed.view, g1.view]));
  });

  it('shows the GASABO-1 investigator only the case referred to the police with consent', async () => {
    expect(await h.run(asDemoUser('investigator'), LIST)).toEqual(page([g1.view]));
  });

  it('shows a Huye investigator nothing: the Huye case is not referred to the police', async () => {
    expect(await h.run(asRole('investigator', { centers: ['HUYE-1'] }), LIST)).toEqual(page([]));
  });

  it('shows the ministry system (national) every case shared with the ministry, and no other', async () => {
    expect(await h.run(asDemoUser('ministry-system'), LIST)).toEqual(page([hu.view, g2.view, g1Closed.view, g1.view]));
  });

  it('shows the Huye clinician the Huye case only', async () => {
    expect(await h.run(asDemoUser('huye-clinician'), LIST)).toEqual(page([hu.view]));
  });

  it('shows the Gasabo social worker both Gasabo centers and not Huye', async () => {
    expect(await h.run(asDemoUser('social-worker'), LIST)).toEqual(page([g2.view, g1Closed.view, g1.view]));
  });

  it('shows a Huye local official the Huye case only', async () => {
    expect(await h.run(asRole('local-official', { district: 'Huye' }), LIST)).toEqual(page([hu.view]));
  });

  it("filters by center within the caller's scope, never beyond it", async () => {
    const sw = asDemoUser('social-worker');
    expect(await h.run(sw, LIST, { centerCode: 'GASABO-2' })).toEqual(page([g2.view]));
    expect(await h.run(sw, LIST, { centerCode: 'HUYE-1' })).toEqual(page([]));
    expect(await h.run(asDemoUser('reception'), LIST, { centerCode: 'GASABO-2' })).toEqual(page([]));
    expect(await h.run(asDemoUser('reception'), LIST, { centerCode: 'NOWHERE-1' })).toEqual(page([]));
    expect(await h.run(asDemoUser('ministry-system'), LIST, { centerCode: 'HUYE-1' })).toEqual(page([hu.view]));
  });

  it('filters by status', async () => {
    const rc = asDemoUser('reception');
    expect(await h.run(rc, LIST, { status: 'OPEN' })).toEqual(page([g1.view]));
    expect(await h.run(rc, LIST, { status: 'CLOSED' })).toEqual(page([g1Closed.view]));
    expect(await h.run(asDemoUser('social-worker'), LIST, { status: 'OPEN' })).toEqual(page([g2.view, g1.view]));
    expect(await h.run(asDemoUser('ministry-system'), LIST, { status: 'CLOSED', centerCode: 'GASABO-1' })).toEqual(
      page([g1Closed.view]),
    );
    expect(await h.run(asDemoUser('ministry-system'), LIST, { status: 'CLOSED', centerCode: 'HUYE-1' })).toEqual(
      page([]),
    );
  });

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    expect(await h.run(anonymous, LIST)).toEqual({
      data: { cases: null },
      errors: [unauthenticated(['cases'])],
    });
  });

  it.each([['analyst'], ['auditor'], ['admin']])(
    'refuses the %s (no case:read) with FORBIDDEN MISSING_SCOPE',
    async (login) => {
      expect(await h.run(asDemoUser(login), LIST)).toEqual({
        data: { cases: null },
        errors: [forbidden('MISSING_SCOPE', ['cases'])],
      });
    },
  );
});

describe('cases: paging', () => {
  const PAGE = `query Page($first: Int, $after: String, $centerCode: String) {
  cases(first: $first, after: $after, centerCode: $centerCode) {
    nodes { id openedAt }
    totalCount
    pageInfo { hasNextPage endCursor }
  }
}`;
  interface Page {
    nodes: { id: string; openedAt: string }[];
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }
  const e = ['cases'];

  /** Open `count` cases at `centerCode`; `sameInstant` of them share one openedAt (the id then orders them). */
  async function casesAt(
    centerCode: string,
    count: number,
    sameInstant = 0,
  ): Promise<{ id: string; openedAt: string }[]> {
    const opened: { id: string; openedAt: string }[] = [];
    const t0 = Date.now() - 10 * 60_000;
    try {
      for (let i = 0; i < count; i++) {
        freezeClock(new Date(t0 + Math.max(0, i - sameInstant + 1) * 1000));
        const c = await openCase(h, intake(centerCode));
        opened.push({ id: c.id, openedAt: c.view.openedAt });
      }
    } finally {
      vi.useRealTimers();
    }
    return opened.sort((a, b) =>
      a.openedAt === b.openedAt ? (a.id < b.id ? 1 : -1) : a.openedAt < b.openedAt ? 1 : -1,
    );
  }

  async function pageOf(principal: Caller, variables: Record<string, unknown>): Promise<Page> {
    const res = await h.run(principal, PAGE, variables);
    expect(res.errors).toBeUndefined();
    return (res.data as { cases: Page }).cases;
  }

  it('walks all cases in pages that do not overlap, newest first, ties broken by id', async () => {
    // 4 of the 9 share one instant, so a cursor must fall between cases opened at the same millisecond.
    const all = await casesAt('MUSANZE-2', 9, 4);
    const me = asRole('reception-officer', { centers: ['MUSANZE-2'] });
    const pages: Page[] = [];
    let after: string | null = null;
    do {
      const p = await pageOf(me, { first: 2, after });
      pages.push(p);
      after = p.pageInfo.hasNextPage ? p.pageInfo.endCursor : null;
    } while (after && pages.length < 10);

    expect(pages.map((p) => p.nodes.length)).toEqual([2, 2, 2, 2, 1]);
    expect(pages.map((p) => p.totalCount)).toEqual([9, 9, 9, 9, 9]);
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, true, true, false]);
    expect(pages.flatMap((p) => p.nodes)).toEqual(all);
    expect(new Set(pages.flatMap((p) => p.nodes.map((n) => n.id))).size).toBe(9);
  });

  it('answers an empty last page after the last cursor', async () => {
    const all = await casesAt('BUGESERA-2', 2);
    const me = asRole('reception-officer', { centers: ['BUGESERA-2'] });
    const first = await pageOf(me, { first: 2 });
    expect(first).toEqual({
      nodes: all,
      totalCount: 2,
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
    });
    expect(await pageOf(me, { first: 2, after: first.pageInfo.endCursor })).toEqual({
      nodes: [],
      totalCount: 2,
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });

  it('counts the total when it is asked for under an alias or in a fragment, as when asked plainly', async () => {
    await casesAt('NYANZA-1', 3);
    const me = asRole('reception-officer', { centers: ['NYANZA-1'] });
    const res = await h.run(
      me,
      `query { a: cases(first: 1) { n: totalCount } b: cases(first: 1) { ...Count } }
       fragment Count on CaseConnection { totalCount }`,
    );
    expect(res).toEqual({ data: { a: { n: 3 }, b: { totalCount: 3 } } });
  });

  it('gives 20 cases when first is not given', async () => {
    const all = await casesAt('NYAMAGABE-2', 21);
    const res = await pageOf(asRole('psychologist', { centers: ['NYAMAGABE-2'] }), {});
    expect(res).toEqual({
      nodes: all.slice(0, 20),
      totalCount: 21,
      pageInfo: { hasNextPage: true, endCursor: expect.any(String) },
    });
  });

  it('accepts first: 1 and first: 500', async () => {
    const all = await casesAt('KARONGI-2', 2);
    const me = asRole('case-manager', { centers: ['KARONGI-2'] });
    expect(await pageOf(me, { first: 1 })).toEqual({
      nodes: all.slice(0, 1),
      totalCount: 2,
      pageInfo: { hasNextPage: true, endCursor: expect.any(String) },
    });
    expect(await pageOf(me, { first: 500 })).toEqual({
      nodes: all,
      totalCount: 2,
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
    });
  });

  it.each([[0], [501], [-1], [1_000_000]])('refuses first: %d with BAD_USER_INPUT on first', async (first) => {
    expect(await h.run(asDemoUser('reception'), PAGE, { first })).toEqual({
      data: { cases: null },
      errors: [badInput({ field: 'first', problem: 'must be between 1 and 500' }, e)],
    });
  });

  it('refuses first: null (a nullable variable where first is non-null with a default) with BAD_USER_INPUT', async () => {
    expect(await h.run(asDemoUser('reception'), PAGE, { first: null })).toEqual({
      data: { cases: null },
      errors: [
        {
          message: 'Argument "first" of non-null type "Int!" must not be null.',
          path: ['cases'],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
  });

  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  it.each([
    ['garbage', 'not a cursor'],
    ['a date without an id', b64('2026-01-01T00:00:00.000Z')],
    ['a bad date', b64('yesterday|6f1c1d7e-3b7a-4c55-9a51-000000000000')],
    ['an id that is not a UUID', b64('2026-01-01T00:00:00.000Z|1 or 1=1')],
  ])('refuses a cursor that is %s with BAD_USER_INPUT on after', async (_what, after) => {
    expect(await h.run(asDemoUser('reception'), PAGE, { after })).toEqual({
      data: { cases: null },
      errors: [badInput({ field: 'after', problem: 'is not a cursor from this hub' }, e)],
    });
  });

  // The list's SQL says what the record rule says: pages, counts and cursors of an agency hold the cases shared with
  // it and nothing else, and no page comes back short because a case was filtered out after the query.
  it("walks an agency's pages over the cases shared with it only, counting only those", async () => {
    const all = await casesAt('GICUMBI-2', 7);
    const t = new Date(Date.now() - 5 * 60_000);
    const shared = [all[0]!, all[2]!, all[3]!, all[6]!];
    for (const c of shared) {
      await addReferral(h, c.id, 'HEALTH', t);
      await addConsent(h, c.id, 'HEALTH', { givenAt: t });
    }
    await addReferral(h, all[1]!.id, 'HEALTH', t); // referred, no consent
    await addConsent(h, all[4]!.id, 'HEALTH', { givenAt: t }); // consent, not referred
    await addReferral(h, all[5]!.id, 'POLICE', t); // shared with the police, not with health
    await addConsent(h, all[5]!.id, 'POLICE', { givenAt: t });
    const me = asRole('clinician', { centers: ['GICUMBI-2'] });
    const first = await pageOf(me, { first: 2 });
    expect(first).toEqual({
      nodes: shared.slice(0, 2),
      totalCount: 4,
      pageInfo: { hasNextPage: true, endCursor: expect.any(String) },
    });
    expect(await pageOf(me, { first: 2, after: first.pageInfo.endCursor })).toEqual({
      nodes: shared.slice(2),
      totalCount: 4,
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
    });
    expect(await pageOf(asRole('investigator', { centers: ['GICUMBI-2'] }), { first: 5 })).toEqual({
      nodes: [all[5]],
      totalCount: 1,
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
    });
  });

  it("does not widen the scope with a cursor taken from a national caller's page", async () => {
    const national = await pageOf(asDemoUser('ministry-system'), { first: 1, centerCode: 'HUYE-1' });
    expect(national.nodes.map((n) => n.id)).toEqual([hu.id]);
    expect(await pageOf(asDemoUser('reception'), { first: 5, after: national.pageInfo.endCursor })).toEqual({
      nodes: [g1Closed, g1].map((c) => ({ id: c.id, openedAt: c.view.openedAt })),
      totalCount: 2,
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
    });
  });
});
