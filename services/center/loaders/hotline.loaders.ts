import { type HubContext, manyById } from '../../shared/context.js';
import { HotlineCall } from '../entities/hotline-call.entity.js';

/** The hotline calls that opened each case asked for in a request, in one query. */
export const callsByCase = (ctx: HubContext) =>
  manyById(
    ctx,
    'hotlineCalls.byCase',
    (ids) => ctx.em.find(HotlineCall, { case: { $in: ids } }, { orderBy: { receivedAt: 'asc', id: 'asc' } }),
    (c) => c.case?.id ?? '',
  );
