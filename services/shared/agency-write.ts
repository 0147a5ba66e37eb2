import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { AgencyCase } from './agency-case.js';
import { type HubContext, recordWrite } from './context.js';
import { caseForWrite } from './delivery/known-cases.js';
import type { KnownCase } from './delivery/known-case.entity.js';
import { LegalBasis } from './disclosure.js';
import { conflict } from './errors.js';
import { inOrgScope } from './org-scope.js';
import type { Principal } from './principal.js';

// An agency's writes. A new record names a case: the agency accepts it only on a case the center has told it of and
// that the writer's organisational scope reaches (known-cases.ts), and stores the case's own place (center, or
// district for the gender ministry) with it. A write on an existing record is checked against the place stored with
// that record. What a write answers is the id of the record and the case, whose slice the caller reads through the
// same rules as any read: consent, referral and scope are decided, and the read is logged, there.

export interface WritePlace {
  centerCode: string | null;
  district: string | null;
}

/** May this principal change a record written at `place`? Outside their place, a record is as good as absent. */
export function canTouch(p: Principal, place: WritePlace): boolean {
  if (place.centerCode) return p.org === 'centers' && p.centers.includes(place.centerCode);
  if (place.district) return p.org === 'district' && inOrgScope(p, { centerCode: '', district: place.district });
  return false;
}

/** What every agency write answers; one class per agency, for its own `Case`. */
export interface Written<C extends AgencyCase> {
  id: string;
  case: C;
}

/** The `RecordWritten` type of an agency, and how to answer with it. */
export function writtenType<C extends AgencyCase>(caseType: new () => C) {
  @ObjectType('RecordWritten', { description: 'What a write answers: the record written, and its case to read it through.' })
  @Directive('@shareable')
  class RecordWritten implements Written<C> {
    @Field(() => ID, { description: 'The id of the record written.' })
    id!: string;

    @Field(() => caseType, { name: 'case', description: 'The case: ask its slice here, under the same rules as any read.' })
    case!: C;
  }
  const answer = (id: string, caseId: string): RecordWritten =>
    Object.assign(new RecordWritten(), { id, case: Object.assign(new caseType(), { id: caseId }) });
  return { type: RecordWritten, answer };
}

/**
 * An agency's write of its own record, in one transaction with its access-log entry (basis OWN_RECORD): `work`
 * creates or changes the record and says which case it belongs to; both land, or neither. `caseId`, when given, is
 * the case a new record names: it must be known here and within the writer's scope, and `work` receives it. A
 * unique-constraint violation becomes CONFLICT with `onDuplicate`, when given.
 */
export async function writeOwnRecord(
  ctx: HubContext,
  what: string,
  caseId: string | null,
  work: (em: EntityManager, known: KnownCase | null) => Promise<{ id: string; caseId: string }>,
  onDuplicate?: string,
): Promise<{ id: string; caseId: string }> {
  try {
    return await ctx.em.transactional(async (em) => {
      const known = caseId === null ? null : await caseForWrite(em, ctx, caseId);
      const written = await work(em, known);
      await em.flush();
      await recordWrite(em, ctx, written.caseId, what, LegalBasis.OWN_RECORD);
      return written;
    });
  } catch (err) {
    if (onDuplicate && err instanceof UniqueConstraintViolationException) throw conflict(onDuplicate);
    throw err;
  }
}
