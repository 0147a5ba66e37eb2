import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import type { Role } from '../../../services/shared/catalogue.js';
import type { Caller } from '../../../services/shared/caller.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { caseNotFound, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogSince,
  addBreakGlass,
  addConsent,
  addOverride,
  addReferral,
  CASE_FIELD_PATHS,
  CASE_FIELDS,
  type CaseView,
  consentInput,
  data,
  entry,
  freezeClock,
  gasabo,
  GRANT_REASON,
  HOUR,
  intake,
  lastLogId,
  MINUTE,
  openCase,
  OVERRIDE_REASON,
  recordConsent,
  share,
  WITHDRAW_CONSENT,
} from './fixtures.js';

// Who sees a case: the one rule (services/shared/sharing/decide.ts `decide`), applied by `case(id)` and, in SQL, by
// `cases`. Every situation below is a case of its own, set up with rows at exact instants; every role that holds
// case:read asks for it at the instant T (and, where something lapses at T, one minute before). A case shown is
// logged with its basis (and, for an override or a break-glass grant, the reason stated for it); a case refused is
// not logged at all.
//
//   - a break-glass grant in force for the caller's subject opens the case by id, whatever else holds (BREAK_GLASS);
//   - center staff see the cases of their own centers (CARE_TEAM), nothing else (OUT_OF_SCOPE);
//   - other agencies, within their organisational scope, see a case referred to them with a consent for them in force
//     (CONSENT) or, failing that, a consent override in force (OVERRIDE); otherwise NOT_REFERRED or CONSENT_REQUIRED;
//   - lists apply the same rule but not break-glass, which opens one case by id only.

let h: SubgraphHarness;
afterEach(() => {
  vi.useRealTimers();
});

/** The instant every situation is judged at; things that lapse, lapse exactly then. */
const T = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
const BEFORE_T = new Date(T.getTime() - MINUTE);
const GIVEN = new Date(T.getTime() - 2 * HOUR);
const LATER = new Date(T.getTime() + HOUR);

type Group = 'center' | 'health' | 'police' | 'district' | 'national';
type Outcome =
  | 'CARE_TEAM'
  | 'CONSENT'
  | 'OVERRIDE'
  | 'BREAK_GLASS'
  | 'NOT_REFERRED'
  | 'CONSENT_REQUIRED'
  | 'OUT_OF_SCOPE'
  | 'CASE_NOT_FOUND';
type Table = Record<Group, Outcome>;
const ALLOWED = new Set<Outcome>(['CARE_TEAM', 'CONSENT', 'OVERRIDE', 'BREAK_GLASS']);
/** The reason a READ entry carries: the stated reason of the override or grant that allowed it, else none. */
const reasonOf = (basis: Outcome) =>
  basis === 'OVERRIDE' ? OVERRIDE_REASON : basis === 'BREAK_GLASS' ? GRANT_REASON : null;

/** Every role with case:read, as the access log names it (subject demo:test-<role>), at GASABO-1 or in Gasabo. */
const WHO: [string, Caller, Group][] = [
  ['reception officer of GASABO-1', gasabo('reception-officer'), 'center'],
  ['case manager of GASABO-1', gasabo('case-manager'), 'center'],
  ['psychologist of GASABO-1', gasabo('psychologist'), 'center'],
  ['clinician of GASABO-1', gasabo('clinician'), 'health'],
  ['investigator of GASABO-1', gasabo('investigator'), 'police'],
  ['social worker of Gasabo', gasabo('social-worker'), 'district'],
  ['local official of Gasabo', gasabo('local-official'), 'district'],
  ['ministry system (national)', gasabo('ministry-system'), 'national'],
];
/** National roles without case:read: a break-glass grant does not stand in for the scope. */
const WITHOUT_CASE_READ: Role[] = ['analyst', 'auditor', 'administrator'];

const AGENCIES = ['HEALTH', 'POLICE', 'GENDER_MINISTRY'] as const;
const agencies = (o: Outcome, centerStaff: Outcome = 'CARE_TEAM'): Table => ({
  center: centerStaff,
  health: o,
  police: o,
  district: o,
  national: o,
});

async function referAll(caseId: string) {
  for (const a of AGENCIES) await addReferral(h, caseId, a, GIVEN);
}
async function consentAll(caseId: string, o: { expiresAt?: Date; withdrawnAt?: Date } = {}) {
  for (const a of AGENCIES) await addConsent(h, caseId, a, { givenAt: GIVEN, ...o });
}
async function overrideAll(caseId: string, expiresAt: Date) {
  for (const a of AGENCIES) await addOverride(h, caseId, a, { overriddenAt: GIVEN, expiresAt });
}
async function grantEveryone(caseId: string, expiresAt: Date) {
  for (const p of [...WHO.map(([, p]) => p), ...WITHOUT_CASE_READ.map(gasabo)]) {
    await addBreakGlass(h, caseId, p.subject, { startedAt: GIVEN, expiresAt, agency: p.agency });
  }
}

interface Situation {
  name: string;
  centerCode: string;
  setup: (caseId: string) => Promise<void>;
  /** The answer to case(id) at T. */
  atT: Table;
  /** The answer one minute before T, when something lapses at T. */
  beforeT?: Table;
  /** What lists show at T and before T when it differs from case(id): lists ignore break-glass. */
  listedAtT?: Table;
  listedBeforeT?: Table;
}

const SITUATIONS: Situation[] = [
  {
    name: 'referred to every agency, consent for every agency',
    centerCode: 'GASABO-1',
    setup: async (id) => {
      await referAll(id);
      await consentAll(id);
    },
    atT: agencies('CONSENT'),
  },
  {
    name: 'referred to every agency, no consent',
    centerCode: 'GASABO-1',
    setup: referAll,
    atT: agencies('CONSENT_REQUIRED'),
  },
  {
    name: 'consent for every agency, not referred',
    centerCode: 'GASABO-1',
    setup: (id) => consentAll(id),
    atT: agencies('NOT_REFERRED'),
  },
  {
    name: 'referred to health and the police, consent for health and the gender ministry',
    centerCode: 'GASABO-1',
    setup: async (id) => {
      await addReferral(h, id, 'HEALTH', GIVEN);
      await addReferral(h, id, 'POLICE', GIVEN);
      await addConsent(h, id, 'HEALTH', { givenAt: GIVEN });
      await addConsent(h, id, 'GENDER_MINISTRY', { givenAt: GIVEN });
    },
    atT: {
      center: 'CARE_TEAM',
      health: 'CONSENT',
      police: 'CONSENT_REQUIRED',
      district: 'NOT_REFERRED',
      national: 'NOT_REFERRED',
    },
  },
  {
    name: 'referred to every agency, only a consent to statistics',
    centerCode: 'GASABO-1',
    setup: async (id) => {
      await referAll(id);
      await addConsent(h, id, 'STATISTICS', { givenAt: GIVEN });
    },
    atT: agencies('CONSENT_REQUIRED'),
  },
  {
    name: 'referred to every agency, consents expiring at T',
    centerCode: 'GASABO-1',
    setup: async (id) => {
      await referAll(id);
      await consentAll(id, { expiresAt: T });
    },
    atT: agencies('CONSENT_REQUIRED'),
    beforeT: agencies('CONSENT'),
  },
  {
    name: 'referred to every agency, consents withdrawn an hour before T',
    centerCode: 'GASABO-1',
    setup: async (id) => {
      await referAll(id);
      await consentAll(id, { withdrawnAt: new Date(T.getTime() - HOUR) });
    },
    atT: agencies('CONSENT_REQUIRED'),
  },
  {
    name: 'referred to every agency, consent overrides in force',
    centerCode: 'GASABO-1',
    setup: async (id) => {
      await referAll(id);
      await overrideAll(id, LATER);
    },
    atT: agencies('OVERRIDE'),
  },
  {
    name: 'referred to every agency, consent overrides expiring at T',
    centerCode: 'GASABO-1',
    setup: async (id) => {
      await referAll(id);
      await overrideAll(id, T);
    },
    atT: agencies('CONSENT_REQUIRED'),
    beforeT: agencies('OVERRIDE'),
  },
  {
    name: 'consent overrides in force, not referred',
    centerCode: 'GASABO-1',
    setup: (id) => overrideAll(id, LATER),
    atT: agencies('NOT_REFERRED'),
  },
  {
    name: 'referred to every agency, consent and override both in force (consent is the basis)',
    centerCode: 'GASABO-1',
    setup: async (id) => {
      await referAll(id);
      await consentAll(id);
      await overrideAll(id, LATER);
    },
    atT: agencies('CONSENT'),
  },
  {
    name: 'break-glass for the caller, nothing else',
    centerCode: 'GASABO-1',
    setup: (id) => grantEveryone(id, LATER),
    atT: agencies('BREAK_GLASS', 'BREAK_GLASS'),
    listedAtT: agencies('NOT_REFERRED'),
  },
  {
    name: 'break-glass for someone else only',
    centerCode: 'GASABO-1',
    setup: (id) => addBreakGlass(h, id, 'demo:someone-else', { startedAt: GIVEN, expiresAt: LATER }),
    atT: agencies('NOT_REFERRED'),
  },
  {
    name: 'break-glass for the caller expiring at T',
    centerCode: 'GASABO-1',
    setup: (id) => grantEveryone(id, T),
    atT: agencies('NOT_REFERRED'),
    beforeT: agencies('BREAK_GLASS', 'BREAK_GLASS'),
    listedBeforeT: agencies('NOT_REFERRED'),
  },
  {
    name: 'at GASABO-2 (same district, other center), referred to every agency with consent',
    centerCode: 'GASABO-2',
    setup: async (id) => {
      await referAll(id);
      await consentAll(id);
    },
    atT: {
      center: 'OUT_OF_SCOPE',
      health: 'OUT_OF_SCOPE',
      police: 'OUT_OF_SCOPE',
      district: 'CONSENT',
      national: 'CONSENT',
    },
  },
  {
    name: 'at HUYE-1 (out of scope but for national roles), referred to every agency with consent',
    centerCode: 'HUYE-1',
    setup: async (id) => {
      await referAll(id);
      await consentAll(id);
    },
    atT: {
      center: 'OUT_OF_SCOPE',
      health: 'OUT_OF_SCOPE',
      police: 'OUT_OF_SCOPE',
      district: 'OUT_OF_SCOPE',
      national: 'CONSENT',
    },
  },
  {
    name: 'at HUYE-1 (out of scope), break-glass for the caller',
    centerCode: 'HUYE-1',
    setup: (id) => grantEveryone(id, LATER),
    atT: agencies('BREAK_GLASS', 'BREAK_GLASS'),
    listedAtT: {
      center: 'OUT_OF_SCOPE',
      health: 'OUT_OF_SCOPE',
      police: 'OUT_OF_SCOPE',
      district: 'OUT_OF_SCOPE',
      national: 'NOT_REFERRED',
    },
  },
];

const views = new Map<string, CaseView>();
const viewOf = (s: Situation) => views.get(s.name)!;

beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
  try {
    for (const [i, s] of SITUATIONS.entries()) {
      freezeClock(new Date(T.getTime() - 3 * HOUR + i * 1000));
      const opened = await openCase(h, intake(s.centerCode));
      await s.setup(opened.id);
      views.set(s.name, opened.view);
    }
  } finally {
    vi.useRealTimers();
  }
});

const CASE = `query One($id: ID!) {
  case(id: $id) {
    ${CASE_FIELDS}
  }
}`;
const e = ['case'];

function answer(outcome: Outcome, view: CaseView) {
  if (ALLOWED.has(outcome)) return { data: { case: view } };
  if (outcome === 'CASE_NOT_FOUND') return { data: { case: null }, errors: [caseNotFound(e)] };
  return {
    data: { case: null },
    errors: [forbidden(outcome as 'NOT_REFERRED' | 'CONSENT_REQUIRED' | 'OUT_OF_SCOPE', e)],
  };
}

describe('case(id): who sees a case, per role and situation', () => {
  const rows: [string, Situation, Caller, Outcome, Date][] = [];
  for (const s of SITUATIONS) {
    for (const [who, p, group] of WHO) {
      rows.push([`${s.name} | ${who} at T`, s, p, s.atT[group], T]);
      if (s.beforeT) rows.push([`${s.name} | ${who} one minute before T`, s, p, s.beforeT[group], BEFORE_T]);
    }
  }

  it.each(rows)('%s', async (_title, s, p, outcome, instant) => {
    freezeClock(instant);
    const since = await lastLogId(h);
    expect({ outcome, res: await h.run(p, CASE, { id: viewOf(s).id }) }).toEqual({
      outcome,
      res: answer(outcome, viewOf(s)),
    });
    expect(await accessLogSince(h, since)).toEqual(
      ALLOWED.has(outcome)
        ? [
            entry(p, {
              caseId: viewOf(s).id,
              action: 'READ',
              fields: CASE_FIELD_PATHS,
              basis: outcome,
              reason: reasonOf(outcome),
              at: instant.toISOString(),
            }),
          ]
        : [],
    );
  });

  const MISSING = '6f1c1d7e-3b7a-4c55-9a51-000000000000';
  const missing: Table = {
    center: 'OUT_OF_SCOPE',
    health: 'OUT_OF_SCOPE',
    police: 'OUT_OF_SCOPE',
    district: 'OUT_OF_SCOPE',
    national: 'CASE_NOT_FOUND',
  };
  it.each(WHO)('a missing id | %s', async (_who, p, group) => {
    const since = await lastLogId(h);
    const res = await h.run(p, CASE, { id: MISSING });
    expect(res).toEqual({
      data: { case: null },
      errors: [missing[group] === 'CASE_NOT_FOUND' ? caseNotFound(e) : forbidden('OUT_OF_SCOPE', e)],
    });
    expect(await accessLogSince(h, since)).toEqual([]);
  });

  it.each(
    WITHOUT_CASE_READ.flatMap((role) => [
      [role, SITUATIONS[0]!] as const,
      [role, SITUATIONS.find((s) => s.name === 'break-glass for the caller, nothing else')!] as const,
    ]),
  )('%s (no case:read) | %s: FORBIDDEN MISSING_SCOPE, even with a break-glass grant of their own', async (role, s) => {
    freezeClock(T);
    const since = await lastLogId(h);
    expect(await h.run(gasabo(role), CASE, { id: viewOf(s).id })).toEqual({
      data: { case: null },
      errors: [forbidden('MISSING_SCOPE', e)],
    });
    expect(await accessLogSince(h, since)).toEqual([]);
  });

  it('an anonymous caller: UNAUTHENTICATED, whatever the case', async () => {
    const since = await lastLogId(h);
    for (const s of SITUATIONS) {
      expect(await h.run(anonymous, CASE, { id: viewOf(s).id })).toEqual({
        data: { case: null },
        errors: [unauthenticated(e)],
      });
    }
    expect(await accessLogSince(h, since)).toEqual([]);
  });

  it.each<[string, Role, 'OUT_OF_SCOPE' | 'NOT_REFERRED']>([
    ['an investigator of HUYE-1', 'investigator', 'OUT_OF_SCOPE'],
    ['a psychologist of HUYE-1', 'psychologist', 'OUT_OF_SCOPE'],
    ['an investigator of KICUKIRO-1', 'investigator', 'NOT_REFERRED'],
  ])('a grant opened for health opens nothing to the same person signed in as %s', async (_who, role, refused) => {
    // At a center of its own, so that the lists the tests below expect do not change.
    const { id } = await openCase(h, intake('KICUKIRO-1'));
    const person = 'idp:clinician-and-investigator';
    await addBreakGlass(h, id, person, { startedAt: GIVEN, expiresAt: LATER, agency: 'health' });
    const since = await lastLogId(h);
    const place = refused === 'OUT_OF_SCOPE' ? ['HUYE-1'] : ['KICUKIRO-1'];
    const other = { ...asRole(role, { centers: place }), subject: person };
    expect(await h.run(other, CASE, { id })).toEqual({ data: { case: null }, errors: [forbidden(refused, e)] });
    // The clinician the grant was opened for, at HUYE-1, is let in, and the reason is logged.
    const clinician = { ...asRole('clinician', { centers: ['HUYE-1'] }), subject: person };
    expect((await h.run(clinician, CASE, { id })).data).toEqual({ case: expect.objectContaining({ id }) });
    expect((await accessLogSince(h, since)).map((x) => [x.subject, x.roles, x.basis])).toEqual([
      [person, ['clinician'], 'BREAK_GLASS'],
    ]);
  });

  it('a break-glass grant is for its subject only: another clinician of the same center gets NOT_REFERRED', async () => {
    freezeClock(T);
    const s = SITUATIONS.find((x) => x.name === 'break-glass for the caller, nothing else')!;
    expect(await h.run(asDemoUser('clinician'), CASE, { id: viewOf(s).id })).toEqual({
      data: { case: null },
      errors: [forbidden('NOT_REFERRED', e)],
    });
  });
});

describe('cases: the same rule in the list, without break-glass', () => {
  const LIST = `{ cases(first: 100) { nodes { ${CASE_FIELDS} } totalCount pageInfo { hasNextPage } } }`;
  // Situations were opened one second apart, the first one earliest: the list shows the newest first.
  const newestFirst = [...SITUATIONS].reverse();

  const rows: [string, Caller, Group, Date][] = WHO.flatMap(([who, p, group]) => [
    [`${who} at T`, p, group, T] as [string, Caller, Group, Date],
    [`${who} one minute before T`, p, group, BEFORE_T] as [string, Caller, Group, Date],
  ]);

  it.each(rows)(
    '%s sees exactly the cases the ordinary rule allows, each logged once on its basis',
    async (_who, p, group, instant) => {
      freezeClock(instant);
      const atT = instant.getTime() === T.getTime();
      const listed = newestFirst.filter((s) => {
        const table = atT ? (s.listedAtT ?? s.atT) : (s.listedBeforeT ?? s.listedAtT ?? s.beforeT ?? s.atT);
        return ALLOWED.has(table[group]);
      });
      const since = await lastLogId(h);
      expect(await h.run(p, LIST)).toEqual({
        data: { cases: { nodes: listed.map(viewOf), totalCount: listed.length, pageInfo: { hasNextPage: false } } },
      });
      // The entry names the basis case(id) would have given: a grant in force is still what let the center staff see it.
      expect(await accessLogSince(h, since)).toEqual(
        listed.map((s) => {
          const basis = (atT ? s.atT : (s.beforeT ?? s.atT))[group];
          const at = instant.toISOString();
          return entry(p, {
            caseId: viewOf(s).id,
            action: 'READ',
            fields: CASE_FIELD_PATHS,
            basis,
            reason: reasonOf(basis),
            at,
          });
        }),
      );
    },
  );

  it('shows every GASABO-1 staff member the GASABO-1 situations, whatever their consents', async () => {
    freezeClock(T);
    const res = data<{ cases: { nodes: CaseView[] } }>(await h.run(gasabo('psychologist'), LIST));
    expect(res.cases.nodes.map((n) => n.id)).toEqual(
      newestFirst.filter((s) => s.centerCode === 'GASABO-1').map((s) => viewOf(s).id),
    );
  });
});

describe('a withdrawal takes effect on the very next request', () => {
  const reception = asRole('reception-officer', { centers: ['KIREHE-1'] });
  const clinician = asRole('clinician', { centers: ['KIREHE-1'] });
  const LIST = `{ cases { nodes { id } totalCount } }`;

  it('shows the clinician the case until the consent is withdrawn, and not on the next case(id) or cases request', async () => {
    const opened = await openCase(h, intake('KIREHE-1'));
    await share(h, reception, opened.id, 'HEALTH');
    expect(await h.run(clinician, CASE, { id: opened.id })).toEqual({ data: { case: opened.view } });
    expect(await h.run(clinician, LIST)).toEqual({ data: { cases: { nodes: [{ id: opened.id }], totalCount: 1 } } });

    data(await h.run(reception, WITHDRAW_CONSENT, { input: { caseId: opened.id, scope: 'HEALTH' } }));
    const since = await lastLogId(h);
    expect(await h.run(clinician, CASE, { id: opened.id })).toEqual({
      data: { case: null },
      errors: [forbidden('CONSENT_REQUIRED', e)],
    });
    expect(await h.run(clinician, LIST)).toEqual({ data: { cases: { nodes: [], totalCount: 0 } } });
    expect(await accessLogSince(h, since)).toEqual([]);

    // The referral stands; a new consent shares the case again, on the next request.
    await recordConsent(h, reception, consentInput(opened.id, 'HEALTH'));
    expect(await h.run(clinician, CASE, { id: opened.id })).toEqual({ data: { case: opened.view } });
  });

  it("withdrawing one agency's consent leaves the others' sharing alone", async () => {
    const opened = await openCase(h, intake('KIREHE-1'));
    await share(h, reception, opened.id, 'HEALTH');
    await share(h, reception, opened.id, 'POLICE');
    data(await h.run(reception, WITHDRAW_CONSENT, { input: { caseId: opened.id, scope: 'POLICE' } }));
    expect(await h.run(clinician, CASE, { id: opened.id })).toEqual({ data: { case: opened.view } });
    expect(await h.run(asRole('investigator', { centers: ['KIREHE-1'] }), CASE, { id: opened.id })).toEqual({
      data: { case: null },
      errors: [forbidden('CONSENT_REQUIRED', e)],
    });
  });
});

describe("Case.sharing: the facts sent to the other subgraphs' rules", () => {
  // `sharing` is @inaccessible: the gateway never lets a client select it, and fetches it (under the caller's own
  // token) only for the agencies' @requires. A request reaching the subgraph some other way (a misconfigured gateway,
  // a replay) must still learn nothing it may not: the center sends only the caller's own facts (their agency's
  // consents and referral, their own emergency grants), never the case manager or anyone else's grant and reason.
  it("does not tell a psychologist of the center about another person's break-glass grant and its reason", async () => {
    freezeClock(T);
    const s = SITUATIONS.find((x) => x.name === 'break-glass for the caller, nothing else')!;
    const query = `query One($id: ID!) { case(id: $id) { id sharing { breakGlass { subject reason } } } }`;
    const res = JSON.stringify(await h.run(asDemoUser('psychologist'), query, { id: viewOf(s).id }));
    expect(res).not.toContain(gasabo('clinician').subject);
    expect(res).not.toContain(GRANT_REASON);
  });

  it('does not show a psychologist (no consent:read) the consents in force', async () => {
    freezeClock(T);
    const s = SITUATIONS[0]!;
    const query = `query One($id: ID!) { case(id: $id) { id sharing { consents { agency basis } } } }`;
    expect(JSON.stringify(await h.run(asDemoUser('psychologist'), query, { id: viewOf(s).id }))).not.toContain(
      '"basis":"CONSENT"',
    );
  });
});
