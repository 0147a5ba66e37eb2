import type { EntityManager } from '@mikro-orm/postgresql';
import { callerOf, type HubContext } from '../context.js';
import type { LegalBasis } from '../sharing/decide.js';
import { appendAccessLog } from './store.js';

/** Record a write in the access log, inside the write's own transaction: both land, or neither. */
export function recordWrite(
  tx: EntityManager,
  ctx: HubContext,
  caseId: string | null,
  what: string,
  basis: LegalBasis,
  reason: string | null = null,
): Promise<void> {
  return appendAccessLog(tx, callerOf(ctx), ctx.requestId, [
    { caseId, action: 'WRITE', fields: [what], basis, reason },
  ]);
}
