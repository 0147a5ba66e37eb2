import { type FilterQuery, LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Case } from '../entities/case.entity.js';
import type { Consent } from '../entities/consent.entity.js';

/** Consents in force at an instant: given, not withdrawn, not expired. The same rule as Consent.activeAt, in SQL. */
export function inForceAt(at: Date) {
  return {
    givenAt: { $lte: at },
    withdrawnAt: null,
    $or: [{ expiresAt: null }, { expiresAt: { $gt: at } }],
  } satisfies FilterQuery<Consent>;
}

/** Serialise changes to one case's consents (row lock on the case until the transaction ends). */
export async function lockCase(em: EntityManager, caseId: string): Promise<void> {
  await em.findOne(Case, { id: caseId }, { lockMode: LockMode.PESSIMISTIC_WRITE, fields: ['id'] });
}
