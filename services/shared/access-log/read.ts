import type { EntityManager } from '@mikro-orm/postgresql';
import { type HubContext, manyById } from '../context.js';
import type { AccessLogEntry } from './entry.type.js';
import { ACCESS_LOG_TABLE } from './store.js';

interface Row {
  case_id: string;
  at: Date;
  subject: string;
  agency: string;
  roles: string[];
  action: string;
  fields: string[];
  basis: string;
  reason: string | null;
  request_id: string;
}

async function entriesFor(em: EntityManager, caseIds: string[]): Promise<(AccessLogEntry & { caseId: string })[]> {
  const rows: Row[] = await em.getConnection().execute(
    `select case_id, at, subject, agency, roles, action, fields, basis, reason, request_id
       from "${em.config.get('schema')}"."${ACCESS_LOG_TABLE}" where case_id = any(?::uuid[]) order by id`,
    [`{${caseIds.join(',')}}`],
  );
  return rows.map((r) => ({
    caseId: r.case_id,
    at: new Date(r.at),
    subject: r.subject,
    agency: r.agency,
    roles: r.roles,
    action: r.action,
    fields: r.fields,
    basis: r.basis,
    reason: r.reason,
    requestId: r.request_id,
  }));
}

/** This subgraph's access-log entries for a case, oldest first, batched across cases. */
export const accessLogByCase = (ctx: HubContext) =>
  manyById(
    ctx,
    'accessLog.byCase',
    (ids) => entriesFor(ctx.em, ids),
    (e) => e.caseId,
  );
