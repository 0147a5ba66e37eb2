import { type HubContext, manyById } from '../../shared/context.js';
import { CounsellingSession } from '../entities/counselling-session.entity.js';

/** The counselling sessions of every case asked for in a request, in one query, each case's in time order. */
export const sessionsByCase = (ctx: HubContext) =>
  manyById(
    ctx,
    'counsellingSessions.byCase',
    (ids) => ctx.em.find(CounsellingSession, { case: { $in: ids } }, { orderBy: { startsAt: 'asc', id: 'asc' } }),
    (s) => s.case.id,
  );
