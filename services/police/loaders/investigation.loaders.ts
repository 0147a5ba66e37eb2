import { type HubContext, manyById, oneById } from '../../shared/context.js';
import { Investigation } from '../entities/investigation.entity.js';
import { InvestigationTransition } from '../entities/investigation-transition.entity.js';
import { ProtectionMeasure } from '../entities/protection-measure.entity.js';
import { Statement } from '../entities/statement.entity.js';
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

const byInvestigation = <T extends { investigation: { id: string } }>(
  ctx: HubContext,
  name: string,
  find: (ids: readonly string[]) => Promise<T[]>,
) => manyById(ctx, name, find, (x) => x.investigation.id);

export const historyByInvestigation = (ctx: HubContext) =>
  byInvestigation(ctx, 'history.byInvestigation', (ids) =>
    ctx.em.find(InvestigationTransition, { investigation: { $in: ids } }, { orderBy: { at: 'asc', id: 'asc' } }),
  );

export const statementsByInvestigation = (ctx: HubContext) =>
  byInvestigation(ctx, 'statements.byInvestigation', (ids) =>
    ctx.em.find(Statement, { investigation: { $in: ids } }, { orderBy: { takenAt: 'asc', id: 'asc' } }),
  );

export const protectionByInvestigation = (ctx: HubContext) =>
  byInvestigation(ctx, 'protection.byInvestigation', (ids) =>
    ctx.em.find(ProtectionMeasure, { investigation: { $in: ids } }, { orderBy: { issuedAt: 'asc', id: 'asc' } }),
  );
