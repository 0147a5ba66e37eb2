import { type HubContext, manyById } from '../../shared/context.js';
import { ForensicReceipt } from '../entities/forensic-receipt.entity.js';

export const receiptsByCase = (ctx: HubContext) =>
  manyById(
    ctx,
    'forensicReceipts.byCase',
    (ids) =>
      ctx.em.find(
        ForensicReceipt,
        { caseId: { $in: ids }, voidedAt: null },
        { orderBy: { receivedAt: 'asc', barcode: 'asc' } },
      ),
    (r) => r.caseId,
  );
