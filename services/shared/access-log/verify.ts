import type pg from 'pg';
import { ACCESS_LOG_TABLE, canonicalEntry, entryHash } from './store.js';

export interface ChainReport {
  entries: number;
  /** The first entry whose link does not hold, and why; null when the whole chain holds. */
  broken: { id: string; problem: string } | null;
}

interface Row {
  id: string;
  at: string;
  subject: string;
  agency: string;
  roles: string[];
  case_id: string | null;
  action: string;
  fields: string[];
  basis: string;
  reason: string | null;
  request_id: string;
  prev_hash: string;
  hash: string;
}

/**
 * Walk a subgraph's access log in id order, recomputing every hash outside the database: an edited entry no longer
 * matches its hash; a removed or reordered one breaks the next entry's link to it.
 */
export async function verifyChain(client: pg.Client, schema: string, batch = 5000): Promise<ChainReport> {
  let previous = '';
  let after = '0';
  let entries = 0;
  for (;;) {
    const { rows } = await client.query<Row>(
      // Ordered by the bigint column itself (e.id), never by its text form, which would walk 1, 10, 11, ..., 2.
      `select e.id::text as id, to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, e.subject, e.agency,
              e.roles, e.case_id::text as case_id, e.action, e.fields, e.basis, e.reason, e.request_id, e.prev_hash, e.hash
         from "${schema}"."${ACCESS_LOG_TABLE}" e where e.id > $1::bigint order by e.id limit $2`,
      [after, batch],
    );
    for (const r of rows) {
      if (r.prev_hash !== previous) {
        return {
          entries,
          broken: {
            id: r.id,
            problem: 'does not follow the entry before it: an entry was removed, inserted or reordered',
          },
        };
      }
      const expected = entryHash(
        canonicalEntry({
          prevHash: r.prev_hash,
          id: r.id,
          at: r.at,
          subject: r.subject,
          agency: r.agency,
          roles: r.roles,
          caseId: r.case_id,
          action: r.action,
          fields: r.fields,
          basis: r.basis,
          reason: r.reason,
          requestId: r.request_id,
        }),
      );
      if (expected !== r.hash)
        return { entries, broken: { id: r.id, problem: 'its content no longer matches its hash: it was altered' } };
      previous = r.hash;
      entries += 1;
    }
    if (rows.length < batch) return { entries, broken: null };
    after = rows.at(-1)?.id ?? after;
  }
}
