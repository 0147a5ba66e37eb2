import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { HubContext } from './context.js';
import { recordWrite } from './access-log/record-write.js';
import type { ReferenceResolver } from './descriptor.js';
import { referralForWrite } from './delivery/known-referrals.js';
import type { KnownReferral } from './delivery/known-referral.entity.js';
import { LegalBasis } from './sharing/decide.js';
import { conflict } from './errors.js';
import type { Caller } from './caller.js';

// An agency's writes. Every write, of a new record or on an existing one, needs an open referral of the record's case
// to the agency, within the writer's organisational scope (known-referrals.ts): no referral, no write. A new record
// stores the case's own place (center, or district for the gender ministry) with it; a write on an existing record is
// also checked against the place stored with that record. What a write answers is the id of the record and the case, whose slice the caller reads through the
// same rules as any read, through the center (shared with every agency by the RecordWritten entity below).

/** Where an agency record was written: at a center (health, police), or in a district (the gender ministry). */
export type WritePlace = { readonly centerCode: string } | { readonly district: string };

/**
 * May this caller change a record written at `place`? Only staff of that very center or district may: a national
 * role reads, it does not write an agency's records. Outside their place, a record is as good as absent.
 */
export function canTouch(c: Caller, place: WritePlace): boolean {
  if ('centerCode' in place) return c.place.kind === 'centers' && c.place.centers.includes(place.centerCode);
  return c.place.kind === 'district' && c.place.district === place.district;
}

/**
 * What every agency write answers: the record's id and its case's id, as an entity the center extends with the case
 * itself. So what a write shows of the case comes through the center and then the agency's own slice, under exactly
 * the rules of any read, and is logged as a read there. Each agency declares the same type; this is its class.
 */
@ObjectType('RecordWritten', {
  description: 'What a write answers: the record written, and (from the center) its case, read under the read rules.',
})
@Directive('@key(fields: "id caseId")')
export class RecordWritten {
  @Field(() => ID, { description: 'The id of the record written or changed.' })
  id!: string;

  @Field(() => ID, { description: 'The case the record belongs to.' })
  caseId!: string;
}

export const written = (id: string, caseId: string): RecordWritten =>
  Object.assign(new RecordWritten(), { id, caseId });

/** `__resolveReference` of RecordWritten in an agency: the key is all it holds. */
export const recordWrittenReference: ReferenceResolver = {
  scopes: [],
  resolve: (ref) => written(String(ref.id), String(ref.caseId)),
};

type Written = { id: string; caseId: string };

/** One write and its access-log entry in one transaction; a unique-constraint violation becomes CONFLICT. */
async function transactWrite(
  ctx: HubContext,
  what: string,
  work: (em: EntityManager) => Promise<Written>,
  onDuplicate?: string,
  reason: string | null = null,
): Promise<Written> {
  try {
    return await ctx.em.transactional(async (em) => {
      const written = await work(em);
      await em.flush();
      await recordWrite(em, ctx, written.caseId, what, LegalBasis.OWN_RECORD, reason);
      return written;
    });
  } catch (err) {
    if (onDuplicate && err instanceof UniqueConstraintViolationException) throw conflict(onDuplicate);
    throw err;
  }
}

/**
 * An agency's write of its own existing record, in one transaction with its access-log entry (basis OWN_RECORD):
 * `work` changes the record and says which case it belongs to; the write lands only while that case has an open
 * referral to the agency within the writer's place, and both land, or neither. A unique-constraint violation becomes
 * CONFLICT with `onDuplicate`, when given. `reason`, when the write must say why (a correction), is logged with it.
 */
export function writeOwnRecord(
  ctx: HubContext,
  what: string,
  work: (em: EntityManager) => Promise<Written>,
  onDuplicate?: string,
  reason: string | null = null,
): Promise<Written> {
  return transactWrite(
    ctx,
    what,
    async (em) => {
      const written = await work(em);
      await referralForWrite(em, ctx, written.caseId);
      return written;
    },
    onDuplicate,
    reason,
  );
}

/**
 * A new record on the case `caseId` names, written as writeOwnRecord writes: the case must have an open referral to
 * the agency within the writer's place (known-referrals.ts), and `work` receives that referral, with where the case is.
 */
export function writeOnReferredCase(
  ctx: HubContext,
  what: string,
  caseId: string,
  work: (em: EntityManager, referral: KnownReferral) => Promise<Written>,
  onDuplicate?: string,
): Promise<Written> {
  return transactWrite(ctx, what, async (em) => work(em, await referralForWrite(em, ctx, caseId)), onDuplicate);
}
