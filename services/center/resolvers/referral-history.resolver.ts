import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context.js';
import { Referral } from '../entities/referral.entity.js';
import { ReferralTransition } from '../entities/referral-transition.entity.js';
import { transitionsByReferral } from '../loaders/case.loaders.js';

// Whoever may see a referral sees how it got where it stands: the history is part of the referral, under its rules.
@Resolver(() => Referral)
export class ReferralHistoryResolver {
  @FieldResolver(() => [ReferralTransition], { description: 'Every move of the referral, its request first.' })
  history(@Root() r: Referral, @Ctx() ctx: HubContext): Promise<ReferralTransition[]> {
    return transitionsByReferral(ctx).load(r.id);
  }
}
