import type { EntityManager } from '@mikro-orm/postgresql';
import { callerOf, type HubContext } from '../../shared/context.js';
import { normalizeId } from '../../shared/ids.js';
import { type Decision, decide, type LegalBasis } from '../../shared/sharing/decide.js';
import { decideSql } from '../../shared/sharing/decide-sql.js';
import { caseNotFound, DenialReason, forbidden, refused } from '../../shared/errors.js';
import { inOrgScope } from '../../shared/org-scope.js';
import type { Caller } from '../../shared/caller.js';
import { Case } from '../entities/case.entity.js';
import type { Center } from '../entities/center.entity.js';
import { caseById } from '../loaders/case.loaders.js';
import { sharingFacts } from '../loaders/sharing.loaders.js';

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

/** Staff may write only at their own centers. */
export function assertCanWriteAt(p: Caller, center: Center): void {
  if (!inOrgScope(p, { centerCode: center.code, district: center.district }))
    throw forbidden(DenialReason.OUT_OF_SCOPE);
}

/**
 * Cases the caller may see (the list twin of `decide`), as a query builder over `c` (the case) joined to `ctr` (its
 * center). With `withPlaces`, the center and the survivor come back in the same statement, loaded on each case.
 */
export function visibleCases(em: EntityManager, p: Caller, now: Date, o: { withPlaces?: boolean } = {}) {
  const { sql, params } = decideSql(em.config.get('schema'), p, now);
  const qb = em.createQueryBuilder(Case, 'c');
  if (o.withPlaces) qb.joinAndSelect('c.center', 'ctr').joinAndSelect('c.survivor', 'sv');
  else qb.join('c.center', 'ctr');
  return qb.where(sql, params);
}
