import type { GraphQLResolveInfo } from 'graphql';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { selectedFields } from './access-log/selection.js';
import { callerOf, type HubContext } from './context.js';
import { normalizeId } from './ids.js';
import { DenialReason, refused } from './errors.js';
import type { CaseLocation } from './org-scope.js';
import { decide, type LegalBasis } from './sharing/decide.js';
import { CaseSharing, decodeSharing, type Sharing } from './sharing/wire.js';

// What the three agency subgraphs share about the center's Case: its key, and the sharing facts they @require from the
// center to decide on their own slice at read time. Each agency's `Case` class extends this one.
@ObjectType('AgencyCase', { description: 'not in any schema by itself' })
export abstract class AgencyCase {
  @Field(() => ID)
  id!: string;

  @Field(() => CaseSharing)
  @Directive('@external')
  sharing!: Sharing | null;
}

/** An agency's slice of a case the caller may see, and on what basis: what the access log needs once it is shown. */
export interface SliceAccess {
  caseId: string;
  /** Where the case is, as the center says: an agency shows only what it recorded at that place. */
  where: CaseLocation;
  basis: LegalBasis;
  statedReason: string | null;
}

/**
 * Decide on an agency's slice of a case with the facts the center sent through the gateway; or throw the denial. A
 * representation without facts (which the gateway never sends) is refused. Nothing is logged here: a slice is logged
 * when it shows something (showSlice), so that an empty one (no follow-up plan yet) is not recorded as seen.
 */
export function decideSlice(ctx: HubContext, c: AgencyCase): SliceAccess {
  const access = sliceAccess(ctx, c);
  if ('denied' in access) throw refused(ctx, access.caseId, access.denied);
  return access;
}

/**
 * The decision of decideSlice as a value, for a slice whose refusal must look like an empty one (a case's timeline
 * shows no events of an agency that may not show them, and never says whether it holds any).
 */
export function sliceAccess(
  ctx: HubContext,
  c: AgencyCase,
): SliceAccess | { caseId: string | null; denied: DenialReason } {
  // A malformed id names no case the center could have sent facts for; refusing it keeps it out of the log, whose
  // insert would otherwise fail and withhold every other case of the batch.
  const caseId = normalizeId(c.id);
  if (!c.sharing || !caseId) return { caseId, denied: DenialReason.OUT_OF_SCOPE };
  const d = decide(callerOf(ctx), c.sharing);
  if (!d.allowed) return { caseId, denied: d.reason };
  return {
    caseId,
    where: { centerCode: c.sharing.centerCode, district: c.sharing.district },
    basis: d.basis,
    statedReason: d.statedReason,
  };
}

/** Log what a slice showed: the fields asked under the field being resolved, named from `path` ("medical.encounters"). */
export function showSlice(ctx: HubContext, access: SliceAccess, info: GraphQLResolveInfo, path: string): void {
  const fields = selectedFields(info, [], callerOf(ctx)) ?? [];
  ctx.access.read(
    access.caseId,
    access.basis,
    fields.map((f) => `${path}.${f}`),
    access.statedReason,
  );
}

/**
 * The `__resolveReference` of an agency's Case: the key and the facts, read against the wire's declaration. Facts
 * that are missing or do not fit it are dropped, and every slice of that case is then refused.
 */
export function agencyCaseReference<T extends AgencyCase>(make: () => T) {
  return (ref: Record<string, unknown>) =>
    Object.assign(make(), { id: String(ref.id), sharing: decodeSharing(ref.sharing) });
}
