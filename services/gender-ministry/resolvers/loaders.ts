import { groupBy, type HubContext, indexBy, loader } from '../../shared/context.js';
import { FollowUpPlan } from '../entities/follow-up-plan.entity.js';
import { Visit } from '../entities/visit.entity.js';

export const planByCase = (ctx: HubContext) =>
  loader<string, FollowUpPlan | null>(ctx, 'plan.byCase', async (ids) =>
    indexBy(ids, await ctx.em.find(FollowUpPlan, { caseId: { $in: [...ids] } }), (p) => p.caseId));

export const visitsByPlan = (ctx: HubContext) =>
  loader<string, Visit[]>(ctx, 'visits.byPlan', async (ids) =>
    groupBy(ids, await ctx.em.find(Visit, { plan: { $in: [...ids] } }, { orderBy: { scheduledFor: 'asc' } }), (v) => v.plan.id));
