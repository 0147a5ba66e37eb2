import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import type { Caller } from '../caller.js';
import type { AccessEvent } from './recorder.js';

// Every subgraph keeps its own access log in its own schema, in a table the database itself protects: a trigger
// refuses UPDATE, DELETE and TRUNCATE, and another assigns each entry its id and its hash under a lock, chaining it to
// the entry before. The hash covers every column, encoded unambiguously (each value prefixed by its byte length), so
// `npm run access-log:verify` can recompute the chain outside the database and name the first broken link.

export const ACCESS_LOG_TABLE = 'access_log';

/** The SQL that creates a subgraph's access log: used by each subgraph's migration. */
export function accessLogSchemaSql(schema: string): string[] {
  const t = `"${schema}"."${ACCESS_LOG_TABLE}"`;
  const fn = (name: string) => `"${schema}"."${name}"`;
  return [
    `create sequence ${fn('access_log_id_seq')}`,
    `create table ${t} (
      "id" bigint primary key,
      "at" timestamptz not null,
      "subject" text not null,
      "agency" text not null,
      "roles" text[] not null,
      "case_id" uuid null,
      "action" text not null check ("action" in ('READ', 'WRITE')),
      "fields" text[] not null,
      "basis" text not null,
      "reason" text null,
      "request_id" text not null,
      "prev_hash" text not null,
      "hash" text not null
    )`,
    `create index "access_log_case_id_at_index" on ${t} ("case_id", "at")`,
    `create function ${fn('access_log_field')}(v text) returns text language sql immutable as $$
      select octet_length(coalesce(v, '')) || ':' || coalesce(v, '') || ';'
    $$`,
    `create function ${fn('access_log_canonical')}(e ${t}) returns text language sql stable as $$
      select ${fn('access_log_field')}(e.prev_hash) || ${fn('access_log_field')}(e.id::text)
        || ${fn('access_log_field')}(to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        || ${fn('access_log_field')}(e.subject) || ${fn('access_log_field')}(e.agency)
        || ${fn('access_log_field')}(array_to_string(e.roles, ',')) || ${fn('access_log_field')}(e.case_id::text)
        || ${fn('access_log_field')}(e.action) || ${fn('access_log_field')}(array_to_string(e.fields, ','))
        || ${fn('access_log_field')}(e.basis) || ${fn('access_log_field')}(e.reason)
        || ${fn('access_log_field')}(e.request_id)
    $$`,
    // Ids are taken after the lock, so that id order is chain order even under concurrent writers.
    `create function ${fn('access_log_chain')}() returns trigger language plpgsql as $$
      declare previous text;
      begin
        perform pg_advisory_xact_lock(hashtext('${schema}.${ACCESS_LOG_TABLE}'));
        new.id := nextval('${fn('access_log_id_seq')}');
        select hash into previous from ${t} order by id desc limit 1;
        new.prev_hash := coalesce(previous, '');
        new.hash := encode(sha256(convert_to(${fn('access_log_canonical')}(new), 'UTF8')), 'hex');
        return new;
      end
    $$`,
    `create trigger "access_log_chain" before insert on ${t} for each row execute function ${fn('access_log_chain')}()`,
    `create function ${fn('access_log_append_only')}() returns trigger language plpgsql as $$
      begin
        raise exception 'the access log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end
    $$`,
    `create trigger "access_log_append_only" before update or delete or truncate on ${t}
      for each statement execute function ${fn('access_log_append_only')}()`,
  ];
}

/** Append entries for one caller and request; the database assigns ids and hashes. */
export async function appendAccessLog(
  em: EntityManager,
  p: Caller,
  requestId: string,
  events: AccessEvent[],
  at: Date = new Date(),
): Promise<void> {
  if (events.length === 0) return;
  const schema = em.config.get('schema');
  const rows = events.map((e) => [
    at,
    p.subject,
    p.agency,
    `{${p.roles.join(',')}}`,
    e.caseId,
    e.action,
    `{${e.fields.map(quote).join(',')}}`,
    e.basis,
    e.reason,
    requestId,
  ]);
  const placeholders = rows.map(() => '(?, ?, ?, ?::text[], ?::uuid, ?, ?::text[], ?, ?, ?)').join(', ');
  await em.getConnection().execute(
    `insert into "${schema}"."${ACCESS_LOG_TABLE}" (at, subject, agency, roles, case_id, action, fields, basis, reason, request_id)
     values ${placeholders}`,
    rows.flat(),
    'run',
    em.getTransactionContext(),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The same canonical encoding as the database's, for verification outside it. */
export function canonicalEntry(e: {
  prevHash: string;
  id: string;
  at: string;
  subject: string;
  agency: string;
  roles: string[];
  caseId: string | null;
  action: string;
  fields: string[];
  basis: string;
  reason: string | null;
  requestId: string;
}): string {
  const f = (v: string | null) => `${Buffer.byteLength(v ?? '')}:${v ?? ''};`;
  return [
    e.prevHash,
    e.id,
    e.at,
    e.subject,
    e.agency,
    e.roles.join(','),
    e.caseId,
    e.action,
    e.fields.join(','),
    e.basis,
    e.reason,
    e.requestId,
  ]
    .map(f)
    .join('');
}

export function entryHash(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * Count a request's refused reads: one upsert per reason into the (subject, reason, hour) row, keeping at most ten
 * distinct case ids as a sample.
 */
export async function recordDenials(
  em: EntityManager,
  p: Caller,
  denials: { caseId: string | null; reason: string }[],
): Promise<void> {
  if (denials.length === 0) return;
  const byReason = new Map<string, string[]>();
  for (const d of denials) {
    const ids = byReason.get(d.reason) ?? [];
    if (d.caseId && UUID.test(d.caseId) && !ids.includes(d.caseId)) ids.push(d.caseId.toLowerCase());
    byReason.set(d.reason, ids);
  }
  const schema = em.config.get('schema');
  for (const [reason, caseIds] of byReason) {
    const count = denials.filter((d) => d.reason === reason).length;
    await em.getConnection().execute(
      `insert into "${schema}"."access_denial" as t (subject, reason, window_start, agency, roles, count, case_ids, last_at)
       values (?, ?, date_trunc('hour', now()), ?, ?::text[], ?, ?::uuid[], now())
       on conflict (subject, reason, window_start) do update set
         count = t.count + excluded.count,
         last_at = excluded.last_at,
         case_ids = (select coalesce(array_agg(x), '{}') from (
           select distinct x from unnest(t.case_ids || excluded.case_ids) as x limit 10) s)`,
      [p.subject, reason, p.agency, `{${p.roles.join(',')}}`, count, `{${caseIds.slice(0, 10).join(',')}}`],
    );
  }
}
