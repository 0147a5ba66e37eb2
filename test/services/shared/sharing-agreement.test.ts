import { beforeAll, describe, expect, it } from 'vitest';
import { BreakGlass } from '../../../services/center/entities/break-glass.entity.js';
import { Case } from '../../../services/center/entities/case.entity.js';
import { Consent } from '../../../services/center/entities/consent.entity.js';
import { ConsentOverride } from '../../../services/center/entities/consent-override.entity.js';
import { Referral } from '../../../services/center/entities/referral.entity.js';
import { center } from '../../../services/center/index.js';
import { visibleCases } from '../../../services/center/policies/case-access.policy.js';
import { factsFor } from '../../../services/center/loaders/sharing.loaders.js';
import type { Caller } from '../../../services/shared/caller.js';
import { decide } from '../../../services/shared/sharing/decide.js';
import { inForce } from '../../../services/shared/sharing/in-force.js';
import type { Sharing } from '../../../services/shared/sharing/wire.js';
import { testDatabase } from '../../helpers/database.js';
import { asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  addBreakGlass,
  addConsent,
  addOverride,
  addReferral,
  HOUR,
  intake,
  MINUTE,
  openCase,
} from '../center/fixtures.js';

// The sharing rule exists three times over, by necessity: `decide` in memory (what every subgraph applies to one
// case), its SQL twin (what a list of cases is filtered by), and the center's MikroORM filters (which facts are in
// force when the center answers). "In force" is written once (in-force.ts) and used by all three. This test holds
// them together on a table of cases whose consents, overrides and grants begin, expire or are withdrawn exactly at
// the instant T, judged a millisecond before T, at T and a millisecond after, by callers of every kind of place.

const T = new Date(Math.floor(Date.now() / MINUTE) * MINUTE - 10 * MINUTE);
const GIVEN = new Date(T.getTime() - 2 * HOUR);
const LATER = new Date(T.getTime() + HOUR);
const INSTANTS = [new Date(T.getTime() - 1), T, new Date(T.getTime() + 1)];

type Setup = (h: SubgraphHarness, caseId: string) => Promise<void>;
const referred: Setup = (h, id) => addReferral(h, id, 'HEALTH', GIVEN);

/** Each row: a case at GASABO-1 (or HUYE-1), set up with rows at exact instants. */
const TABLE: [string, string, Setup[]][] = [
  ['nothing', 'GASABO-1', []],
  ['referred, no consent', 'GASABO-1', [referred]],
  ['consent, not referred', 'GASABO-1', [(h, id) => addConsent(h, id, 'HEALTH', { givenAt: GIVEN })]],
  ['referred, consent in force', 'GASABO-1', [referred, (h, id) => addConsent(h, id, 'HEALTH', { givenAt: GIVEN })]],
  ['referred, consent given at T', 'GASABO-1', [referred, (h, id) => addConsent(h, id, 'HEALTH', { givenAt: T })]],
  [
    'referred, consent expiring at T',
    'GASABO-1',
    [referred, (h, id) => addConsent(h, id, 'HEALTH', { givenAt: GIVEN, expiresAt: T })],
  ],
  [
    'referred, consent withdrawn at T',
    'GASABO-1',
    [referred, (h, id) => addConsent(h, id, 'HEALTH', { givenAt: GIVEN, withdrawnAt: T })],
  ],
  [
    'referred, consent for police only',
    'GASABO-1',
    [referred, (h, id) => addConsent(h, id, 'POLICE', { givenAt: GIVEN })],
  ],
  [
    'referred, override from T',
    'GASABO-1',
    [referred, (h, id) => addOverride(h, id, 'HEALTH', { overriddenAt: T, expiresAt: LATER })],
  ],
  [
    'referred, override expiring at T',
    'GASABO-1',
    [referred, (h, id) => addOverride(h, id, 'HEALTH', { overriddenAt: GIVEN, expiresAt: T })],
  ],
  [
    'referred, statistics consent only',
    'GASABO-1',
    [referred, (h, id) => addConsent(h, id, 'STATISTICS', { givenAt: GIVEN })],
  ],
  [
    'another center, referred with consent',
    'HUYE-1',
    [(h, id) => addReferral(h, id, 'HEALTH', GIVEN), (h, id) => addConsent(h, id, 'HEALTH', { givenAt: GIVEN })],
  ],
  [
    // Lists never open a case by break-glass; the rule for one case by id does (checked below).
    'a grant in force for the Gasabo clinician, nothing else',
    'GASABO-1',
    [(h, id) => addBreakGlass(h, id, 'demo:test-clinician', { startedAt: GIVEN, expiresAt: LATER })],
  ],
];

const CALLERS: [string, Caller][] = [
  ['GASABO-1 clinician', asRole('clinician', { centers: ['GASABO-1'] })],
  ['HUYE-1 clinician', asRole('clinician', { centers: ['HUYE-1'] })],
  ['GASABO-1 investigator', asRole('investigator', { centers: ['GASABO-1'] })],
  ['GASABO-1 reception officer', asRole('reception-officer', { centers: ['GASABO-1'] })],
  ['Gasabo social worker', asRole('social-worker', { district: 'Gasabo' })],
  ['Huye social worker', asRole('social-worker', { district: 'Huye' })],
  ['ministry system (national)', asRole('ministry-system')],
  ['analyst (national, no sharing agency)', asRole('analyst')],
];

let h: SubgraphHarness;
const cases: { what: string; id: string }[] = [];

beforeAll(async () => {
  h = await subgraphHarness(center, await testDatabase());
  for (const [what, centerCode, setups] of TABLE) {
    const { id } = await openCase(h, intake(centerCode));
    for (const setup of setups) await setup(h, id);
    cases.push({ what, id });
  }
});

/** The facts of a case at `at`, built in memory from every row with `inForce`: no SQL decides what is in force. */
async function factsInMemory(caseId: string, at: Date): Promise<Sharing> {
  const em = h.orm.em.fork();
  const [c, consents, overrides, referrals, grants] = await Promise.all([
    em.findOneOrFail(Case, { id: caseId }, { populate: ['center'] }),
    em.find(Consent, { case: caseId }),
    em.find(ConsentOverride, { case: caseId }),
    em.find(Referral, { case: caseId }),
    em.find(BreakGlass, { case: caseId }),
  ]);
  return {
    centerCode: c.center.code,
    district: c.center.district,
    consents: [
      ...consents
        .filter((k) => k.scope !== 'STATISTICS')
        .filter((k) => inForce({ from: k.givenAt, until: k.expiresAt ?? null, withdrawnAt: k.withdrawnAt ?? null }, at))
        .map((k) => ({ agency: k.scope, basis: 'CONSENT', expiresAt: k.expiresAt ?? null, reason: null })),
      ...overrides
        .filter((o) => inForce({ from: o.overriddenAt, until: o.expiresAt }, at))
        .map((o) => ({ agency: o.agency, basis: 'OVERRIDE', expiresAt: o.expiresAt, reason: o.reason })),
    ],
    referrals: referrals.map((r) => ({ agency: r.agency })),
    breakGlass: grants
      .filter((g) => inForce({ from: g.startedAt, until: g.expiresAt }, at))
      .map((g) => ({ subject: g.subject, agency: g.agency, expiresAt: g.expiresAt, reason: g.reason })),
  };
}

/** What a list may show never includes an emergency grant: the same facts without them. */
const withoutGrants = (f: Sharing): Sharing => ({ ...f, breakGlass: [] });

describe('decide, its SQL twin and the center’s filters agree', () => {
  it.each(CALLERS)('for the %s, at T-1ms, T and T+1ms, on every case of the table', async (_who, caller) => {
    const ids = cases.map((c) => c.id);
    for (const at of INSTANTS) {
      const sql = new Set(
        (
          await visibleCases(h.orm.em.fork(), caller, at)
            .andWhere({ id: { $in: ids } })
            .getResultList()
        ).map((c) => c.id),
      );
      const fromOrm = new Map((await factsFor(h.orm.em.fork(), ids, at)).map((f) => [f.caseId, f]));
      for (const c of cases) {
        const memory = await factsInMemory(c.id, at);
        const orm = fromOrm.get(c.id);
        // The center's filters find exactly the facts in force that the in-memory rule finds.
        expect({ case: c.what, at, facts: orm && { ...orm, caseId: undefined } }).toEqual({
          case: c.what,
          at,
          facts: { ...memory, caseId: undefined },
        });
        // And the list's SQL shows exactly the cases `decide` allows without emergency grants.
        expect({ case: c.what, at, listed: sql.has(c.id) }).toEqual({
          case: c.what,
          at,
          listed: decide(caller, withoutGrants(memory), at).allowed,
        });
      }
    }
  });

  it('the table covers both answers: some cases are shown, some refused, for agency callers', async () => {
    const clinician = CALLERS[0]?.[1];
    if (!clinician) throw new Error('no callers');
    const answers = await Promise.all(
      cases.map(async (c) => decide(clinician, withoutGrants(await factsInMemory(c.id, T)), T).allowed),
    );
    expect(answers.filter(Boolean).length).toBeGreaterThan(0);
    expect(answers.filter((a) => !a).length).toBeGreaterThan(0);
  });

  it('a grant in force opens its one case by id, only for its subject, until its expiry', async () => {
    const granted = cases.find((c) => c.what.startsWith('a grant'));
    if (!granted) throw new Error('no granted case in the table');
    const facts = await factsInMemory(granted.id, T);
    const clinician = CALLERS[0]?.[1];
    if (!clinician) throw new Error('no callers');
    const colleague = { ...clinician, subject: 'demo:another-clinician' };
    expect(decide(clinician, facts, T)).toEqual({
      allowed: true,
      basis: 'BREAK_GLASS',
      statedReason: expect.any(String),
    });
    expect(decide(colleague, facts, T)).toEqual({ allowed: false, reason: 'NOT_REFERRED' });
    expect(decide(clinician, facts, LATER)).toEqual({ allowed: false, reason: 'NOT_REFERRED' });
  });
});
