import { groupBy, type HubContext, loader } from '../../shared/context.js';
import { Encounter } from '../entities/encounter.entity.js';
import { Treatment } from '../entities/treatment.entity.js';

export const encountersByCase = (ctx: HubContext) =>
  loader<string, Encounter[]>(ctx, 'encounters.byCase', async (ids) =>
    groupBy(ids, await ctx.em.find(Encounter, { caseId: { $in: [...ids] } }, { orderBy: { seenAt: 'asc' } }), (e) => e.caseId));

export const treatmentsByCase = (ctx: HubContext) =>
  loader<string, Treatment[]>(ctx, 'treatments.byCase', async (ids) =>
    groupBy(ids, await ctx.em.find(Treatment, { caseId: { $in: [...ids] } }, { orderBy: { givenAt: 'asc' } }), (t) => t.caseId));
