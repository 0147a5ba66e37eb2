import { callerOf, type HubContext } from '../../shared/context.js';
import { caseNotFound, DenialReason, forbidden, refused } from '../../shared/errors.js';
import { decideAccessLog } from '../../shared/sharing/decide.js';
import type { Case } from '../entities/case.entity.js';
import { caseById, centerById } from '../loaders/case.loaders.js';
import { CenterAccessLog } from '../types/access-log.type.js';

/** A case's access log, opened for an auditor, or its case manager at the case's place; refused to anyone else. */
export async function openLog(ctx: HubContext, c: Case): Promise<CenterAccessLog> {
  const center = await centerById(ctx).load(c.center.id);
  const log = Object.assign(new CenterAccessLog(), {
    caseId: c.id,
    caseManager: c.caseManager ?? null,
    centerCode: center?.code ?? '',
    district: center?.district ?? '',
  });
  const d = decideAccessLog(callerOf(ctx), { caseManager: log.caseManager, where: log });
  if (!d.allowed) throw refused(ctx, c.id, d.reason);
  return log;
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
