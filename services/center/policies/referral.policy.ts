import type { EntityManager } from '@mikro-orm/postgresql';
import { subgraphOfSharing } from '../../shared/agencies.js';
import { type HubContext, outboxOf } from '../../shared/context.js';
import type { ReferralStatus } from '../../shared/referral-lifecycle.js';
import type { Case } from '../entities/case.entity.js';
import type { Center } from '../entities/center.entity.js';
import type { Referral } from '../entities/referral.entity.js';
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
}
