import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import { recordReturned } from '../../shared/access-log/returned.js';
import { type HubContext, outboxOf } from '../../shared/context.js';
import { badInput } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { Case } from '../entities/case.entity.js';
import { centerById } from '../loaders/case.loaders.js';
import { sharingFacts } from '../loaders/sharing.loaders.js';
import { readableCaseWithBasis } from '../policies/case-access.policy.js';
import { lockCase } from '../policies/consent.policy.js';
import { referUnderLock } from '../policies/referral.policy.js';
import { proposedAgencies, servicePlan } from '../policies/service-plan.policy.js';
import { ConfirmReferralsInput, PlannedService } from '../types/service-plan.type.js';

@Resolver(() => Case)
export class ServicePlanResolver {
  @FieldResolver(() => [PlannedService], {
    nullable: true,
    description: 'The needs assessed at intake as a plan: who gives each service, and where it stands.',
  })
  @Requires('referral:read')
  async servicePlan(@Root() c: Case, @Ctx() ctx: HubContext): Promise<PlannedService[]> {
    const facts = await sharingFacts(ctx).load(c.id);
    if (!facts) throw new Error('no sharing facts for a case that was read');
    return servicePlan(c.needs, facts);
  }

  @Mutation(() => Case, {
    description:
      'Confirm referrals the service plan proposes, all at once: refused as a whole if one agency is not proposed or has no consent.',
  })
  @Requires('referral:write', 'referral:read')
  async confirmReferrals(
    @Arg('input', () => ConfirmReferralsInput) input: ConfirmReferralsInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Case> {
    if (new Set(input.agencies).size !== input.agencies.length)
      throw badInput('input.agencies', 'name each agency once');
    const { found, basis } = await readableCaseWithBasis(ctx, input.caseId);
    const proposed = proposedAgencies(found.needs);
    const extra = input.agencies.filter((a) => !proposed.includes(a));
    if (extra.length > 0) throw badInput('input.agencies', `not proposed by the case's needs: ${extra.join(', ')}`);
    const center = await centerById(ctx).load(found.center.id);
    if (!center) throw new Error('a case read has no center');
    await ctx.em.transactional(async (em) => {
      await lockCase(em, found.id);
      await referUnderLock(em, ctx, { case: found, center, basis }, input.agencies);
    });
    outboxOf(ctx).kick();
    // The facts read to decide the request predate its referrals: the answer reads them again.
    sharingFacts(ctx).clear(found.id);
    recordReturned(ctx, info, found.id, basis);
    return found;
  }
}
