import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Encounter } from '../../../services/health/entities/encounter.entity.js';
import { Treatment } from '../../../services/health/entities/treatment.entity.js';
import { health } from '../../../services/health/index.js';
import { TreatmentKind } from '../../../services/health/types/treatment-kind.js';
import { testDatabase } from '../../helpers/database.js';
import { type DenialReason, errorsWithoutLocations, forbidden } from '../../helpers/errors.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogOf,
  CASE_MANAGER,
  caseRef,
  CLINICIAN,
  entry,
  grant,
  HUYE_CLINICIAN,
  inMinutes,
  refWith,
  sharing,
  type Sharing,
} from './fixtures.js';

// The per-record rule on health's slice (services/shared/sharing/decide.ts `decide`), with the sharing facts the center
// sends in each representation: break-glass for the caller first; center staff at their own centers (CARE_TEAM);
// any other agency within its organisational scope, referred, with consent (or an override) in force.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(health, await testDatabase()));
});

const MEDICAL = `
  query Medical($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Case { id medical {
        encounters { centerCode findings }
        treatments { centerCode kind }
      } }
    }
  }`;
const FIELDS = [
  'medical.encounters.centerCode',
  'medical.encounters.findings',
  'medical.treatments.centerCode',
  'medical.treatments.kind',
];

/** A case with an encounter and a treatment recorded at GASABO-1, and another pair recorded at HUYE-1. */
async function caseSeenAtTwoCenters(): Promise<string> {
  const caseId = randomUUID();
  const em = h.orm.em.fork();
  for (const [centerCode, at] of [
    ['GASABO-1', 8],
    ['HUYE-1', 9],
  ] as const) {
    const e = em.create(Encounter, {
      caseId,
      centerCode,
      seenAt: new Date(Date.UTC(2025, 5, 1, at)),
      findings: `Examined at ${centerCode}.`,
      injuriesObserved: true,
      recordedBy: 'demo:clinician',
    });
    em.create(Treatment, {
      caseId,
      centerCode,
      encounter: e,
      kind: centerCode === 'GASABO-1' ? TreatmentKind.HIV_PEP : TreatmentKind.TETANUS,
      givenAt: new Date(Date.UTC(2025, 5, 1, at, 30)),
      notes: null,
      recordedBy: 'demo:clinician',
    });
  }
  await em.flush();
  return caseId;
}

/** The record as shown for a case at `centerCode`: only what was recorded there. */
const recordAt = (centerCode: 'GASABO-1' | 'HUYE-1') => ({
  encounters: [{ centerCode, findings: `Examined at ${centerCode}.` }],
  treatments: [{ centerCode, kind: centerCode === 'GASABO-1' ? 'HIV_PEP' : 'TETANUS' }],
});

/** Health refused the medical record of the `index`th case of the batch. */
const denied = (reason: DenialReason, index = 0) => forbidden(reason, ['_entities', index, 'medical']);

const AT_HUYE: Partial<Sharing> = { centerCode: 'HUYE-1', district: 'Huye' };

/** Reasons stated for an override and for a break-glass grant, as the center sends them with the facts. */
const OVERRIDE_REASON = 'The guardian is the suspect; treatment cannot wait for consent.';
const GRANT_REASON = 'Survivor unconscious in the emergency room; her record is needed now.';

describe('Case.medical: allowed, and on which basis', () => {
  it("referred to health with the survivor's consent in force: the clinician reads (CONSENT)", async () => {
    const caseId = await caseSeenAtTwoCenters();
    const res = await h.run(asDemoUser('clinician'), MEDICAL, refWith(caseId, sharing()));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: recordAt('GASABO-1') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: FIELDS, basis: 'CONSENT' }),
    ]);
  });

  it('a consent that expires one minute from now is still in force (CONSENT)', async () => {
    const caseId = await caseSeenAtTwoCenters();
    const facts = sharing({ consents: [{ agency: 'HEALTH', basis: 'CONSENT', expiresAt: inMinutes(1) }] });
    const res = await h.run(asDemoUser('clinician'), MEDICAL, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: recordAt('GASABO-1') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: FIELDS, basis: 'CONSENT' }),
    ]);
  });

  it("referred, no consent, a consent override for health in force: the clinician reads (OVERRIDE), logged with the override's reason", async () => {
    const caseId = await caseSeenAtTwoCenters();
    const facts = sharing({
      consents: [{ agency: 'HEALTH', basis: 'OVERRIDE', expiresAt: inMinutes(60), reason: OVERRIDE_REASON }],
    });
    const res = await h.run(asDemoUser('clinician'), MEDICAL, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: recordAt('GASABO-1') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: FIELDS, basis: 'OVERRIDE', reason: OVERRIDE_REASON }),
    ]);
  });

  it('an override whose representation carries no reason is logged with a null reason (OVERRIDE)', async () => {
    const caseId = await caseSeenAtTwoCenters();
    const facts = sharing({ consents: [{ agency: 'HEALTH', basis: 'OVERRIDE', expiresAt: inMinutes(60) }] });
    const res = await h.run(asDemoUser('clinician'), MEDICAL, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: recordAt('GASABO-1') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: FIELDS, basis: 'OVERRIDE', reason: null }),
    ]);
  });

  it('the reason logged is that of the override in force, not of one that expired', async () => {
    const caseId = await caseSeenAtTwoCenters();
    const facts = sharing({
      consents: [
        {
          agency: 'HEALTH',
          basis: 'OVERRIDE',
          expiresAt: inMinutes(-1),
          reason: 'An earlier override, expired a minute ago.',
        },
        { agency: 'HEALTH', basis: 'OVERRIDE', expiresAt: inMinutes(60), reason: OVERRIDE_REASON },
      ],
    });
    const res = await h.run(asDemoUser('clinician'), MEDICAL, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: recordAt('GASABO-1') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: FIELDS, basis: 'OVERRIDE', reason: OVERRIDE_REASON }),
    ]);
  });

  it('with both a consent and an override in force, the consent is the basis, and no reason is logged', async () => {
    const caseId = await caseSeenAtTwoCenters();
    const facts = sharing({
      consents: [
        { agency: 'HEALTH', basis: 'OVERRIDE', expiresAt: inMinutes(60), reason: OVERRIDE_REASON },
        { agency: 'HEALTH', basis: 'CONSENT', expiresAt: null },
      ],
    });
    const res = await h.run(asDemoUser('clinician'), MEDICAL, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: recordAt('GASABO-1') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: FIELDS, basis: 'CONSENT', reason: null }),
    ]);
  });

  it('an override for another agency gives health neither access nor a reason (CONSENT_REQUIRED)', async () => {
    const caseId = await caseSeenAtTwoCenters();
    const facts = sharing({
      consents: [{ agency: 'POLICE', basis: 'OVERRIDE', expiresAt: inMinutes(60), reason: OVERRIDE_REASON }],
    });
    const res = await h.run(asDemoUser('clinician'), MEDICAL, refWith(caseId, facts));
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, medical: null }] },
      errors: [denied('CONSENT_REQUIRED')],
    });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it("the case's case manager, center staff at its center, reads without referral or consent (CARE_TEAM)", async () => {
    const caseId = await caseSeenAtTwoCenters();
    const facts = sharing({ consents: [], referrals: [] });
    const res = await h.run(asDemoUser('case-manager'), MEDICAL, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: recordAt('GASABO-1') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CASE_MANAGER, caseId, action: 'READ', fields: FIELDS, basis: 'CARE_TEAM' }),
    ]);
  });

  it('care team is every case manager of the center, not only the one who manages the case', async () => {
    const caseId = await caseSeenAtTwoCenters();
    const colleague = asRole('case-manager', { centers: ['GASABO-1'] });
    const res = await h.run(colleague, MEDICAL, refWith(caseId, sharing()));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: recordAt('GASABO-1') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({
        subject: 'demo:test-case-manager',
        agency: 'center',
        roles: ['case-manager'],
        caseId,
        action: 'READ',
        fields: FIELDS,
        basis: 'CARE_TEAM',
      }),
    ]);
  });
});

describe('Case.medical: refused, and why', () => {
  // Each refusal: the slice is null at its own path, the reason is named, nothing is disclosed and no read is logged.
  it.each<{ what: string; login: string; reason: DenialReason; facts: Sharing | null }>([
    {
      what: 'a case at another center and district',
      login: 'clinician',
      reason: 'OUT_OF_SCOPE',
      facts: sharing(AT_HUYE),
    },
    {
      what: 'a case at the other center of the same district',
      login: 'clinician',
      reason: 'OUT_OF_SCOPE',
      facts: sharing({ centerCode: 'GASABO-2' }),
    },
    {
      what: 'a case at GASABO-1, read by the Huye clinician',
      login: 'huye-clinician',
      reason: 'OUT_OF_SCOPE',
      facts: sharing(),
    },
    {
      what: 'a representation without sharing facts (the gateway never sends one)',
      login: 'clinician',
      reason: 'OUT_OF_SCOPE',
      facts: null,
    },
    {
      what: 'out of scope, not referred and without consent: scope is decided first',
      login: 'clinician',
      reason: 'OUT_OF_SCOPE',
      facts: sharing({ ...AT_HUYE, consents: [], referrals: [] }),
    },
    {
      what: 'a case at another center, case manager of GASABO-1 reading',
      login: 'case-manager',
      reason: 'OUT_OF_SCOPE',
      facts: sharing(AT_HUYE),
    },
    {
      what: 'a case not referred to anyone, with consent for health',
      login: 'clinician',
      reason: 'NOT_REFERRED',
      facts: sharing({ referrals: [] }),
    },
    {
      what: 'a case referred to the police and the gender ministry only',
      login: 'clinician',
      reason: 'NOT_REFERRED',
      facts: sharing({ referrals: [{ agency: 'POLICE' }, { agency: 'GENDER_MINISTRY' }] }),
    },
    {
      what: 'not referred and without consent: the referral is decided first',
      login: 'clinician',
      reason: 'NOT_REFERRED',
      facts: sharing({ referrals: [], consents: [] }),
    },
    {
      what: 'referred, no consent at all',
      login: 'clinician',
      reason: 'CONSENT_REQUIRED',
      facts: sharing({ consents: [] }),
    },
    {
      what: 'referred, the consent expired one minute ago',
      login: 'clinician',
      reason: 'CONSENT_REQUIRED',
      facts: sharing({ consents: [{ agency: 'HEALTH', basis: 'CONSENT', expiresAt: inMinutes(-1) }] }),
    },
    {
      what: 'referred, the override expired one minute ago',
      login: 'clinician',
      reason: 'CONSENT_REQUIRED',
      facts: sharing({ consents: [{ agency: 'HEALTH', basis: 'OVERRIDE', expiresAt: inMinutes(-1) }] }),
    },
    {
      what: 'referred, consent given to the police only',
      login: 'clinician',
      reason: 'CONSENT_REQUIRED',
      facts: sharing({ consents: [{ agency: 'POLICE', basis: 'CONSENT', expiresAt: null }] }),
    },
    {
      what: 'referred, consent and override for the other agencies only',
      login: 'clinician',
      reason: 'CONSENT_REQUIRED',
      facts: sharing({
        consents: [
          { agency: 'GENDER_MINISTRY', basis: 'CONSENT', expiresAt: null },
          { agency: 'POLICE', basis: 'OVERRIDE', expiresAt: inMinutes(60) },
        ],
      }),
    },
  ])('$what ($login): FORBIDDEN $reason', async ({ login, reason, facts }) => {
    const caseId = await caseSeenAtTwoCenters();
    const res = await h.run(asDemoUser(login), MEDICAL, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: null }] }, errors: [denied(reason)] });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('each case of a batch is decided on its own facts, and only the allowed one is logged', async () => {
    const [a, b, c] = [await caseSeenAtTwoCenters(), await caseSeenAtTwoCenters(), await caseSeenAtTwoCenters()];
    const res = await h.run(asDemoUser('clinician'), MEDICAL, {
      r: [caseRef(a), caseRef(b, sharing({ referrals: [] })), caseRef(c, sharing(AT_HUYE))],
    });
    expect(res).toEqual({
      data: {
        _entities: [
          { id: a, medical: recordAt('GASABO-1') },
          { id: b, medical: null },
          { id: c, medical: null },
        ],
      },
      errors: [denied('NOT_REFERRED', 1), denied('OUT_OF_SCOPE', 2)],
    });
    expect(await accessLogOf(h, a)).toEqual([
      entry({ ...CLINICIAN, caseId: a, action: 'READ', fields: FIELDS, basis: 'CONSENT' }),
    ]);
    expect(await accessLogOf(h, b)).toEqual([]);
    expect(await accessLogOf(h, c)).toEqual([]);
  });
});

describe('Case.medical: break-glass', () => {
  it('a grant for the caller opens a case outside their center, unreferred and without consent (BREAK_GLASS), logged with its reason', async () => {
    const caseId = await caseSeenAtTwoCenters();
    const facts = sharing({
      consents: [],
      referrals: [],
      breakGlass: [grant('demo:huye-clinician', 30, GRANT_REASON)],
    });
    const res = await h.run(asDemoUser('huye-clinician'), MEDICAL, refWith(caseId, facts));
    // The case is at GASABO-1: what the Huye clinician sees is GASABO-1's record, not what was written at Huye.
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: recordAt('GASABO-1') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...HUYE_CLINICIAN, caseId, action: 'READ', fields: FIELDS, basis: 'BREAK_GLASS', reason: GRANT_REASON }),
    ]);
  });

  it('a grant whose representation carries no reason is logged with a null reason (BREAK_GLASS)', async () => {
    const caseId = await caseSeenAtTwoCenters();
    const facts = sharing({ consents: [], referrals: [], breakGlass: [grant('demo:huye-clinician', 30)] });
    const res = await h.run(asDemoUser('huye-clinician'), MEDICAL, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: recordAt('GASABO-1') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...HUYE_CLINICIAN, caseId, action: 'READ', fields: FIELDS, basis: 'BREAK_GLASS', reason: null }),
    ]);
  });

  it("a grant for the caller comes first: the read is logged as BREAK_GLASS, with the grant's reason, even when consent is in force", async () => {
    const caseId = await caseSeenAtTwoCenters();
    const facts = sharing({ breakGlass: [grant('demo:clinician', 30, GRANT_REASON)] });
    const res = await h.run(asDemoUser('clinician'), MEDICAL, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: recordAt('GASABO-1') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: FIELDS, basis: 'BREAK_GLASS', reason: GRANT_REASON }),
    ]);
  });

  it("the reason logged is the caller's own grant's, not another person's grant on the same case", async () => {
    const caseId = await caseSeenAtTwoCenters();
    const facts = sharing({
      consents: [],
      referrals: [],
      breakGlass: [
        grant('demo:clinician', 30, "Someone else's emergency, stated by someone else."),
        grant('demo:huye-clinician', 30, GRANT_REASON),
      ],
    });
    const res = await h.run(asDemoUser('huye-clinician'), MEDICAL, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: recordAt('GASABO-1') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...HUYE_CLINICIAN, caseId, action: 'READ', fields: FIELDS, basis: 'BREAK_GLASS', reason: GRANT_REASON }),
    ]);
  });

  it("a grant for the caller takes precedence over an override: the grant's reason is logged, not the override's", async () => {
    const caseId = await caseSeenAtTwoCenters();
    const facts = sharing({
      consents: [{ agency: 'HEALTH', basis: 'OVERRIDE', expiresAt: inMinutes(60), reason: OVERRIDE_REASON }],
      breakGlass: [grant('demo:clinician', 30, GRANT_REASON)],
    });
    const res = await h.run(asDemoUser('clinician'), MEDICAL, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: recordAt('GASABO-1') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: FIELDS, basis: 'BREAK_GLASS', reason: GRANT_REASON }),
    ]);
  });

  it('a grant for someone else does nothing for the caller (OUT_OF_SCOPE)', async () => {
    const caseId = await caseSeenAtTwoCenters();
    const facts = sharing({ breakGlass: [grant('demo:clinician', 30)] });
    const res = await h.run(asDemoUser('huye-clinician'), MEDICAL, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: null }] }, errors: [denied('OUT_OF_SCOPE')] });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it("a grant for someone else does not stand in for the caller's missing consent (CONSENT_REQUIRED)", async () => {
    const caseId = await caseSeenAtTwoCenters();
    const facts = sharing({ consents: [], breakGlass: [grant('demo:huye-clinician', 30)] });
    const res = await h.run(asDemoUser('clinician'), MEDICAL, refWith(caseId, facts));
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, medical: null }] },
      errors: [denied('CONSENT_REQUIRED')],
    });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a grant for the caller that expired one minute ago opens nothing (OUT_OF_SCOPE)', async () => {
    const caseId = await caseSeenAtTwoCenters();
    const facts = sharing({ breakGlass: [grant('demo:huye-clinician', -1)] });
    const res = await h.run(asDemoUser('huye-clinician'), MEDICAL, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: null }] }, errors: [denied('OUT_OF_SCOPE')] });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it("a grant for the caller that expires one minute from now is in force (BREAK_GLASS); an expired one's reason is not logged", async () => {
    const caseId = await caseSeenAtTwoCenters();
    const facts = sharing({
      breakGlass: [
        grant('demo:clinician', -5),
        grant('demo:huye-clinician', -1, 'An earlier emergency, its grant expired a minute ago.'),
        grant('demo:huye-clinician', 1, GRANT_REASON),
      ],
    });
    const res = await h.run(asDemoUser('huye-clinician'), MEDICAL, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: recordAt('GASABO-1') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...HUYE_CLINICIAN, caseId, action: 'READ', fields: FIELDS, basis: 'BREAK_GLASS', reason: GRANT_REASON }),
    ]);
  });
});

describe('Case.medical: records of another place', () => {
  it("a case at GASABO-1 shows only what was recorded at GASABO-1; HUYE-1's records on it show nowhere", async () => {
    const caseId = await caseSeenAtTwoCenters();
    for (const login of ['clinician', 'case-manager']) {
      const res = await h.run(asDemoUser(login), MEDICAL, refWith(caseId, sharing()));
      expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: recordAt('GASABO-1') }] } });
    }
  });

  it('the same case, sitting at HUYE-1, shows the Huye clinician only what was recorded at HUYE-1', async () => {
    const caseId = await caseSeenAtTwoCenters();
    const res = await h.run(asDemoUser('huye-clinician'), MEDICAL, refWith(caseId, sharing(AT_HUYE)));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: recordAt('HUYE-1') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...HUYE_CLINICIAN, caseId, action: 'READ', fields: FIELDS, basis: 'CONSENT' }),
    ]);
  });

  it("a case at GASABO-2 with records only from GASABO-1 has an empty record for its own center's staff", async () => {
    const caseId = await caseSeenAtTwoCenters();
    const gasabo2 = asRole('clinician', { centers: ['GASABO-2'] });
    const res = await h.run(gasabo2, MEDICAL, refWith(caseId, sharing({ centerCode: 'GASABO-2' })));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, medical: { encounters: [], treatments: [] } }] } });
    // The access log says what was shown: nothing of the survivor's, so no entry.
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });
});

describe('Case.medical: what the access log records of a read', () => {
  it('one entry per case and request, stamped with the time of the request', async () => {
    const caseId = await caseSeenAtTwoCenters();
    const before = new Date();
    await h.run(asDemoUser('clinician'), MEDICAL, { r: [caseRef(caseId), caseRef(caseId)] });
    const after = new Date();
    const rows: { at_ms: number; case_id: string; fields: string[] }[] = await h.orm.em
      .fork()
      .getConnection()
      .execute(
        'select (extract(epoch from at) * 1000)::float8 as at_ms, case_id, fields from health.access_log where case_id = ?',
        [caseId],
      );
    expect(rows).toEqual([{ at_ms: expect.any(Number), case_id: caseId, fields: FIELDS }]);
    expect(rows[0]!.at_ms).toBeGreaterThanOrEqual(before.getTime());
    expect(rows[0]!.at_ms).toBeLessThanOrEqual(after.getTime());
  });

  it('a second read is a second entry', async () => {
    const caseId = await caseSeenAtTwoCenters();
    await h.run(asDemoUser('clinician'), MEDICAL, refWith(caseId, sharing()));
    await h.run(asDemoUser('case-manager'), MEDICAL, refWith(caseId, sharing()));
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: FIELDS, basis: 'CONSENT' }),
      entry({ ...CASE_MANAGER, caseId, action: 'READ', fields: FIELDS, basis: 'CARE_TEAM' }),
    ]);
  });

  it('the database refuses to change or remove an entry', async () => {
    const caseId = await caseSeenAtTwoCenters();
    await h.run(asDemoUser('clinician'), MEDICAL, refWith(caseId, sharing()));
    const conn = h.orm.em.fork().getConnection();
    await expect(
      conn.execute('update health.access_log set subject = ? where case_id = ?', ['someone-else', caseId]),
    ).rejects.toThrow(/the access log is append-only: UPDATE refused/);
    await expect(conn.execute('delete from health.access_log where case_id = ?', [caseId])).rejects.toThrow(
      /the access log is append-only: DELETE refused/,
    );
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CLINICIAN, caseId, action: 'READ', fields: FIELDS, basis: 'CONSENT' }),
    ]);
  });
});
