import type pg from 'pg';
import { logGeneratedBatch } from '../shared/seed/access-log.js';
import { GENERATOR, type GeneratedBatch, type GeneratedCase } from '../shared/seed/plan.js';
import { kigaliDate } from '../shared/time.js';
import type { GeneratedCenterRows } from './generated-rows.js';

// The center's share of a batch of generated cases, in the batch's transaction (services/hub/seed-run.ts): its
// progress row, its case numbers, the survivors, identities, cases, consents, referrals and their moves, and one
// access-log entry. Each table takes the whole batch in one INSERT ... SELECT FROM unnest(...) of one array per column:
// a few statements per batch, no dependency beyond node-postgres, and nearly COPY's speed at these sizes.

const S = '"center"';

/** The counters the case numbers come from, moved once per center and year by the batch's cases there. */
async function takeCaseNumbers(client: pg.ClientBase, cases: readonly GeneratedCase[]): Promise<string[]> {
  const keys = cases.map((c) => `${c.center.code}/${kigaliDate(c.openedAt).year}`);
  const wanted = new Map<string, number>();
  for (const k of keys) wanted.set(k, (wanted.get(k) ?? 0) + 1);
  const counters = [...wanted.keys()].map((k) => k.split('/') as [string, string]);
  // Locked in the order intakes lock them (center code, then year), so that an intake running meanwhile never
  // deadlocks with the generator; it just waits for the batch.
  const { rows } = await client.query<{ center_code: string; year: number; last: number }>(
    `insert into ${S}.case_sequence as s (center_code, year, last)
     select u.center_code, u.year, u.n from unnest($1::text[], $2::int[], $3::int[]) as u(center_code, year, n)
     order by u.center_code, u.year
     on conflict (center_code, year) do update set last = s.last + excluded.last
     returning center_code, year, last`,
    [counters.map(([c]) => c), counters.map(([, y]) => Number(y)), [...wanted.values()]],
  );
  const next = new Map(
    rows.map((r) => [`${r.center_code}/${r.year}`, r.last - (wanted.get(`${r.center_code}/${r.year}`) ?? 0) + 1]),
  );
  // The batch's cases are in opening order: their numbers at each center follow it, as intakes' do.
  return keys.map((k) => {
    const n = next.get(k) ?? 1;
    next.set(k, n + 1);
    return `${k}/${String(n).padStart(6, '0')}`;
  });
}

export async function writeGeneratedCenter(
  client: pg.ClientBase,
  b: GeneratedBatch,
  rows: GeneratedCenterRows,
  hooks: {
    /**
     * Synchronous work to do while the database inserts the batch's largest table (the next batch's rows): the
     * statement is on the wire before it runs, so the generator's CPU and the database's overlap.
     */
    meanwhile?: () => void;
  } = {},
): Promise<void> {
  const { run, batch, cases } = b;
  // First, so that a second generator on the same database stops at once on the batch's key.
  await client.query(
    `insert into ${S}.seed_batch (batch, seed, total, batch_size, until, cases, written_at) values ($1, $2, $3, $4, $5, $6, now())`,
    [batch, run.seed, run.total, run.batchSize, run.until, cases.length],
  );
  const numbers = await takeCaseNumbers(client, cases);
  const { survivor, identity, kase, consent, referral, transition } = rows;
  const at = cases.map((c) => c.openedAt);
  await client.query(
    `insert into ${S}.survivor (id, created_at, code, sex, date_of_birth, estimated_age, nationality)
     select * from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::date[], $6::int[], $7::text[])`,
    [
      survivor.id,
      survivor.createdAt,
      survivor.code,
      survivor.sex,
      survivor.dateOfBirth,
      survivor.estimatedAge,
      survivor.nationality,
    ],
  );
  await client.query(
    `insert into ${S}.survivor_identity (survivor_id, given_name, family_name, phone, guardian_name, guardian_relationship, guardian_phone)
     select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
    [
      identity.survivorId,
      identity.givenName,
      identity.familyName,
      identity.phone,
      identity.guardianName,
      identity.guardianRelationship,
      identity.guardianPhone,
    ],
  );
  await client.query(
    `insert into ${S}.survivor_case (id, created_at, case_number, center_id, survivor_id, opened_at, incident_at,
       incident_type, needs, status, narrative, opened_by, case_manager)
     select u.id, u.opened_at, u.case_number, u.center_id, u.survivor_id, u.opened_at, u.incident_at, u.incident_type,
       string_to_array(u.needs, ','), u.status, u.narrative, $11, null
     from unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::timestamptz[], $6::timestamptz[], $7::text[],
       $8::text[], $9::text[], $10::text[])
       as u(id, case_number, center_id, survivor_id, opened_at, incident_at, incident_type, needs, status, narrative)`,
    [
      kase.id,
      numbers,
      kase.centerId,
      kase.survivorId,
      at,
      kase.incidentAt,
      kase.incidentType,
      kase.needs,
      kase.status,
      kase.narrative,
      GENERATOR,
    ],
  );
  await client.query(
    `insert into ${S}.consent (id, created_at, case_id, scope, given_by, given_at, expires_at, withdrawn_at, recorded_by)
     select u.id, u.given_at, u.case_id, u.scope, u.given_by, u.given_at, u.expires_at, u.withdrawn_at, $8
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])
       as u(id, case_id, scope, given_by, given_at, expires_at, withdrawn_at)`,
    [
      consent.id,
      consent.caseId,
      consent.scope,
      consent.givenBy,
      consent.givenAt,
      consent.expiresAt,
      consent.withdrawnAt,
      GENERATOR,
    ],
  );
  await client.query(
    `insert into ${S}.referral (id, created_at, case_id, agency, referred_at, referred_by, status, status_changed_at, status_reason, version)
     select u.id, u.referred_at, u.case_id, u.agency, u.referred_at, $7, u.status, u.status_changed_at, null, u.version
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::timestamptz[], $8::int[])
       as u(id, case_id, agency, referred_at, status, status_changed_at, version)`,
    [
      referral.id,
      referral.caseId,
      referral.agency,
      referral.referredAt,
      referral.status,
      referral.statusChangedAt,
      GENERATOR,
      referral.version,
    ],
  );
  const transitions = client.query(
    `insert into ${S}.referral_transition (id, created_at, referral_id, from_status, to_status, at, by, reason)
     select u.id, u.at, u.referral_id, u.from_status, u.to_status, u.at, $6, null
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[])
       as u(id, referral_id, from_status, to_status, at)`,
    [transition.id, transition.referralId, transition.fromStatus, transition.toStatus, transition.at, GENERATOR],
  );
  try {
    hooks.meanwhile?.();
  } finally {
    await transitions;
  }
  await logGeneratedBatch(client, 'center', 'center', b);
}
