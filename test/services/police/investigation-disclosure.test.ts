import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Investigation } from '../../../services/police/entities/investigation.entity.js';
import { Suspect } from '../../../services/police/entities/suspect.entity.js';
import { police } from '../../../services/police/index.js';
import {
  InvestigationStatus,
  SuspectRelationship,
  SuspectStatus,
} from '../../../services/police/types/police-enums.js';
import { Sex } from '../../../services/shared/enums.js';
import { testDatabase } from '../../helpers/database.js';
import { type DenialReason, errorsWithoutLocations, forbidden } from '../../helpers/errors.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogOf,
  CASE_MANAGER,
  caseRef,
  entry,
  grant,
  inMinutes,
  INVESTIGATOR,
  refWith,
  type Sharing,
  sharing,
} from './fixtures.js';

// The per-record rule on the police slice (services/shared/sharing/decide.ts `decide`), with the sharing facts the center
// sends in each representation: break-glass for the caller first; center staff at their own centers (CARE_TEAM);
// any other agency within its organisational scope, referred, with consent (or an override) in force.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(police, await testDatabase()));
});

const INVESTIGATION = `
  query Police($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Case { id investigation {
        centerCode complaintNumber status
        suspects { fullName }
      } }
    }
  }`;
const FIELDS = [
  'investigation.centerCode',
  'investigation.complaintNumber',
  'investigation.status',
  'investigation.suspects.fullName',
];
/** FIELDS without the suspects', for a reader without police:suspects (the case manager): refused, so not logged. */
const FIELDS_WITHOUT_SUSPECTS = ['investigation.centerCode', 'investigation.complaintNumber', 'investigation.status'];

/** The investigator of HUYE-1, as principal and as the access log names them. */
const huyeInvestigator = asRole('investigator', { centers: ['HUYE-1'] });
const HUYE_INVESTIGATOR = { subject: 'demo:test-investigator', agency: 'police', roles: ['investigator'] };

/** A case whose complaint was received at `centerCode`, with one suspect. */
async function caseWithComplaintAt(centerCode = 'GASABO-1'): Promise<{ caseId: string; complaintNumber: string }> {
  const caseId = randomUUID();
  const complaintNumber = `RIB/${randomUUID().slice(0, 8)}`;
  const em = h.orm.em.fork();
  const investigation = em.create(Investigation, {
    caseId,
    centerCode,
    complaintNumber,
    status: InvestigationStatus.UNDER_INVESTIGATION,
    receivedAt: new Date('2025-06-01T11:00:00Z'),
    recordedBy: 'demo:investigator',
  });
  em.create(Suspect, {
    investigation,
    fullName: 'Umugabo Wundi',
    sex: Sex.MALE,
    estimatedAge: 34,
    relationshipToSurvivor: SuspectRelationship.ACQUAINTANCE,
    status: SuspectStatus.AT_LARGE,
    recordedBy: 'demo:investigator',
  });
  await em.flush();
  return { caseId, complaintNumber };
}

const shown = (complaintNumber: string, centerCode = 'GASABO-1') => ({
  centerCode,
  complaintNumber,
  status: 'UNDER_INVESTIGATION',
  suspects: [{ fullName: 'Umugabo Wundi' }],
});

/** The police refused the investigation of the `index`th case of the batch. */
const denied = (reason: DenialReason, index = 0) => forbidden(reason, ['_entities', index, 'investigation']);

const AT_HUYE: Partial<Sharing> = { centerCode: 'HUYE-1', district: 'Huye' };

/** Reasons stated for an override and for a break-glass grant, as the center sends them with the facts. */
const OVERRIDE_REASON = 'The survivor is in danger at home; the investigation cannot wait for consent.';
const GRANT_REASON = 'Suspect at large near the survivor tonight; the complaint is needed now.';

describe('Case.investigation: allowed, and on which basis', () => {
  it("referred to the police with the survivor's consent in force: the investigator reads (CONSENT)", async () => {
    const { caseId, complaintNumber } = await caseWithComplaintAt();
    const res = await h.run(asDemoUser('investigator'), INVESTIGATION, refWith(caseId, sharing()));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, investigation: shown(complaintNumber) }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...INVESTIGATOR, caseId, action: 'READ', fields: FIELDS, basis: 'CONSENT' }),
    ]);
  });

  it('a consent that expires one minute from now is still in force (CONSENT)', async () => {
    const { caseId, complaintNumber } = await caseWithComplaintAt();
    const facts = sharing({ consents: [{ agency: 'POLICE', basis: 'CONSENT', expiresAt: inMinutes(1) }] });
    const res = await h.run(asDemoUser('investigator'), INVESTIGATION, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, investigation: shown(complaintNumber) }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...INVESTIGATOR, caseId, action: 'READ', fields: FIELDS, basis: 'CONSENT' }),
    ]);
  });

  it('referred, no consent, a consent override for the police in force: the investigator reads (OVERRIDE), logged with its reason', async () => {
    const { caseId, complaintNumber } = await caseWithComplaintAt();
    const facts = sharing({
      consents: [{ agency: 'POLICE', basis: 'OVERRIDE', expiresAt: inMinutes(60), reason: OVERRIDE_REASON }],
    });
    const res = await h.run(asDemoUser('investigator'), INVESTIGATION, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, investigation: shown(complaintNumber) }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...INVESTIGATOR, caseId, action: 'READ', fields: FIELDS, basis: 'OVERRIDE', reason: OVERRIDE_REASON }),
    ]);
  });

  it('an override whose representation carries no reason is logged with a null reason (OVERRIDE)', async () => {
    const { caseId, complaintNumber } = await caseWithComplaintAt();
    const facts = sharing({ consents: [{ agency: 'POLICE', basis: 'OVERRIDE', expiresAt: inMinutes(60) }] });
    const res = await h.run(asDemoUser('investigator'), INVESTIGATION, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, investigation: shown(complaintNumber) }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...INVESTIGATOR, caseId, action: 'READ', fields: FIELDS, basis: 'OVERRIDE', reason: null }),
    ]);
  });

  it('with both a consent and an override in force, the consent is the basis, and no reason is logged', async () => {
    const { caseId, complaintNumber } = await caseWithComplaintAt();
    const facts = sharing({
      consents: [
        { agency: 'POLICE', basis: 'OVERRIDE', expiresAt: inMinutes(60), reason: OVERRIDE_REASON },
        { agency: 'POLICE', basis: 'CONSENT', expiresAt: inMinutes(60) },
      ],
    });
    const res = await h.run(asDemoUser('investigator'), INVESTIGATION, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, investigation: shown(complaintNumber) }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...INVESTIGATOR, caseId, action: 'READ', fields: FIELDS, basis: 'CONSENT', reason: null }),
    ]);
  });

  it("the case's case manager reads without referral or consent (CARE_TEAM); suspects stay with the police", async () => {
    const { caseId, complaintNumber } = await caseWithComplaintAt();
    const facts = sharing({ consents: [], referrals: [] });
    const res = await h.run(asDemoUser('case-manager'), INVESTIGATION, refWith(caseId, facts));
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, investigation: { ...shown(complaintNumber), suspects: null } }] },
      errors: [forbidden('MISSING_SCOPE', ['_entities', 0, 'investigation', 'suspects'])],
    });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CASE_MANAGER, caseId, action: 'READ', fields: FIELDS_WITHOUT_SUSPECTS, basis: 'CARE_TEAM' }),
    ]);
  });
});

describe('Case.investigation: refused, and why', () => {
  // Each refusal: the slice is null at its own path, the reason is named, nothing is disclosed and no read is logged.
  it.each<{ what: string; login: string; reason: DenialReason; facts: Sharing | null }>([
    {
      what: 'a case at another center and district',
      login: 'investigator',
      reason: 'OUT_OF_SCOPE',
      facts: sharing(AT_HUYE),
    },
    {
      what: 'a case at the other center of the same district',
      login: 'investigator',
      reason: 'OUT_OF_SCOPE',
      facts: sharing({ centerCode: 'GASABO-2' }),
    },
    { what: 'a representation without sharing facts', login: 'investigator', reason: 'OUT_OF_SCOPE', facts: null },
    {
      what: "another center's case with the investigator's own grant, opened for health (a grant follows its agency)",
      login: 'investigator',
      reason: 'OUT_OF_SCOPE',
      facts: sharing({ ...AT_HUYE, breakGlass: [grant('demo:investigator', 30, 'Opened as a clinician.', 'HEALTH')] }),
    },
    {
      what: 'sharing facts whose grant names no agency (not what the center sends)',
      login: 'investigator',
      reason: 'OUT_OF_SCOPE',
      facts: {
        ...sharing(AT_HUYE),
        breakGlass: [{ subject: 'demo:investigator', agency: '', expiresAt: inMinutes(30) }],
      },
    },
    {
      what: 'out of scope, not referred and without consent: scope is decided first',
      login: 'investigator',
      reason: 'OUT_OF_SCOPE',
      facts: sharing({ ...AT_HUYE, consents: [], referrals: [] }),
    },
    {
      what: 'a case at another center, the GASABO-1 case manager reading',
      login: 'case-manager',
      reason: 'OUT_OF_SCOPE',
      facts: sharing(AT_HUYE),
    },
    {
      what: 'a case not referred to anyone, with consent for the police',
      login: 'investigator',
      reason: 'NOT_REFERRED',
      facts: sharing({ referrals: [] }),
    },
    {
      what: 'a case referred to health only',
      login: 'investigator',
      reason: 'NOT_REFERRED',
      facts: sharing({ referrals: [{ agency: 'HEALTH' }] }),
    },
    {
      what: 'not referred and without consent: the referral is decided first',
      login: 'investigator',
      reason: 'NOT_REFERRED',
      facts: sharing({ referrals: [], consents: [] }),
    },
    {
      what: 'referred, no consent at all',
      login: 'investigator',
      reason: 'CONSENT_REQUIRED',
      facts: sharing({ consents: [] }),
    },
    {
      what: 'referred, the consent expired one minute ago',
      login: 'investigator',
      reason: 'CONSENT_REQUIRED',
      facts: sharing({ consents: [{ agency: 'POLICE', basis: 'CONSENT', expiresAt: inMinutes(-1) }] }),
    },
    {
      what: 'referred, the override expired one minute ago',
      login: 'investigator',
      reason: 'CONSENT_REQUIRED',
      facts: sharing({ consents: [{ agency: 'POLICE', basis: 'OVERRIDE', expiresAt: inMinutes(-1) }] }),
    },
    {
      what: 'referred, consent given to health only',
      login: 'investigator',
      reason: 'CONSENT_REQUIRED',
      facts: sharing({ consents: [{ agency: 'HEALTH', basis: 'CONSENT', expiresAt: null }] }),
    },
  ])('$what ($login): FORBIDDEN $reason', async ({ login, reason, facts }) => {
    const { caseId } = await caseWithComplaintAt();
    const res = await h.run(asDemoUser(login), INVESTIGATION, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, investigation: null }] }, errors: [denied(reason)] });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a case at GASABO-1 read by the HUYE-1 investigator: FORBIDDEN OUT_OF_SCOPE', async () => {
    const { caseId } = await caseWithComplaintAt();
    const res = await h.run(huyeInvestigator, INVESTIGATION, refWith(caseId, sharing()));
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, investigation: null }] },
      errors: [denied('OUT_OF_SCOPE')],
    });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('each case of a batch is decided on its own facts, and only the allowed one is logged', async () => {
    const [a, b, c] = [await caseWithComplaintAt(), await caseWithComplaintAt(), await caseWithComplaintAt()];
    const res = await h.run(asDemoUser('investigator'), INVESTIGATION, {
      r: [caseRef(a.caseId, sharing({ consents: [] })), caseRef(b.caseId), caseRef(c.caseId, sharing(AT_HUYE))],
    });
    expect(res).toEqual({
      data: {
        _entities: [
          { id: a.caseId, investigation: null },
          { id: b.caseId, investigation: shown(b.complaintNumber) },
          { id: c.caseId, investigation: null },
        ],
      },
      errors: [denied('CONSENT_REQUIRED', 0), denied('OUT_OF_SCOPE', 2)],
    });
    expect(await accessLogOf(h, a.caseId)).toEqual([]);
    expect(await accessLogOf(h, b.caseId)).toEqual([
      entry({ ...INVESTIGATOR, caseId: b.caseId, action: 'READ', fields: FIELDS, basis: 'CONSENT' }),
    ]);
    expect(await accessLogOf(h, c.caseId)).toEqual([]);
  });
});

describe('Case.investigation: break-glass', () => {
  it('a grant for the caller opens a case outside their center, unreferred and without consent (BREAK_GLASS), logged with its reason', async () => {
    const { caseId, complaintNumber } = await caseWithComplaintAt();
    const facts = sharing({
      consents: [],
      referrals: [],
      breakGlass: [grant('demo:test-investigator', 30, GRANT_REASON)],
    });
    const res = await h.run(huyeInvestigator, INVESTIGATION, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, investigation: shown(complaintNumber) }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({
        ...HUYE_INVESTIGATOR,
        caseId,
        action: 'READ',
        fields: FIELDS,
        basis: 'BREAK_GLASS',
        reason: GRANT_REASON,
      }),
    ]);
  });

  it('a grant whose representation carries no reason is logged with a null reason (BREAK_GLASS)', async () => {
    const { caseId, complaintNumber } = await caseWithComplaintAt();
    const facts = sharing({ consents: [], referrals: [], breakGlass: [grant('demo:test-investigator', 30)] });
    const res = await h.run(huyeInvestigator, INVESTIGATION, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, investigation: shown(complaintNumber) }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...HUYE_INVESTIGATOR, caseId, action: 'READ', fields: FIELDS, basis: 'BREAK_GLASS', reason: null }),
    ]);
  });

  it("a grant for the caller comes first: the read is logged as BREAK_GLASS, with the grant's reason, even with an override in force", async () => {
    const { caseId, complaintNumber } = await caseWithComplaintAt();
    const facts = sharing({
      consents: [{ agency: 'POLICE', basis: 'OVERRIDE', expiresAt: inMinutes(60), reason: OVERRIDE_REASON }],
      breakGlass: [grant('demo:investigator', 30, GRANT_REASON)],
    });
    const res = await h.run(asDemoUser('investigator'), INVESTIGATION, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, investigation: shown(complaintNumber) }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...INVESTIGATOR, caseId, action: 'READ', fields: FIELDS, basis: 'BREAK_GLASS', reason: GRANT_REASON }),
    ]);
  });

  it("the reason logged is the caller's own grant's, not another person's on the same case", async () => {
    const { caseId, complaintNumber } = await caseWithComplaintAt();
    const facts = sharing({
      consents: [],
      referrals: [],
      breakGlass: [
        grant('demo:investigator', 30, "Someone else's emergency, stated by someone else."),
        grant('demo:test-investigator', 30, GRANT_REASON),
      ],
    });
    const res = await h.run(huyeInvestigator, INVESTIGATION, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, investigation: shown(complaintNumber) }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({
        ...HUYE_INVESTIGATOR,
        caseId,
        action: 'READ',
        fields: FIELDS,
        basis: 'BREAK_GLASS',
        reason: GRANT_REASON,
      }),
    ]);
  });

  it('a grant for someone else does nothing for the caller (OUT_OF_SCOPE)', async () => {
    const { caseId } = await caseWithComplaintAt();
    const res = await h.run(
      huyeInvestigator,
      INVESTIGATION,
      refWith(caseId, sharing({ breakGlass: [grant('demo:investigator', 30)] })),
    );
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, investigation: null }] },
      errors: [denied('OUT_OF_SCOPE')],
    });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a grant for the caller that expired one minute ago opens nothing (OUT_OF_SCOPE)', async () => {
    const { caseId } = await caseWithComplaintAt();
    const res = await h.run(
      huyeInvestigator,
      INVESTIGATION,
      refWith(caseId, sharing({ breakGlass: [grant('demo:test-investigator', -1)] })),
    );
    expect(res).toEqual({
      data: { _entities: [{ id: caseId, investigation: null }] },
      errors: [denied('OUT_OF_SCOPE')],
    });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });
});

describe('Case.investigation: a complaint received at another place', () => {
  it('a complaint received at HUYE-1 does not show on a case at GASABO-1, to the investigator or the case manager', async () => {
    const { caseId } = await caseWithComplaintAt('HUYE-1');
    for (const login of ['investigator', 'case-manager']) {
      const res = await h.run(
        asDemoUser(login),
        `
        query Police($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id investigation { complaintNumber } } } }`,
        refWith(caseId, sharing()),
      );
      expect(res).toEqual({ data: { _entities: [{ id: caseId, investigation: null }] } });
    }
  });

  it('nor to the HUYE-1 investigator reading the GASABO-1 case under break-glass', async () => {
    const { caseId } = await caseWithComplaintAt('HUYE-1');
    const facts = sharing({ breakGlass: [grant('demo:test-investigator', 30)] });
    const res = await h.run(huyeInvestigator, INVESTIGATION, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, investigation: null }] } });
  });

  it('the same case, sitting at HUYE-1, shows the HUYE-1 investigator the complaint received there', async () => {
    const { caseId, complaintNumber } = await caseWithComplaintAt('HUYE-1');
    const res = await h.run(huyeInvestigator, INVESTIGATION, refWith(caseId, sharing(AT_HUYE)));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, investigation: shown(complaintNumber, 'HUYE-1') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...HUYE_INVESTIGATOR, caseId, action: 'READ', fields: FIELDS, basis: 'CONSENT' }),
    ]);
  });
});
