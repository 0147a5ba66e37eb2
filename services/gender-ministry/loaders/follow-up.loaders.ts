import { type HubContext, manyById, oneById } from '../../shared/context.js';
import { FollowUpPlan } from '../entities/follow-up-plan.entity.js';
import { ReintegrationSupport } from '../entities/reintegration-support.entity.js';
import { Visit } from '../entities/visit.entity.js';

export const planByCase = (ctx: HubContext) =>
  oneById(
    ctx,
    'plan.byCase',
    (ids) => ctx.em.find(FollowUpPlan, { caseId: { $in: ids } }),
    (p) => p.caseId,
  );

export const visitsByPlan = (ctx: HubContext) =>
  manyById(
    ctx,
    'visits.byPlan',
    (ids) => ctx.em.find(Visit, { plan: { $in: ids } }, { orderBy: { scheduledFor: 'asc', id: 'asc' } }),
    (v) => v.plan.id,
  );

export const supportByPlan = (ctx: HubContext) =>
  manyById(
    ctx,
    'support.byPlan',
    (ids) => ctx.em.find(ReintegrationSupport, { plan: { $in: ids } }, { orderBy: { kind: 'asc' } }),
    (s) => s.plan.id,
  );
