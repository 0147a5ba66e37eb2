import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { RecordWritten, writeOwnRecord, written } from '../../shared/agency-write.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { ReintegrationSupport } from '../entities/reintegration-support.entity.js';
import { CloseFollowUpPlanInput, SetReintegrationSupportInput } from '../types/follow-up.input.js';
import { ownPlan } from './record.resolver.js';

// The running of a follow-up plan after it is made: where each kind of reintegration support stands, and its end. A
// closed plan takes no new visit or support (CONFLICT); ending one needs a stated reason, kept with it.

@Resolver()
export class FollowUpPlanWriteResolver {
  @Mutation(() => RecordWritten, { description: 'Say where one kind of reintegration support stands on a plan.' })
  @Requires('followup:write')
  async setReintegrationSupport(
    @Arg('input', () => SetReintegrationSupportInput) input: SetReintegrationSupportInput,
    @Ctx() ctx: HubContext,
  ) {
    const r = await writeOwnRecord(ctx, `setReintegrationSupport.${input.kind}`, async (em) => {
      const plan = await ownPlan(em, ctx, input.planId, 'input.planId');
      const now = new Date();
      const by = callerOf(ctx).subject;
      // Under the plan's lock (ownPlan): two people setting the same support at once take turns, the second wins.
      const found = await em.findOne(ReintegrationSupport, { plan, kind: input.kind });
      const support =
        found ??
        em.create(ReintegrationSupport, {
          plan,
          kind: input.kind,
          status: input.status,
          updatedAt: now,
          updatedBy: by,
        });
      Object.assign(support, { status: input.status, note: input.note || null, updatedAt: now, updatedBy: by });
      return { id: support.id, caseId: plan.caseId };
    });
    return written(r.id, r.caseId);
  }

  @Mutation(() => RecordWritten, { description: 'End follow-up, saying why. A closed plan takes no new visit.' })
  @Requires('followup:write')
  async closeFollowUpPlan(
    @Arg('input', () => CloseFollowUpPlanInput) input: CloseFollowUpPlanInput,
    @Ctx() ctx: HubContext,
  ) {
    const r = await writeOwnRecord(ctx, 'closeFollowUpPlan', async (em) => {
      const plan = await ownPlan(em, ctx, input.planId, 'input.planId');
      Object.assign(plan, { closedAt: new Date(), closedReason: input.reason, closedBy: callerOf(ctx).subject });
      return { id: plan.id, caseId: plan.caseId };
    });
    return written(r.id, r.caseId);
  }
}
