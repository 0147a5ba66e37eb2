import type { FilterQuery } from '@mikro-orm/core';
import type { HubContext } from '../../shared/context.js';
import { caseNotFound, DenialReason, forbidden } from '../../shared/errors.js';
import { inOrgScope } from '../../shared/org-scope.js';
import type { Principal } from '../../shared/principal.js';
import type { Case } from '../entities/case.entity.js';
import type { Center } from '../entities/center.entity.js';
import { caseById, centerById } from '../resolvers/loaders.js';

/**
 * The case a caller asked for by id, or the denial. Someone who could not have seen the case gets the same answer
 * whether it exists or not (FORBIDDEN, OUT_OF_SCOPE); only national roles learn that an id does not exist.
 */
export async function readableCase(ctx: HubContext, id: string): Promise<Case> {
  const found = await caseById(ctx).load(id);
  const center = found ? await centerById(ctx).load(found.center.id) : null;
  if (found && center && inOrgScope(ctx.principal, { centerCode: center.code, district: center.district })) return found;
  if (ctx.principal.org === 'national') throw caseNotFound();
  throw forbidden(DenialReason.OUT_OF_SCOPE);
}

/** The same rule as a query filter, for lists. */
export function caseScopeFilter(p: Principal): FilterQuery<Case> {
  switch (p.org) {
    case 'national':
      return {};
    case 'district':
      return p.district ? { center: { district: p.district } } : { id: { $in: [] } };
    case 'centers':
      return { center: { code: { $in: [...p.centers] } } };
  }
}

/** Staff may open cases only at their own centers. */
export function assertCanWriteAt(p: Principal, center: Center): void {
  if (!inOrgScope(p, { centerCode: center.code, district: center.district })) throw forbidden(DenialReason.OUT_OF_SCOPE);
}
