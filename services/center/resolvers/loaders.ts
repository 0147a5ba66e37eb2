import { groupBy, type HubContext, indexBy, loader } from '../../shared/context.js';
import { Center } from '../entities/center.entity.js';
import { Consent } from '../entities/consent.entity.js';
import { Survivor } from '../entities/survivor.entity.js';
import { SurvivorIdentity } from '../entities/survivor-identity.entity.js';
import { Case } from '../entities/case.entity.js';

// One query per relation per request, whatever the page size.

export const centerById = (ctx: HubContext) =>
  loader<string, Center | null>(ctx, 'center.byId', async (ids) =>
    indexBy(ids, await ctx.em.find(Center, { id: { $in: [...ids] } }), (c) => c.id));

export const survivorById = (ctx: HubContext) =>
  loader<string, Survivor | null>(ctx, 'survivor.byId', async (ids) =>
    indexBy(ids, await ctx.em.find(Survivor, { id: { $in: [...ids] } }), (s) => s.id));

export const identityBySurvivor = (ctx: HubContext) =>
  loader<string, SurvivorIdentity | null>(ctx, 'identity.bySurvivor', async (ids) =>
    indexBy(ids, await ctx.em.find(SurvivorIdentity, { survivor: { $in: [...ids] } }), (i) => i.survivor.id));

export const consentsByCase = (ctx: HubContext) =>
  loader<string, Consent[]>(ctx, 'consents.byCase', async (ids) =>
    groupBy(ids, await ctx.em.find(Consent, { case: { $in: [...ids] } }, { orderBy: { givenAt: 'asc' } }), (c) => c.case.id));

export const caseById = (ctx: HubContext) =>
  loader<string, Case | null>(ctx, 'case.byId', async (ids) =>
    indexBy(ids, await ctx.em.find(Case, { id: { $in: [...ids] } }), (c) => c.id));
