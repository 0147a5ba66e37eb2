import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type HubContext, recordWrite } from './context.js';
import { LegalBasis } from './disclosure.js';
import { badInput, conflict, DenialReason, forbidden } from './errors.js';
import type { Principal } from './principal.js';
import { inOrgScope } from './org-scope.js';

// Until referrals are delivered to the agencies (the referral issue), an agency cannot check a write against the
// case's real center: it records where the writer works (their center, or their district for the gender ministry),
// checks that against their token, and at read time shows only records whose place matches the case's, so a record
// written against the wrong case shows nowhere. Writes are checked against scope and place; reads against everything.

export interface WritePlace {
  centerCode: string | null;
  district: string | null;
}

/** Where an agency write happens: the writer's center (named if they have several) or district. */
export function writePlace(p: Principal, centerCode: string | null | undefined): WritePlace {
  if (p.org === 'district') {
    if (!p.district) throw forbidden(DenialReason.OUT_OF_SCOPE);
    return { centerCode: null, district: p.district };
  }
  if (p.org !== 'centers') throw forbidden(DenialReason.OUT_OF_SCOPE);
  if (centerCode) {
    if (!p.centers.includes(centerCode)) throw forbidden(DenialReason.OUT_OF_SCOPE);
    return { centerCode, district: null };
  }
  if (p.centers.length === 1) return { centerCode: p.centers[0]!, district: null };
  throw badInput('input.centerCode', 'you work at several centers: name the one where this happened');
}

/** May this principal change a record written at `place`? Outside their place, a record is as good as absent. */
export function canTouch(p: Principal, place: WritePlace): boolean {
  if (place.centerCode) return p.org === 'centers' && p.centers.includes(place.centerCode);
  if (place.district) return inOrgScope(p, { centerCode: '', district: place.district }) && p.org === 'district';
  return false;
}

/** Whether a record's place matches the case's (from the center's sharing facts). */
export function samePlace(place: WritePlace, facts: { centerCode: string; district: string }): boolean {
  return place.centerCode ? place.centerCode === facts.centerCode : place.district === facts.district;
}

/**
 * An agency's write of its own record, in one transaction with its access-log entry (basis OWN_RECORD): `work`
 * creates or changes the record and says which case it belongs to; both land, or neither. A unique-constraint
 * violation becomes CONFLICT with `onDuplicate`, when given.
 */
export async function writeOwnRecord<T>(
  ctx: HubContext,
  what: string,
  work: (em: EntityManager) => Promise<{ record: T; caseId: string }>,
  onDuplicate?: string,
): Promise<T> {
  try {
    return await ctx.em.transactional(async (em) => {
      const { record, caseId } = await work(em);
      await em.flush();
      await recordWrite(em, ctx, caseId, what, LegalBasis.OWN_RECORD);
      return record;
    });
  } catch (err) {
    if (onDuplicate && err instanceof UniqueConstraintViolationException) throw conflict(onDuplicate);
    throw err;
  }
}
