import type { GraphQLResolveInfo } from 'graphql';
import { selectedFields } from '../../shared/access-log/selection.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import type { Case } from '../entities/case.entity.js';
import { readableCaseWithBasis } from '../policies/case-access.policy.js';

/**
 * One case, asked for by id, as the caller may see it; the read logged with the fields asked of it. The one read of
 * a case by id: `case(id)`, the entity reference the gateway resolves for another subgraph's answer, and the case a
 * write's answer names all come here.
 */
export async function readCase(ctx: HubContext, id: string, info: GraphQLResolveInfo): Promise<Case> {
  const { found, basis, statedReason } = await readableCaseWithBasis(ctx, id);
  // Counted as a Case, also in an entity batch whose fragments name other types.
  ctx.access.read(found.id, basis, selectedFields(info, [], callerOf(ctx), 'Case') ?? [], statedReason);
  return found;
}
