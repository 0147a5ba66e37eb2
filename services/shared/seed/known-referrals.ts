import type pg from 'pg';
import { sharingCodeOf, type SubgraphName } from '../agencies.js';
import type { CaseStatistics } from '../delivery/message.js';
import type { DemoReferral } from '../demo-plan.js';

// What an agency has been told of a generated batch's referrals: what the center's outbox would have delivered to it
// (shared/delivery), written in the batch's transaction instead of through the queue.

/** The batch's referrals made to `agency`, as its inbox would have stored them, heard when they were accepted. */
export async function writeKnownReferrals(
  client: pg.ClientBase,
  agency: SubgraphName,
  schema: string,
  referrals: readonly DemoReferral[],
  statistics: readonly CaseStatistics[] = [],
): Promise<void> {
  const mine = referrals.filter((r) => r.delivered && r.agency === sharingCodeOf(agency));
  if (mine.length === 0) return;
  // With its referrals, the agency was told what its statistics may count of those cases.
  const known = new Set(mine.map((r) => r.caseId));
  const facts = statistics.filter((f) => known.has(f.caseId));
  if (facts.length > 0)
    await client.query(
      `insert into "${schema}".case_statistics (case_id, version, center_code, district, incident_type, age_band, sex,
         nationality_group, consent_from, consent_until, consent_withdrawn_at)
       select * from unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[])
       on conflict (case_id) do nothing`,
      [
        facts.map((f) => f.caseId),
        facts.map((f) => f.version),
        facts.map((f) => f.centerCode),
        facts.map((f) => f.district),
        facts.map((f) => f.incidentType),
        facts.map((f) => f.ageBand),
        facts.map((f) => f.sex),
        facts.map((f) => f.nationalityGroup),
        facts.map((f) => f.consentFrom),
        facts.map((f) => f.consentUntil),
        facts.map((f) => f.consentWithdrawnAt),
      ],
    );
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
