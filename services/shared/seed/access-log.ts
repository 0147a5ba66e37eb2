import type pg from 'pg';
import { ACCESS_LOG_TABLE } from '../access-log/store.js';
import type { SubgraphName } from '../agencies.js';
import { LegalBasis } from '../sharing/decide.js';
import { GENERATOR, type GeneratedBatch } from './plan.js';

// Generated cases are nobody's data and nobody read them: no access-log entry names one, so each case's log starts
// empty. Each subgraph that writes rows for a batch appends one WRITE entry naming no case, chained like any other,
// so that an auditor can tell a database that holds synthetic cases, and which batches of which run put them there.

export async function logGeneratedBatch(
  client: pg.ClientBase,
  agency: SubgraphName,
  schema: string,
  b: GeneratedBatch,
): Promise<void> {
  const first = b.cases[0]?.index ?? 0;
  await client.query(
    `insert into "${schema}".${ACCESS_LOG_TABLE} (at, subject, agency, roles, case_id, action, fields, basis, reason, request_id)
     values (now(), $1, $2, $3::text[], null, 'WRITE', $4::text[], $5, $6, $7)`,
    [
      GENERATOR,
      agency,
      [GENERATOR],
      ['generatedCases'],
      LegalBasis.ADMINISTRATION,
      `synthetic cases ${first + 1}-${first + b.cases.length} of ${b.run.total} (seed ${b.run.seed}, batch ${b.batch}): no real person`,
      `seed:${b.run.seed}:batch:${b.batch}`,
    ],
  );
}
