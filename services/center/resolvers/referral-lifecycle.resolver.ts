import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Mutation, Resolver } from 'type-graphql';
import { recordReturned } from '../../shared/access-log/returned.js';
import { recordWrite } from '../../shared/access-log/record-write.js';
import { sharingCodeOf } from '../../shared/agencies.js';
import { callerOf, type HubContext, outboxOf } from '../../shared/context.js';
import { badInput, conflict, DenialReason, refused } from '../../shared/errors.js';
import { inOrgScope } from '../../shared/org-scope.js';
import { LegalBasis } from '../../shared/sharing/decide.js';
import { Requires } from '../../shared/guards.js';
import { illegalMove, type ReferralMove, ReferralMoves } from '../../shared/referral-lifecycle.js';
import { Referral } from '../entities/referral.entity.js';
import { readableCaseWithBasis } from '../policies/case-access.policy.js';
import { lockCase } from '../policies/consent.policy.js';
import { recordMove } from '../policies/referral.policy.js';
import { ReferralMoveInput } from '../types/referral.input.js';

// The moves of a referral after its request. The agency it was made to accepts, rejects or completes it; the center
// revokes it. Each move is made under the case's lock, so two people moving the same referral at the same moment get
// one move and one CONFLICT, never both; and each is told to the agency through the center's outbox.

const NO_SUCH = 'no referral you may act on has this id';

async function move(
  ctx: HubContext,
  info: GraphQLResolveInfo,
  name: ReferralMove,
  input: ReferralMoveInput,
): Promise<Referral> {
  const m = ReferralMoves[name];
  const reason = input.reason ?? null;
  if (m.reasonRequired && reason === null)
    throw badInput('input.reason', `say why the referral is ${m.to.toLowerCase()}`);
  const caller = callerOf(ctx);
  const seen = await ctx.em.findOne(Referral, { id: input.referralId }, { populate: ['case.center'] });
  const place = seen && { centerCode: seen.case.center.code, district: seen.case.center.district };
  // Only the agency a referral was made to may answer it, and only the center may revoke it, each within its own
  // place: to anyone else it is as good as absent, whether it exists or not, and whatever agency it is for.
  const actor = m.by === 'center' ? caller.agency === 'center' : sharingCodeOf(caller.agency) === seen?.agency;
  if (!seen || !place || !actor || !inOrgScope(caller, place)) throw badInput('input.referralId', NO_SUCH);
  const caseId = seen.case.id;
  // Then the case must be readable under the ordinary rules (consent): emergency access opens a case to read it in
  // an emergency, not to answer or end its referrals.
  const { basis, found } = await readableCaseWithBasis(ctx, caseId);
  if (basis === LegalBasis.BREAK_GLASS) throw refused(ctx, caseId, DenialReason.CONSENT_REQUIRED);
  const center = seen.case.center;
  const moved = await ctx.em.transactional(async (em) => {
    await lockCase(em, caseId);
    // Read again under the lock: a move that got the lock first must be seen.
    const r = await em.findOneOrFail(Referral, { id: seen.id }, { refresh: true });
    const illegal = illegalMove(name, r.status);
    if (illegal) throw conflict(illegal);
    const from = r.status;
    const at = new Date();
    r.status = m.to;
    r.statusReason = reason;
    r.statusChangedAt = at;
    r.version += 1;
    await recordMove(em, ctx, r, { center, case: found }, { from, by: caller.subject, reason, at });
    await recordWrite(em, ctx, caseId, `${name}Referral.${r.agency}`, basis);
    return r;
  });
  outboxOf(ctx).kick();
  recordReturned(ctx, info, caseId, basis, { under: 'referrals' });
  return moved;
}

@Resolver()
export class ReferralLifecycleResolver {
  @Mutation(() => Referral, { description: 'The agency a case is referred to takes it on.' })
  @Requires('referral:respond')
  acceptReferral(
    @Arg('input', () => ReferralMoveInput) input: ReferralMoveInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Referral> {
    return move(ctx, info, 'accept', input);
  }

  @Mutation(() => Referral, { description: 'The agency a case is referred to declines it, saying why.' })
  @Requires('referral:respond')
  rejectReferral(
    @Arg('input', () => ReferralMoveInput) input: ReferralMoveInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Referral> {
    return move(ctx, info, 'reject', input);
  }

  @Mutation(() => Referral, { description: 'The agency has given the service the referral asked for.' })
  @Requires('referral:respond')
  completeReferral(
    @Arg('input', () => ReferralMoveInput) input: ReferralMoveInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Referral> {
    return move(ctx, info, 'complete', input);
  }

  @Mutation(() => Referral, {
    description: "The center withdraws a referral that is not yet done, saying why; the agency's writes stop.",
  })
  @Requires('referral:write', 'referral:read')
  revokeReferral(
    @Arg('input', () => ReferralMoveInput) input: ReferralMoveInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Referral> {
    return move(ctx, info, 'revoke', input);
  }
}
