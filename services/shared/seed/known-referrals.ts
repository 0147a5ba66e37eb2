import type pg from 'pg';
import { sharingCodeOf, type SubgraphName } from '../agencies.js';
import type { DemoReferral } from '../demo-plan.js';

// What an agency has been told of a generated batch's referrals: what the center's outbox would have delivered to it
// (shared/delivery), written in the batch's transaction instead of through the queue.

/** The batch's referrals made to `agency`, as its inbox would have stored them, heard when they were accepted. */
export async function writeKnownReferrals(
  client: pg.ClientBase,
  agency: SubgraphName,
  schema: string,
  referrals: readonly DemoReferral[],
): Promise<void> {
  const mine = referrals.filter((r) => r.delivered && r.agency === sharingCodeOf(agency));
  if (mine.length === 0) return;
  await client.query(
    `insert into "${schema}".known_referral (referral_id, case_id, center_code, district, incident_at, status, version, received_at)
     select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::int[], $8::timestamptz[])`,
    [
      mine.map((r) => r.id),
      mine.map((r) => r.caseId),
      mine.map((r) => r.centerCode),
      mine.map((r) => r.district),
      mine.map((r) => r.incidentAt),
      mine.map((r) => r.status),
      mine.map((r) => r.version),
      mine.map((r) => r.acceptedAt ?? r.referredAt),
    ],
  );
}
