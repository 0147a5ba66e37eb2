import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { FollowUpPlan } from '../entities/follow-up-plan.entity.js';
import { Visit } from '../entities/visit.entity.js';
import { CaseRef } from '../types/case.type.js';
import { planByCase, visitsByPlan } from './loaders.js';

@Resolver(() => CaseRef)
export class CaseFollowUpResolver {
  @FieldResolver(() => FollowUpPlan, { nullable: true, description: "The gender ministry's slice: the follow-up plan." })
  @Requires('followup:read')
  followUp(@Root() c: CaseRef, @Ctx() ctx: HubContext): Promise<FollowUpPlan | null> {
    return planByCase(ctx).load(c.id);
  }
}

@Resolver(() => FollowUpPlan)
export class FollowUpPlanResolver {
  @FieldResolver(() => [Visit], { description: 'Visits, scheduled or done, in date order.' })
  visits(@Root() p: FollowUpPlan, @Ctx() ctx: HubContext): Promise<Visit[]> {
    return visitsByPlan(ctx).load(p.id);
  }
}
