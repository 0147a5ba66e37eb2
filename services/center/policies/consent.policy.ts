import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CONSENT_WINDOW, inForceWhere, notEndedWhere, OVERRIDE_WINDOW } from '../../shared/sharing/in-force.js';
import { Case } from '../entities/case.entity.js';
import type { Consent } from '../entities/consent.entity.js';
import type { ConsentOverride } from '../entities/consent-override.entity.js';

/** Consents in force at an instant, as a filter (the one rule, shared/sharing/in-force.ts). */
export const consentsInForce = (at: Date) => inForceWhere<Consent>(CONSENT_WINDOW, at);

/** Consents not yet ended at an instant (not expired, not withdrawn), whenever given, as a filter. */
export const consentsNotEnded = (at: Date) => notEndedWhere<Consent>(CONSENT_WINDOW, at);

/** Consent overrides in force at an instant, as a filter. */
export const overridesInForce = (at: Date) => inForceWhere<ConsentOverride>(OVERRIDE_WINDOW, at);

/** Serialise changes to one case's consents (row lock on the case until the transaction ends). */
export async function lockCase(em: EntityManager, caseId: string): Promise<void> {
  await em.findOne(Case, { id: caseId }, { lockMode: LockMode.PESSIMISTIC_WRITE, fields: ['id'] });
}
