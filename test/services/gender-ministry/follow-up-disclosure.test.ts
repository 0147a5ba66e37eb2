import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { FollowUpPlan } from '../../../services/gender-ministry/entities/follow-up-plan.entity.js';
import { Visit } from '../../../services/gender-ministry/entities/visit.entity.js';
import { genderMinistry } from '../../../services/gender-ministry/index.js';
import { RiskLevel, VisitorRole } from '../../../services/gender-ministry/types/follow-up-enums.js';
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
  MINISTRY_SYSTEM,
  refWith,
  type Sharing,
  sharing,
  SOCIAL_WORKER,
} from './fixtures.js';

// The per-record rule on the gender ministry's slice (services/shared/sharing/decide.ts `decide`), with the sharing facts
// the center sends in each representation. Social workers and local officials reach the cases of their district, the
// ministry's own system every case; all of them only once the case is referred and with consent (or an override).

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(genderMinistry, await testDatabase()));
});

const FOLLOW_UP = `
  query FollowUp($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Case { id followUp {
        district riskLevel
        visits { visitorRole }
      } }
    }
  }`;
const FIELDS = ['followUp.district', 'followUp.riskLevel', 'followUp.visits.visitorRole'];

/** The social worker of Huye, as principal and as the access log names them. */
const huyeSocialWorker = asRole('social-worker', { district: 'Huye' });
const HUYE_SOCIAL_WORKER = { subject: 'demo:test-social-worker', agency: 'gender-ministry', roles: ['social-worker'] };

/** A case followed up by `district`, with one visit. */
async function caseFollowedBy(district = 'Gasabo'): Promise<string> {
  const caseId = randomUUID();
  const em = h.orm.em.fork();
  const plan = em.create(FollowUpPlan, {
    caseId,
    district,
    riskLevel: RiskLevel.HIGH,
    plan: 'Weekly home visit.',
    recordedBy: 'demo:social-worker',
  });
  em.create(Visit, {
    plan,
    scheduledFor: new Date('2025-07-01T07:00:00Z'),
    visitorRole: VisitorRole.SOCIAL_WORKER,
    doneAt: null,
    notes: null,
    recordedBy: 'demo:social-worker',
  });
  await em.flush();
  return caseId;
}

const shown = (district = 'Gasabo') => ({ district, riskLevel: 'HIGH', visits: [{ visitorRole: 'SOCIAL_WORKER' }] });

/** The gender ministry refused the follow-up of the `index`th case of the batch. */
const denied = (reason: DenialReason, index = 0) => forbidden(reason, ['_entities', index, 'followUp']);

const IN_HUYE: Partial<Sharing> = { centerCode: 'HUYE-1', district: 'Huye' };

/** Reasons stated for an override and for a break-glass grant, as the center sends them with the facts. */
const OVERRIDE_REASON = "The child is at risk at home; follow-up cannot wait for the guardian's consent.";
const GRANT_REASON = 'Survivor missing since this morning; the follow-up plan is needed now.';

describe('Case.followUp: allowed, and on which basis', () => {
  it("referred to the gender ministry with consent in force: the district's social worker reads (CONSENT)", async () => {
    const caseId = await caseFollowedBy();
    const res = await h.run(asDemoUser('social-worker'), FOLLOW_UP, refWith(caseId, sharing()));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: shown() }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...SOCIAL_WORKER, caseId, action: 'READ', fields: FIELDS, basis: 'CONSENT' }),
    ]);
  });

  it("a case at the district's other center is in the social worker's scope: scope is the district, not the center", async () => {
    const caseId = await caseFollowedBy();
    const res = await h.run(
      asDemoUser('social-worker'),
      FOLLOW_UP,
      refWith(caseId, sharing({ centerCode: 'GASABO-2' })),
    );
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: shown() }] } });
  });

  it('a consent that expires one minute from now is still in force (CONSENT)', async () => {
    const caseId = await caseFollowedBy();
    const facts = sharing({ consents: [{ agency: 'GENDER_MINISTRY', basis: 'CONSENT', expiresAt: inMinutes(1) }] });
    const res = await h.run(asDemoUser('local-official'), FOLLOW_UP, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: shown() }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({
        subject: 'demo:local-official',
        agency: 'gender-ministry',
        roles: ['local-official'],
        caseId,
        action: 'READ',
        fields: FIELDS,
        basis: 'CONSENT',
      }),
    ]);
  });

  it('referred, no consent, an override for the gender ministry in force: the social worker reads (OVERRIDE), logged with its reason', async () => {
    const caseId = await caseFollowedBy();
    const facts = sharing({
      consents: [{ agency: 'GENDER_MINISTRY', basis: 'OVERRIDE', expiresAt: inMinutes(60), reason: OVERRIDE_REASON }],
    });
    const res = await h.run(asDemoUser('social-worker'), FOLLOW_UP, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: shown() }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...SOCIAL_WORKER, caseId, action: 'READ', fields: FIELDS, basis: 'OVERRIDE', reason: OVERRIDE_REASON }),
    ]);
  });

  it('an override whose representation carries no reason is logged with a null reason (OVERRIDE)', async () => {
    const caseId = await caseFollowedBy();
    const facts = sharing({
      consents: [{ agency: 'GENDER_MINISTRY', basis: 'OVERRIDE', expiresAt: inMinutes(60), reason: null }],
    });
    const res = await h.run(asDemoUser('social-worker'), FOLLOW_UP, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: shown() }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...SOCIAL_WORKER, caseId, action: 'READ', fields: FIELDS, basis: 'OVERRIDE', reason: null }),
    ]);
  });

  it('with both a consent and an override in force, the consent is the basis, and no reason is logged', async () => {
    const caseId = await caseFollowedBy();
    const facts = sharing({
      consents: [
        { agency: 'GENDER_MINISTRY', basis: 'OVERRIDE', expiresAt: inMinutes(60), reason: OVERRIDE_REASON },
        { agency: 'GENDER_MINISTRY', basis: 'CONSENT', expiresAt: null },
      ],
    });
    const res = await h.run(asDemoUser('social-worker'), FOLLOW_UP, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: shown() }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...SOCIAL_WORKER, caseId, action: 'READ', fields: FIELDS, basis: 'CONSENT', reason: null }),
    ]);
  });

  it("the ministry's own system, national in scope, reads a case of any district on consent (CONSENT)", async () => {
    const caseId = await caseFollowedBy('Huye');
    const res = await h.run(asDemoUser('ministry-system'), FOLLOW_UP, refWith(caseId, sharing(IN_HUYE)));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: shown('Huye') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...MINISTRY_SYSTEM, caseId, action: 'READ', fields: FIELDS, basis: 'CONSENT' }),
    ]);
  });

  it("the case's case manager reads without referral or consent (CARE_TEAM)", async () => {
    const caseId = await caseFollowedBy();
    const facts = sharing({ consents: [], referrals: [] });
    const res = await h.run(asDemoUser('case-manager'), FOLLOW_UP, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: shown() }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...CASE_MANAGER, caseId, action: 'READ', fields: FIELDS, basis: 'CARE_TEAM' }),
    ]);
  });
});

describe('Case.followUp: refused, and why', () => {
  // Each refusal: the slice is null at its own path, the reason is named, nothing is disclosed and no read is logged.
  it.each<{ what: string; login: string; reason: DenialReason; facts: Sharing | null }>([
    { what: 'a case in another district', login: 'social-worker', reason: 'OUT_OF_SCOPE', facts: sharing(IN_HUYE) },
    {
      what: 'a case in another district, read by the local official',
      login: 'local-official',
      reason: 'OUT_OF_SCOPE',
      facts: sharing(IN_HUYE),
    },
    { what: 'a representation without sharing facts', login: 'social-worker', reason: 'OUT_OF_SCOPE', facts: null },
    {
      what: 'a representation without sharing facts, read by the national system',
      login: 'ministry-system',
      reason: 'OUT_OF_SCOPE',
      facts: null,
    },
    {
      what: 'out of scope, not referred and without consent: scope is decided first',
      login: 'social-worker',
      reason: 'OUT_OF_SCOPE',
      facts: sharing({ ...IN_HUYE, consents: [], referrals: [] }),
    },
    {
      what: "the district's other center, read by the GASABO-1 case manager",
      login: 'case-manager',
      reason: 'OUT_OF_SCOPE',
      facts: sharing({ centerCode: 'GASABO-2' }),
    },
    {
      what: 'a case not referred to anyone, with consent for the ministry',
      login: 'social-worker',
      reason: 'NOT_REFERRED',
      facts: sharing({ referrals: [] }),
    },
    {
      what: 'a case referred to health and the police only',
      login: 'social-worker',
      reason: 'NOT_REFERRED',
      facts: sharing({ referrals: [{ agency: 'HEALTH' }, { agency: 'POLICE' }] }),
    },
    {
      what: 'a case not referred, read by the national system',
      login: 'ministry-system',
      reason: 'NOT_REFERRED',
      facts: sharing({ referrals: [] }),
    },
    {
      what: 'not referred and without consent: the referral is decided first',
      login: 'social-worker',
      reason: 'NOT_REFERRED',
      facts: sharing({ referrals: [], consents: [] }),
    },
    {
      what: 'referred, no consent at all',
      login: 'social-worker',
      reason: 'CONSENT_REQUIRED',
      facts: sharing({ consents: [] }),
    },
    {
      what: 'referred, no consent, read by the national system',
      login: 'ministry-system',
      reason: 'CONSENT_REQUIRED',
      facts: sharing({ consents: [] }),
    },
    {
      what: 'referred, the consent expired one minute ago',
      login: 'social-worker',
      reason: 'CONSENT_REQUIRED',
      facts: sharing({ consents: [{ agency: 'GENDER_MINISTRY', basis: 'CONSENT', expiresAt: inMinutes(-1) }] }),
    },
    {
      what: 'referred, the override expired one minute ago',
      login: 'social-worker',
      reason: 'CONSENT_REQUIRED',
      facts: sharing({ consents: [{ agency: 'GENDER_MINISTRY', basis: 'OVERRIDE', expiresAt: inMinutes(-1) }] }),
    },
    {
      what: 'referred, consent given to health only',
      login: 'social-worker',
      reason: 'CONSENT_REQUIRED',
      facts: sharing({ consents: [{ agency: 'HEALTH', basis: 'CONSENT', expiresAt: null }] }),
    },
  ])('$what ($login): FORBIDDEN $reason', async ({ login, reason, facts }) => {
    const caseId = await caseFollowedBy();
    const res = await h.run(asDemoUser(login), FOLLOW_UP, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: null }] }, errors: [denied(reason)] });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a case in Gasabo read by the social worker of Huye: FORBIDDEN OUT_OF_SCOPE', async () => {
    const caseId = await caseFollowedBy();
    const res = await h.run(huyeSocialWorker, FOLLOW_UP, refWith(caseId, sharing()));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: null }] }, errors: [denied('OUT_OF_SCOPE')] });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('each case of a batch is decided on its own facts, and only the allowed one is logged', async () => {
    const [a, b, c] = [await caseFollowedBy(), await caseFollowedBy(), await caseFollowedBy()];
    const res = await h.run(asDemoUser('social-worker'), FOLLOW_UP, {
      r: [caseRef(a, sharing(IN_HUYE)), caseRef(b, sharing({ referrals: [] })), caseRef(c)],
    });
    expect(res).toEqual({
      data: {
        _entities: [
          { id: a, followUp: null },
          { id: b, followUp: null },
          { id: c, followUp: shown() },
        ],
      },
      errors: [denied('OUT_OF_SCOPE', 0), denied('NOT_REFERRED', 1)],
    });
    expect(await accessLogOf(h, a)).toEqual([]);
    expect(await accessLogOf(h, b)).toEqual([]);
    expect(await accessLogOf(h, c)).toEqual([
      entry({ ...SOCIAL_WORKER, caseId: c, action: 'READ', fields: FIELDS, basis: 'CONSENT' }),
    ]);
  });
});

describe('Case.followUp: break-glass', () => {
  it('a grant for the caller opens a case of another district, unreferred and without consent (BREAK_GLASS), logged with its reason', async () => {
    const caseId = await caseFollowedBy();
    const facts = sharing({
      consents: [],
      referrals: [],
      breakGlass: [grant('demo:test-social-worker', 30, GRANT_REASON)],
    });
    const res = await h.run(huyeSocialWorker, FOLLOW_UP, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: shown() }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({
        ...HUYE_SOCIAL_WORKER,
        caseId,
        action: 'READ',
        fields: FIELDS,
        basis: 'BREAK_GLASS',
        reason: GRANT_REASON,
      }),
    ]);
  });

  it('a grant whose representation carries no reason is logged with a null reason (BREAK_GLASS)', async () => {
    const caseId = await caseFollowedBy();
    const facts = sharing({ consents: [], referrals: [], breakGlass: [grant('demo:test-social-worker', 30)] });
    const res = await h.run(huyeSocialWorker, FOLLOW_UP, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: shown() }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...HUYE_SOCIAL_WORKER, caseId, action: 'READ', fields: FIELDS, basis: 'BREAK_GLASS', reason: null }),
    ]);
  });

  it("a grant for the caller comes first: the read is logged as BREAK_GLASS, with the grant's reason, even with consent in force", async () => {
    const caseId = await caseFollowedBy();
    const facts = sharing({ breakGlass: [grant('demo:social-worker', 30, GRANT_REASON)] });
    const res = await h.run(asDemoUser('social-worker'), FOLLOW_UP, refWith(caseId, facts));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: shown() }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...SOCIAL_WORKER, caseId, action: 'READ', fields: FIELDS, basis: 'BREAK_GLASS', reason: GRANT_REASON }),
    ]);
  });

  it('a grant for someone else does nothing for the caller (OUT_OF_SCOPE)', async () => {
    const caseId = await caseFollowedBy();
    const res = await h.run(
      huyeSocialWorker,
      FOLLOW_UP,
      refWith(caseId, sharing({ breakGlass: [grant('demo:social-worker', 30)] })),
    );
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: null }] }, errors: [denied('OUT_OF_SCOPE')] });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a grant for the caller that expired one minute ago opens nothing (OUT_OF_SCOPE)', async () => {
    const caseId = await caseFollowedBy();
    const res = await h.run(
      huyeSocialWorker,
      FOLLOW_UP,
      refWith(caseId, sharing({ breakGlass: [grant('demo:test-social-worker', -1)] })),
    );
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: null }] }, errors: [denied('OUT_OF_SCOPE')] });
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });
});

describe('Case.followUp: a plan made by another district', () => {
  it('a plan made by Huye does not show on a case in Gasabo, to the social worker, the case manager or the national system', async () => {
    const caseId = await caseFollowedBy('Huye');
    for (const login of ['social-worker', 'case-manager', 'ministry-system']) {
      const res = await h.run(asDemoUser(login), FOLLOW_UP, refWith(caseId, sharing()));
      expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: null }] } });
    }
  });

  it('nor to the social worker of Huye reading the Gasabo case under break-glass', async () => {
    const caseId = await caseFollowedBy('Huye');
    const res = await h.run(
      huyeSocialWorker,
      FOLLOW_UP,
      refWith(caseId, sharing({ breakGlass: [grant('demo:test-social-worker', 30)] })),
    );
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: null }] } });
  });

  it('the same case, sitting in Huye, shows the Huye social worker the plan Huye made', async () => {
    const caseId = await caseFollowedBy('Huye');
    const res = await h.run(huyeSocialWorker, FOLLOW_UP, refWith(caseId, sharing(IN_HUYE)));
    expect(res).toEqual({ data: { _entities: [{ id: caseId, followUp: shown('Huye') }] } });
    expect(await accessLogOf(h, caseId)).toEqual([
      entry({ ...HUYE_SOCIAL_WORKER, caseId, action: 'READ', fields: FIELDS, basis: 'CONSENT' }),
    ]);
  });
});
