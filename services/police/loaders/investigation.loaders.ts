import { type HubContext, manyById, oneById } from '../../shared/context.js';
import { Investigation } from '../entities/investigation.entity.js';
import { Suspect } from '../entities/suspect.entity.js';

export const investigationByCase = (ctx: HubContext) =>
  oneById(
    ctx,
    'investigation.byCase',
    (ids) => ctx.em.find(Investigation, { caseId: { $in: ids } }),
    (i) => i.caseId,
  );

export const suspectsByInvestigation = (ctx: HubContext) =>
  manyById(
    ctx,
    'suspects.byInvestigation',
    (ids) => ctx.em.find(Suspect, { investigation: { $in: ids } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
    (s) => s.investigation.id,
  );
