import type { GraphQLResolveInfo } from 'graphql';
import { callerOf, type HubContext } from '../context.js';
import type { LegalBasis } from '../sharing/decide.js';
import { selectedFields } from './selection.js';

/**
 * What a mutation answers is a read, and is logged as one: the fields the caller asked of the answer, on the basis
 * that let them see it, beside the write's own entry. `under` names where those fields sit in the case file (the
 * consents a consent mutation answers are `consents.*`), so that the log reads the same whichever way they were seen.
 */
export function recordReturned(
  ctx: HubContext,
  info: GraphQLResolveInfo,
  caseId: string | null,
  basis: LegalBasis,
  o: { under?: string; reason?: string | null } = {},
): void {
  const fields = selectedFields(info, [], callerOf(ctx)) ?? [];
  if (fields.length === 0) return;
  ctx.access.read(
    caseId,
    basis,
    fields.map((f) => (o.under ? `${o.under}.${f}` : f)),
    o.reason ?? null,
  );
}
