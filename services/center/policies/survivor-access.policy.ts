import { callerOf, type HubContext } from '../../shared/context.js';
import { normalizeId } from '../../shared/ids.js';
import { DenialReason, refused } from '../../shared/errors.js';
import type { Survivor } from '../entities/survivor.entity.js';
import { survivorById } from '../loaders/case.loaders.js';
import { visibleCases } from './case-access.policy.js';

/** Whether the principal may see at least one of this survivor's cases. */
export async function survivorVisible(ctx: HubContext, id: string): Promise<boolean> {
  const survivor = normalizeId(id);
  return survivor !== null && (await visibleSurvivors(ctx, [survivor])).has(survivor);
}

/** Of these survivors, those the principal may see at least one case of: one statement, however many are asked. */
export async function visibleSurvivors(ctx: HubContext, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows: { survivor_id: string }[] = await visibleCases(ctx.em, callerOf(ctx), new Date())
    .select('c.survivor', true)
    .andWhere({ survivor: { $in: ids } })
    .execute('all', false);
  return new Set(rows.map((r) => r.survivor_id));
}

/** A survivor is visible to whoever may see at least one of their cases; otherwise the same denial as for a case. */
export async function readableSurvivor(ctx: HubContext, id: string): Promise<Survivor> {
  const found = (await survivorVisible(ctx, id)) ? await survivorById(ctx).load(id) : null;
  if (!found) throw refused(ctx, null, DenialReason.OUT_OF_SCOPE);
  return found;
}
