import { expect } from 'vitest';
import type { SubgraphHarness } from './subgraph-harness.js';

// Every subgraph keeps its access log in a table of the same shape in its own schema (services/shared/access-log):
// `center`, `health`, `police`, `gender_ministry`. The tests read each one, and write what they expect of it, here.

export interface LogEntry {
  id: number;
  at: string;
  caseId: string | null;
  subject: string;
  agency: string;
  roles: string[];
  action: string;
  fields: string[];
  basis: string;
  reason: string | null;
  requestId: string;
}

async function logRows(h: SubgraphHarness, schema: string, where: string, params: unknown[]): Promise<LogEntry[]> {
  const rows: Record<string, unknown>[] = await h.orm.em
    .fork()
    .getConnection()
    .execute(
      `select id::int as id, at, case_id, subject, agency, roles, action, fields, basis, reason, request_id
       from ${schema}.access_log where ${where} order by id`,
      params,
    );
  return rows.map((r) => ({
    id: r.id as number,
    at: new Date(r.at as string).toISOString(),
    caseId: r.case_id as string | null,
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

/** The entries for a case in `schema`'s access log, oldest first, as stored. */
export function accessLogOf(h: SubgraphHarness, schema: string, caseId: string): Promise<LogEntry[]> {
  return logRows(h, schema, 'case_id = ?', [caseId]);
}

/** The id of the newest entry in `schema`'s log (0 when empty): take it before a request, then read what follows. */
export async function lastLogId(h: SubgraphHarness, schema: string): Promise<number> {
  const [{ n }] = (await h.orm.em
    .fork()
    .getConnection()
    .execute(`select coalesce(max(id), 0)::int as n from ${schema}.access_log`)) as [{ n: number }];
  return n;
}

/** Every entry of `schema`'s access log appended after `id`, oldest first. */
export function accessLogSince(h: SubgraphHarness, schema: string, id: number): Promise<LogEntry[]> {
  return logRows(h, schema, 'id > ?', [id]);
}

/** An entry as stored (`id` and `at` unless given: any), with the harness's request id and no reason unless given. */
export function logEntry(
  e: Omit<LogEntry, 'id' | 'at' | 'reason' | 'requestId'> & { reason?: string | null; at?: string },
): LogEntry {
  const { at, reason, ...rest } = e;
  return {
    id: expect.any(Number) as unknown as number,
    at: at ?? (expect.any(String) as unknown as string),
    ...rest,
    reason: reason ?? null,
    requestId: 'test',
  };
}

/**
 * An AccessLog key as the center sends it to the agencies: the case, its case manager, and where the case is (GASABO-1
 * unless said), from where alone its case manager may read the log.
 */
export const accessLogKey = (
  caseId: string,
  caseManager: string | null = 'demo:case-manager',
  where: { centerCode: string; district: string } = { centerCode: 'GASABO-1', district: 'Gasabo' },
) => ({ __typename: 'AccessLog', caseId, caseManager, ...where });
