import { groupBy, type HubContext, indexBy, loader } from '../../shared/context.js';
import { Investigation } from '../entities/investigation.entity.js';
import { Suspect } from '../entities/suspect.entity.js';

export const investigationByCase = (ctx: HubContext) =>
  loader<string, Investigation | null>(ctx, 'investigation.byCase', async (ids) =>
    indexBy(ids, await ctx.em.find(Investigation, { caseId: { $in: [...ids] } }), (i) => i.caseId));

export const suspectsByInvestigation = (ctx: HubContext) =>
  loader<string, Suspect[]>(ctx, 'suspects.byInvestigation', async (ids) =>
    groupBy(ids, await ctx.em.find(Suspect, { investigation: { $in: [...ids] } }, { orderBy: { createdAt: 'asc' } }), (s) => s.investigation.id));
