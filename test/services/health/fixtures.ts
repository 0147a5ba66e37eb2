// Shared by the health subgraph tests: the sharing facts the center sends with a Case, and health's access log.
// Not a test file.
import type { SubgraphHarness } from '../../helpers/subgraph-harness.js';

export const MINUTE = 60_000;

/** An instant `n` minutes from now (negative: ago), as the center sends it. */
export const inMinutes = (n: number): string => new Date(Date.now() + n * MINUTE).toISOString();

/** The sharing facts the gateway fetches from the center (@requires) and hands to health with each Case. */
export interface Sharing {
  centerCode: string;
  district: string;
  caseManager: string | null;
  /** `reason`: an override's stated reason (optional in a representation; a consent has none). */
  consents: { agency: string; basis: string; expiresAt: string | null; reason?: string | null }[];
  referrals: { agency: string }[];
  /** `reason`: the grant's stated reason (optional in a representation). */
  breakGlass: { subject: string; expiresAt: string; reason?: string | null }[];
}

/** A case at GASABO-1 (Gasabo), referred to health, with the survivor's consent for health in force. */
export function sharing(over: Partial<Sharing> = {}): Sharing {
  return {
    centerCode: 'GASABO-1',
    district: 'Gasabo',
    caseManager: null,
    consents: [{ agency: 'HEALTH', basis: 'CONSENT', expiresAt: null }],
    referrals: [{ agency: 'HEALTH' }],
    breakGlass: [],
    ...over,
  };
}

/** A Case representation as the gateway sends it; `null` facts: a representation without `sharing`. */
export function caseRef(id: string, facts: Sharing | null = sharing()): Record<string, unknown> {
  return facts === null ? { __typename: 'Case', id } : { __typename: 'Case', id, sharing: facts };
}

/** `_entities` variables: each case with the facts of a case shared with health. */
export const refs = (...ids: string[]) => ({ r: ids.map((id) => caseRef(id)) });

/** `_entities` variables for one case with the given facts. */
export const refWith = (id: string, facts: Sharing | null) => ({ r: [caseRef(id, facts)] });

export interface LogEntry {
  caseId: string;
  subject: string;
  agency: string;
  roles: string[];
  action: string;
  fields: string[];
  basis: string;
  reason: string | null;
  requestId: string;
}

/** Health's access-log entries for a case, oldest first, as stored (the harness's request id is 'test'). */
export async function accessLogOf(h: SubgraphHarness, caseId: string): Promise<LogEntry[]> {
  const rows: Record<string, unknown>[] = await h.orm.em.fork().getConnection().execute(
    'select case_id, subject, agency, roles, action, fields, basis, reason, request_id from health.access_log where case_id = ? order by id',
    [caseId],
  );
  return rows.map((r) => ({
    caseId: r.case_id as string,
    subject: r.subject as string,
    agency: r.agency as string,
    roles: r.roles as string[],
    action: r.action as string,
    fields: r.fields as string[],
    basis: r.basis as string,
    reason: r.reason as string | null,
    requestId: r.request_id as string,
  }));
}

/** An entry of health's access log, with the harness's request id and no reason unless given. */
export function entry(e: Omit<LogEntry, 'reason' | 'requestId'> & { reason?: string | null }): LogEntry {
  return { reason: null, requestId: 'test', ...e };
}

/** The demo clinician at GASABO-1, as the access log names them. */
export const CLINICIAN = { subject: 'demo:clinician', agency: 'health', roles: ['clinician'] };
export const HUYE_CLINICIAN = { subject: 'demo:huye-clinician', agency: 'health', roles: ['clinician'] };
export const CASE_MANAGER = { subject: 'demo:case-manager', agency: 'center', roles: ['case-manager'] };
