import type { HubContext } from '../../shared/context.js';
import { DenialReason, forbidden } from '../../shared/errors.js';
import { Case } from '../entities/case.entity.js';
import type { Survivor } from '../entities/survivor.entity.js';
import { caseScopeFilter } from './case-access.policy.js';
import { survivorById } from '../resolvers/loaders.js';

/** A survivor is visible to whoever may see at least one of their cases; otherwise the same denial as for a case. */
export async function readableSurvivor(ctx: HubContext, id: string): Promise<Survivor> {
  const visible = await ctx.em.count(Case, { $and: [{ survivor: id }, caseScopeFilter(ctx.principal)] });
  const found = visible > 0 ? await survivorById(ctx).load(id) : null;
  if (!found) throw forbidden(DenialReason.OUT_OF_SCOPE);
  return found;
}
