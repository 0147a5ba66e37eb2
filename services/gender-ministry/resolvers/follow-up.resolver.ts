import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Directive, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { decideSlice, showSlice } from '../../shared/agency-case.js';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { REQUIRES_SHARING } from '../../shared/sharing/wire.js';
import { FollowUpPlan } from '../entities/follow-up-plan.entity.js';
import { ReintegrationSupport } from '../entities/reintegration-support.entity.js';
import { Visit } from '../entities/visit.entity.js';
import { CaseRef } from '../types/case.type.js';
import { planByCase, supportByPlan, visitsByPlan } from '../loaders/follow-up.loaders.js';

@Resolver(() => CaseRef)
export class CaseFollowUpResolver {
  @FieldResolver(() => FollowUpPlan, {
    nullable: true,
    description: "The gender ministry's slice: the follow-up plan.",
  })
  @Requires('followup:read')
  @Directive(REQUIRES_SHARING)
  async followUp(
    @Root() c: CaseRef,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<FollowUpPlan | null> {
    const access = decideSlice(ctx, c);
    const found = await planByCase(ctx).load(c.id);
    const shown = found && found.district === access.where.district ? found : null;
    if (shown) showSlice(ctx, access, info, 'followUp'); // no plan yet: nothing shown, nothing logged
    return shown;
  }
}

@Resolver(() => FollowUpPlan)
export class FollowUpPlanResolver {
  @FieldResolver(() => [Visit], { description: 'Visits, scheduled or done, in date order.' })
  visits(@Root() p: FollowUpPlan, @Ctx() ctx: HubContext): Promise<Visit[]> {
    return visitsByPlan(ctx).load(p.id);
  }

  @FieldResolver(() => [ReintegrationSupport], { description: 'Reintegration support, one entry per kind arranged.' })
  support(@Root() p: FollowUpPlan, @Ctx() ctx: HubContext): Promise<ReintegrationSupport[]> {
    return supportByPlan(ctx).load(p.id);
  }
}
