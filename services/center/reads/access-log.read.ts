import { callerOf, type HubContext } from '../../shared/context.js';
import { caseNotFound, DenialReason, forbidden, refused } from '../../shared/errors.js';
import { decideAccessLog } from '../../shared/sharing/decide.js';
import type { Case } from '../entities/case.entity.js';
import { caseById } from '../loaders/case.loaders.js';
import { CenterAccessLog } from '../types/access-log.type.js';

/** A case's access log, opened for its case manager or an auditor; refused to anyone else. */
export function openLog(ctx: HubContext, c: Case): CenterAccessLog {
  const d = decideAccessLog(callerOf(ctx), { caseManager: c.caseManager ?? null });
  if (!d.allowed) throw refused(ctx, c.id, d.reason);
  return Object.assign(new CenterAccessLog(), { caseId: c.id, caseManager: c.caseManager ?? null });
}

/**
 * The access log of a case named by id: `accessLog(caseId)` and the entity reference both come here. Only auditors
 * learn that an id names no case; anyone else is refused as they would be for a case that is not theirs.
 */
export async function readAccessLog(ctx: HubContext, caseId: string): Promise<CenterAccessLog> {
  const c = await caseById(ctx).load(caseId);
  if (!c) throw callerOf(ctx).scopes.has('audit:read') ? caseNotFound() : forbidden(DenialReason.NOT_CASE_MANAGER);
  return openLog(ctx, c);
}
