import type { EntityManager } from '@mikro-orm/postgresql';
import { subgraphOfSharing } from '../../shared/agencies.js';
import { recordWrite } from '../../shared/access-log/record-write.js';
import { callerOf, type HubContext, outboxOf } from '../../shared/context.js';
import { DenialReason, forbidden } from '../../shared/errors.js';
import { OPEN_REFERRAL } from '../../shared/referral-lifecycle.js';
import type { LegalBasis } from '../../shared/sharing/decide.js';
import { Consent } from '../entities/consent.entity.js';
import { ConsentOverride } from '../entities/consent-override.entity.js';
import { consentScopeOf } from '../types/case-enums.js';
import type { ServiceAgency } from '../types/service-agency.js';
import { consentsInForce, overridesInForce } from './consent.policy.js';
import type { ReferralStatus } from '../../shared/referral-lifecycle.js';
import type { Case } from '../entities/case.entity.js';
import type { Center } from '../entities/center.entity.js';
import { Referral } from '../entities/referral.entity.js';
import { tellStatistics } from './statistics-facts.policy.js';
import { ReferralTransition } from '../entities/referral-transition.entity.js';

/**
 * Record a referral's move (its request included) and tell the agency, in the caller's transaction: the move, its
 * history row and the message to the agency land together or not at all. The message says only which referral, which
 * case, where the case is, and where the referral now stands.
 */
export async function recordMove(
  em: EntityManager,
  ctx: HubContext,
  r: Referral,
  where: { center: Center; case: Case },
  move: { from: ReferralStatus | null; by: string; reason: string | null; at: Date },
): Promise<void> {
  em.create(ReferralTransition, {
    referral: r,
    fromStatus: move.from,
    toStatus: r.status,
    at: move.at,
    by: move.by,
    reason: move.reason,
  });
  await em.flush();
  await outboxOf(ctx).enqueue(
    em,
    {
      type: 'referral.changed',
      referralId: r.id,
      caseId: r.case.id,
      centerCode: where.center.code,
      district: where.center.district,
      incidentAt: where.case.incidentAt.toISOString(),
      status: r.status,
      version: r.version,
    },
    [subgraphOfSharing(r.agency)],
  );
  // With its first referral, the agency learns what its statistics may count of the case.
  if (move.from === null) await tellStatistics(em, ctx, r.case.id, [r.agency]);
}

/**
 * Refer a case to each of `agencies`, in the caller's transaction, with the case already locked (lockCase): consent
 * (or an override) for every agency is read under the lock, so a withdrawal that got the lock first wins, and one
 * agency without it refuses them all. An agency with an open referral keeps it (referring twice is one referral);
 * after one ends, the case is referred anew. Each new referral is recorded, logged and told to its agency.
 */
export async function referUnderLock(
  em: EntityManager,
  ctx: HubContext,
  where: { case: Case; center: Center; basis: LegalBasis },
  agencies: readonly ServiceAgency[],
): Promise<Referral[]> {
  const caseId = where.case.id;
  const now = new Date();
  for (const agency of agencies) {
    const [consents, overrides] = await Promise.all([
      em.count(Consent, { $and: [{ case: caseId, scope: consentScopeOf(agency) }, consentsInForce(now)] }),
      em.count(ConsentOverride, { $and: [{ case: caseId, agency }, overridesInForce(now)] }),
    ]);
    if (consents + overrides === 0) throw forbidden(DenialReason.CONSENT_REQUIRED);
  }
  const by = callerOf(ctx).subject;
  const made: Referral[] = [];
  for (const agency of agencies) {
    const open = await em.findOne(Referral, { case: caseId, agency, status: { $in: [...OPEN_REFERRAL] } });
    if (open) {
      made.push(open);
      continue;
    }
    const created = em.create(Referral, {
      case: caseId,
      agency,
      referredAt: now,
      referredBy: by,
      statusChangedAt: now,
    });
    await recordMove(em, ctx, created, where, { from: null, by, reason: null, at: now });
    await recordWrite(em, ctx, caseId, `referCase.${agency}`, where.basis);
    made.push(created);
  }
  return made;
}
