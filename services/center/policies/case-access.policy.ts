import type { EntityManager } from '@mikro-orm/postgresql';
import { callerOf, type HubContext, normalizeId } from '../../shared/context.js';
import { type Decision, decide, type LegalBasis, SHARING_AGENCY_OF } from '../../shared/disclosure.js';
import { caseNotFound, DenialReason, forbidden, refused } from '../../shared/errors.js';
import { inOrgScope } from '../../shared/org-scope.js';
import type { Caller } from '../../shared/caller.js';
import { textArray } from '../../shared/sql.js';
import { Case } from '../entities/case.entity.js';
import type { Center } from '../entities/center.entity.js';
import { caseById } from '../resolvers/loaders.js';
import { sharingFacts } from '../resolvers/sharing.loaders.js';

/** The decision for a case the caller named, by id. */
export async function caseDecision(ctx: HubContext, id: string): Promise<{ found: Case | null; decision: Decision }> {
  const found = await caseById(ctx).load(id);
  const facts = found ? await sharingFacts(ctx).load(found.id) : null;
  if (!found || !facts) return { found: null, decision: { allowed: false, reason: DenialReason.OUT_OF_SCOPE } };
  return { found, decision: decide(callerOf(ctx), facts) };
}

/**
 * The case a caller asked for by id, with the legal basis for showing it, or the denial. Someone who could not have
 * seen the case gets the same answer whether it exists or not (FORBIDDEN, OUT_OF_SCOPE); only national roles learn
 * that an id does not exist. Agency staff in scope learn why (NOT_REFERRED, CONSENT_REQUIRED).
 */
export async function readableCaseWithBasis(
  ctx: HubContext,
  id: string,
): Promise<{ found: Case; basis: LegalBasis; statedReason: string | null }> {
  const { found, decision } = await caseDecision(ctx, id);
  if (found && decision.allowed) return { found, basis: decision.basis, statedReason: decision.statedReason };
  if (!found && callerOf(ctx).place.kind === 'national') {
    ctx.access.denied(normalizeId(id), 'CASE_NOT_FOUND');
    throw caseNotFound();
  }
  throw refused(ctx, normalizeId(id), decision.allowed ? DenialReason.OUT_OF_SCOPE : decision.reason);
}

/**
 * The same rule as SQL over `survivor_case` aliased `c` and `center` aliased `ctr`, for lists: center staff see the
 * cases of their centers; other agencies see, within their organisational scope, the cases referred to them with
 * consent or an override in force. (Emergency access opens one case by id, not lists.)
 */
export function caseListCondition(em: EntityManager, p: Caller, now: Date): { sql: string; params: unknown[] } {
  const s = `"${em.config.get('schema')}"`;
  const parts: string[] = [];
  const params: unknown[] = [];
  if (p.place.kind === 'centers') {
    parts.push('ctr.code = any(?::text[])');
    params.push(textArray(p.place.centers));
  } else if (p.place.kind === 'district') {
    parts.push('ctr.district = ?');
    params.push(p.place.district);
  }
  if (p.agency !== 'center') {
    const agency = SHARING_AGENCY_OF[p.agency];
    if (!agency) return { sql: 'false', params: [] };
    parts.push(`exists (select 1 from ${s}.referral r where r.case_id = c.id and r.agency = ?)`);
    params.push(agency);
    parts.push(`(exists (select 1 from ${s}.consent k where k.case_id = c.id and k.scope = ? and k.given_at <= ?
                  and k.withdrawn_at is null and (k.expires_at is null or k.expires_at > ?))
              or exists (select 1 from ${s}.consent_override o where o.case_id = c.id and o.agency = ?
                  and o.overridden_at <= ? and o.expires_at > ?))`);
    params.push(agency, now, now, agency, now, now);
  }
  return { sql: parts.length > 0 ? parts.join(' and ') : 'true', params };
}

/** Staff may write only at their own centers. */
export function assertCanWriteAt(p: Caller, center: Center): void {
  if (!inOrgScope(p, { centerCode: center.code, district: center.district }))
    throw forbidden(DenialReason.OUT_OF_SCOPE);
}

/** Cases the principal may see, as a query builder over `c` (the case) joined to `ctr` (its center). */
export function visibleCases(em: EntityManager, p: Caller, now: Date) {
  const { sql, params } = caseListCondition(em, p, now);
  return em.createQueryBuilder(Case, 'c').join('c.center', 'ctr').where(sql, params);
}
