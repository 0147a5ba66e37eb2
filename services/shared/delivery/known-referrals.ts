import type { EntityManager } from '@mikro-orm/postgresql';
import { callerOf, type HubContext } from '../context.js';
import { normalizeId } from '../ids.js';
import { DenialReason, refused } from '../errors.js';
import { placeReaches } from '../org-scope.js';
import { OPEN_REFERRAL, type ReferralStatus } from '../referral-lifecycle.js';
import { nullableTextArray, textArray } from '../sql.js';
import { KnownReferral } from './known-referral.entity.js';
import type { CaseStatistics, DeliveryMessage, ReferralChanged } from './message.js';

const table = (em: EntityManager) => `"${em.config.get('schema')}"."known_referral"`;

/** An agency's inbox: whatever the center tells, kept by kind. */
export async function receiveFromCenter(em: EntityManager, m: DeliveryMessage): Promise<void> {
  if (m.type === 'case.statistics') await rememberStatistics(em, m);
  else await rememberReferral(em, m);
}

/**
 * Keep a case's statistics facts. Idempotent and ordered by the center's clock, so a redelivered or late message
 * never replaces newer facts.
 */
export async function rememberStatistics(em: EntityManager, m: CaseStatistics): Promise<void> {
  const t = `"${em.config.get('schema')}"."case_statistics"`;
  await em.getConnection().execute(
    `insert into ${t} as k (case_id, version, center_code, district, incident_type, age_band, sex, nationality_group,
       consent_from, consent_until, consent_withdrawn_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (case_id) do update set version = excluded.version, center_code = excluded.center_code,
       district = excluded.district, incident_type = excluded.incident_type, age_band = excluded.age_band,
       sex = excluded.sex, nationality_group = excluded.nationality_group, consent_from = excluded.consent_from,
       consent_until = excluded.consent_until, consent_withdrawn_at = excluded.consent_withdrawn_at
     where k.version < excluded.version`,
    [
      m.caseId,
      m.version,
      m.centerCode,
      m.district,
      m.incidentType,
      m.ageBand,
      m.sex,
      m.nationalityGroup,
      m.consentFrom,
      m.consentUntil,
      m.consentWithdrawnAt,
    ],
  );
}

/**
 * An agency's inbox: remember a referral's move. Idempotent and ordered by version, so a redelivered message changes
 * nothing and a move delivered after a newer one is ignored.
 */
export async function rememberReferral(em: EntityManager, m: ReferralChanged): Promise<void> {
  await em.getConnection().execute(
    `insert into ${table(em)} as k (referral_id, case_id, center_code, district, incident_at, status, version, received_at)
     values (?, ?, ?, ?, ?, ?, ?, now())
     on conflict (referral_id) do update set status = excluded.status, version = excluded.version,
       incident_at = excluded.incident_at, received_at = excluded.received_at
     where k.version < excluded.version`,
    [m.referralId, m.caseId, m.centerCode, m.district, m.incidentAt, m.status, m.version],
  );
}

/**
 * The open referral (requested or accepted) to this agency of the case an agency write names, within the writer's
 * organisational scope: no referral, no write. A case never referred here, one whose referral is closed and one out
 * of the writer's place get the same refusal, so the answer tells nothing of whether an id exists elsewhere; and no
 * agency can write (and so block the real one's record) on a case at a place it does not serve.
 */
export async function referralForWrite(em: EntityManager, ctx: HubContext, caseId: string): Promise<KnownReferral> {
  const id = normalizeId(caseId);
  const open = id ? await em.find(KnownReferral, { caseId: id, status: { $in: [...OPEN_REFERRAL] } }) : [];
  // Writers work at centers or in a district; a national role reads, it does not write an agency's records.
  const { place } = callerOf(ctx);
  const found = place.kind === 'national' ? undefined : open.find((k) => placeReaches(place, k));
  if (!found) throw refused(ctx, id, DenialReason.NOT_REFERRED);
  return found;
}

export interface SeedReferral {
  id: string;
  caseId: string;
  centerCode: string;
  district: string;
  incidentAt: Date;
  status: ReferralStatus;
  version: number;
}

/** Referrals as the center would have delivered them (demo data, tests): idempotent, one statement per thousand. */
export async function seedKnownReferrals(em: EntityManager, referrals: readonly SeedReferral[]): Promise<void> {
  for (let i = 0; i < referrals.length; i += 1000) {
    const batch = referrals.slice(i, i + 1000);
    await em.getConnection().execute(
      `insert into ${table(em)} (referral_id, case_id, center_code, district, incident_at, status, version, received_at)
       select u.*, now() from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::int[]) as u
       on conflict (referral_id) do nothing`,
      [
        `{${batch.map((r) => r.id).join(',')}}`,
        `{${batch.map((r) => r.caseId).join(',')}}`,
        textArray(batch.map((r) => r.centerCode)),
        textArray(batch.map((r) => r.district)),
        textArray(batch.map((r) => r.incidentAt.toISOString())),
        textArray(batch.map((r) => r.status)),
        `{${batch.map((r) => r.version).join(',')}}`,
      ],
    );
  }
}

/** Statistics facts as the center would have delivered them (demo data): idempotent, one statement per thousand. */
export async function seedCaseStatistics(em: EntityManager, facts: readonly CaseStatistics[]): Promise<void> {
  for (let i = 0; i < facts.length; i += 1000) {
    const batch = facts.slice(i, i + 1000);
    const col = (f: (c: CaseStatistics) => string | number | null) =>
      nullableTextArray(batch.map((c) => (f(c) === null ? null : String(f(c)))));
    await em.getConnection().execute(
      `insert into "${em.config.get('schema')}"."case_statistics" (case_id, version, center_code, district,
         incident_type, age_band, sex, nationality_group, consent_from, consent_until, consent_withdrawn_at)
       select * from unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
         ?::timestamptz[], ?::timestamptz[], ?::timestamptz[])
       on conflict (case_id) do nothing`,
      [
        col((c) => c.caseId),
        col((c) => c.version),
        col((c) => c.centerCode),
        col((c) => c.district),
        col((c) => c.incidentType),
        col((c) => c.ageBand),
        col((c) => c.sex),
        col((c) => c.nationalityGroup),
        col((c) => c.consentFrom),
        col((c) => c.consentUntil),
        col((c) => c.consentWithdrawnAt),
      ],
    );
  }
}
