import { type HubContext, manyById } from '../../shared/context.js';
import { Encounter } from '../entities/encounter.entity.js';
import { Treatment } from '../entities/treatment.entity.js';

export const encountersByCase = (ctx: HubContext) =>
  manyById(
    ctx,
    'encounters.byCase',
    (ids) => ctx.em.find(Encounter, { caseId: { $in: ids } }, { orderBy: { seenAt: 'asc', id: 'asc' } }),
    (e) => e.caseId,
  );

export const treatmentsByCase = (ctx: HubContext) =>
  manyById(
    ctx,
    'treatments.byCase',
    (ids) => ctx.em.find(Treatment, { caseId: { $in: ids } }, { orderBy: { givenAt: 'asc', id: 'asc' } }),
    (t) => t.caseId,
  );
