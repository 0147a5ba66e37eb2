import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context.js';
import { badInput, conflict } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { staffActionTime } from '../../shared/time.js';
import { FollowUpPlan } from '../entities/follow-up-plan.entity.js';
import { Visit } from '../entities/visit.entity.js';
import { CreateFollowUpPlanInput, RecordVisitInput, ScheduleVisitInput } from '../types/follow-up.input.js';

@Resolver()
export class FollowUpWriteResolver {
  @Mutation(() => FollowUpPlan, { description: 'Start follow-up for a vulnerable survivor.' })
  @Requires('followup:write')
  async createFollowUpPlan(@Arg('input', () => CreateFollowUpPlanInput) input: CreateFollowUpPlanInput, @Ctx() ctx: HubContext): Promise<FollowUpPlan> {
    const plan = ctx.em.create(FollowUpPlan, {
      caseId: input.caseId,
      riskLevel: input.riskLevel,
      plan: input.plan,
      recordedBy: ctx.principal.sub!,
    });
    try {
      await ctx.em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw conflict('this case already has a follow-up plan');
      throw err;
    }
    return plan;
  }

  @Mutation(() => Visit)
  @Requires('followup:write')
  async scheduleVisit(@Arg('input', () => ScheduleVisitInput) input: ScheduleVisitInput, @Ctx() ctx: HubContext): Promise<Visit> {
    const plan = await ctx.em.findOne(FollowUpPlan, { id: input.planId });
    if (!plan) throw badInput('input.planId', 'no follow-up plan has this id');
    const visit = ctx.em.create(Visit, {
      plan,
      scheduledFor: input.scheduledFor,
      visitorRole: input.visitorRole,
      doneAt: null,
      notes: null,
      recordedBy: ctx.principal.sub!,
    });
    await ctx.em.flush();
    return visit;
  }

  @Mutation(() => Visit, { description: 'Record that a scheduled visit took place.' })
  @Requires('followup:write')
  async recordVisit(@Arg('input', () => RecordVisitInput) input: RecordVisitInput, @Ctx() ctx: HubContext): Promise<Visit> {
    staffActionTime('input.doneAt', input.doneAt, new Date());
    const visit = await ctx.em.findOne(Visit, { id: input.visitId });
    if (!visit) throw badInput('input.visitId', 'no visit has this id');
    // Conditional on still being open, so that of two people recording the same visit at once, one wins.
    const changed = await ctx.em.nativeUpdate(Visit, { id: visit.id, doneAt: null }, { doneAt: input.doneAt, notes: input.notes ?? null });
    if (changed === 0) throw conflict('this visit is already recorded as done');
    await ctx.em.refresh(visit);
    return visit;
  }
}
