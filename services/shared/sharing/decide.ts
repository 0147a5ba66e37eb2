import { agencyCode, sharingCodeOf } from '../agencies.js';
import type { Caller } from '../caller.js';
import { DenialReason } from '../errors.js';
import { type CaseLocation, inOrgScope } from '../org-scope.js';
import { inForce } from './in-force.js';
import type { Sharing } from './wire.js';

// The per-record rule, in one place, for every subgraph. The center owns the facts (where the case is, the consents,
// the referrals, the emergency grants); every subgraph receives them at read time through federation (`@requires`)
// and decides for its own data with this function. A withdrawal therefore takes effect on the very next request:
// there is no copy to go stale.

/** Why a disclosure was lawful; written into every access-log entry (Law 058/2021 Art. 18). */
export const LegalBasis = {
  /** Center staff serving the survivor at the survivor's own center. */
  CARE_TEAM: 'CARE_TEAM',
  /** Referred to the reader's agency, with the survivor's (or guardian's) consent in force. */
  CONSENT: 'CONSENT',
  /** Referred, with a recorded consent override in force (a stated reason, audited). */
  OVERRIDE: 'OVERRIDE',
  /**
   * Referred to the reader's agency, read without the center's current sharing facts: health's clinical alerts, a
   * list of case ids and clock deadlines for the cases referred to it within the reader's place. Consent is checked
   * when the case itself is read.
   */
  REFERRAL: 'REFERRAL',
  /** Time-limited emergency access to this one case by this one person (a stated reason, audited). */
  BREAK_GLASS: 'BREAK_GLASS',
  /** An auditor or data-protection officer reading the access log. */
  AUDIT: 'AUDIT',
  /** An agency writing its own record at its own center or district (checked against scope and place). */
  OWN_RECORD: 'OWN_RECORD',
  /** A hub administrator changing the hub's reference data (a center); no survivor's data is read or written. */
  ADMINISTRATION: 'ADMINISTRATION',
  /**
   * An analyst's aggregate question: counts of the cases whose survivor consented to statistics, under disclosure
   * control. One entry for the question, naming no case.
   */
  STATISTICS: 'STATISTICS',
} as const;
export type LegalBasis = (typeof LegalBasis)[keyof typeof LegalBasis];

/** Allowed, on a legal basis (with the stated reason, for an override or break-glass), or denied, with why. */
export type Decision =
  { allowed: true; basis: LegalBasis; statedReason: string | null } | { allowed: false; reason: DenialReason };

/**
 * May this caller see this case's data? Emergency access first (a grant to this person, for this agency) (it exists for when the ordinary rules fail the
 * survivor); then center staff at their own centers; then any other agency only within its organisational scope, once
 * the case is referred to it, and while consent (or an override) for it is in force.
 */
export function decide(p: Caller, facts: Sharing, now: Date = new Date()): Decision {
  // The center sends what was in force when it answered; each is checked again here, against `now`.
  // A grant belongs to the person acting for the agency it was opened for: the same person signed in under a role of
  // another agency (an investigator who is also a clinician) gets nothing from it.
  const grant = facts.breakGlass.find(
    (g) => g.subject === p.subject && g.agency === agencyCode(p.agency) && inForce({ until: g.expiresAt }, now),
  );
  if (grant) return allow(LegalBasis.BREAK_GLASS, grant.reason);
  const inScope = inOrgScope(p, facts);
  if (p.agency === 'center') return inScope ? allow(LegalBasis.CARE_TEAM) : deny(DenialReason.OUT_OF_SCOPE);
  const agency = sharingCodeOf(p.agency);
  if (!agency || !inScope) return deny(DenialReason.OUT_OF_SCOPE);
  if (!facts.referrals.some((r) => r.agency === agency)) return deny(DenialReason.NOT_REFERRED);
  const active = facts.consents.filter((c) => c.agency === agency && inForce({ until: c.expiresAt }, now));
  if (active.some((c) => c.basis === 'CONSENT')) return allow(LegalBasis.CONSENT);
  const override = active.find((c) => c.basis === 'OVERRIDE');
  if (override) return allow(LegalBasis.OVERRIDE, override.reason);
  return deny(DenialReason.CONSENT_REQUIRED);
}

/**
 * Who may read a case's access log: auditors, and its case manager while the case is within their place. A case
 * manager who moved to another center no longer reads the logs of the cases left behind; `where` null (a log whose
 * case this subgraph cannot place) opens it to auditors only.
 */
export function decideAccessLog(
  p: Caller,
  facts: { caseManager: string | null; where: CaseLocation | null },
): Decision {
  if (p.scopes.has('audit:read')) return allow(LegalBasis.AUDIT);
  if (p.subject !== facts.caseManager) return deny(DenialReason.NOT_CASE_MANAGER);
  if (!facts.where || !inOrgScope(p, facts.where)) return deny(DenialReason.OUT_OF_SCOPE);
  return allow(LegalBasis.CARE_TEAM);
}

function allow(basis: LegalBasis, statedReason?: string | null): Decision {
  return { allowed: true, basis, statedReason: statedReason ?? null };
}

function deny(reason: DenialReason): Decision {
  return { allowed: false, reason };
}
