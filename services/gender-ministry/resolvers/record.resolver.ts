import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { canTouch, RecordWritten, writeOnReferredCase, writeOwnRecord, written } from '../../shared/agency-write.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { referralForWrite } from '../../shared/delivery/known-referrals.js';
import { badInput, conflict } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { staffActionTime } from '../../shared/time.js';
import { scheduledTime } from '../policies/visit-schedule.policy.js';
import { callsForFollowUp, riskOf } from '../policies/vulnerability.policy.js';
import { FollowUpPlan } from '../entities/follow-up-plan.entity.js';
import { Visit } from '../entities/visit.entity.js';
import { CreateFollowUpPlanInput, RecordVisitInput, ScheduleVisitInput } from '../types/follow-up.input.js';

/**
 * A plan the caller may change: one of their own district, still running. Any other is as good as absent; a closed
 * one is a CONFLICT. Read under a row lock, so that a change and the plan's closing never cross.
 */
export async function ownPlan(em: EntityManager, ctx: HubContext, id: string, field: string): Promise<FollowUpPlan> {
  const plan = await em.findOne(FollowUpPlan, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!plan || !canTouch(callerOf(ctx), { district: plan.district })) {
    throw badInput(field, 'no follow-up plan has this id');
  }
  // No referral, no write, decided before anything about the plan's state is told.
  await referralForWrite(em, ctx, plan.caseId);
  if (plan.closedAt) throw conflict('this follow-up plan is closed');
  return plan;
}

@Resolver()
export class FollowUpWriteResolver {
  @Mutation(() => RecordWritten, {
    description:
      'Start follow-up for a vulnerable survivor, from the vulnerability assessment: refused when it calls for none.',
  })
  @Requires('followup:write')
  async createFollowUpPlan(
    @Arg('input', () => CreateFollowUpPlanInput) input: CreateFollowUpPlanInput,
    @Ctx() ctx: HubContext,
  ) {
    const factors = [...new Set(input.factors)];
    const riskLevel = riskOf(factors);
    if (!callsForFollowUp(riskLevel)) {
      throw badInput('input.factors', 'the assessment found nothing that calls for continuous follow-up');
    }
    const r = await writeOnReferredCase(
      ctx,
      'createFollowUpPlan',
      input.caseId,
      async (em, known) => {
        const plan = em.create(FollowUpPlan, {
          caseId: known.caseId,
          district: known.district,
          riskLevel,
          factors,
          plan: input.plan,
          recordedBy: callerOf(ctx).subject,
        });
        return { id: plan.id, caseId: plan.caseId };
      },
      'this case already has a follow-up plan',
    );
    return written(r.id, r.caseId);
  }

  @Mutation(() => RecordWritten)
  @Requires('followup:write')
  async scheduleVisit(@Arg('input', () => ScheduleVisitInput) input: ScheduleVisitInput, @Ctx() ctx: HubContext) {
    scheduledTime('input.scheduledFor', input.scheduledFor, new Date());
    const r = await writeOwnRecord(ctx, 'scheduleVisit', async (em) => {
      const plan = await ownPlan(em, ctx, input.planId, 'input.planId');
      const visit = em.create(Visit, {
        plan,
        scheduledFor: input.scheduledFor,
        visitorRole: input.visitorRole,
        doneAt: null,
        notes: null,
        recordedBy: callerOf(ctx).subject,
      });
      return { id: visit.id, caseId: plan.caseId };
    });
    return written(r.id, r.caseId);
  }

  @Mutation(() => RecordWritten, { description: 'Record that a scheduled visit took place.' })
  @Requires('followup:write')
  async recordVisit(@Arg('input', () => RecordVisitInput) input: RecordVisitInput, @Ctx() ctx: HubContext) {
    staffActionTime('input.doneAt', input.doneAt, new Date());
    const r = await writeOwnRecord(ctx, 'recordVisit', async (em) => {
      const visit = await em.findOne(Visit, { id: input.visitId }, { populate: ['plan'] });
      if (!visit || !canTouch(callerOf(ctx), { district: visit.plan.district })) {
        throw badInput('input.visitId', 'no visit has this id');
      }
      await referralForWrite(em, ctx, visit.plan.caseId);
      // Conditional on still being open, so that of two people recording the same visit at once, one wins.
      const changed = await em.nativeUpdate(
        Visit,
        { id: visit.id, doneAt: null },
        { doneAt: input.doneAt, notes: input.notes || null },
      );
      if (changed === 0) throw conflict('this visit is already recorded as done');
      return { id: visit.id, caseId: visit.plan.caseId };
    });
    return written(r.id, r.caseId);
  }
}
