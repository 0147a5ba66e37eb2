import type { EntityManager } from '@mikro-orm/postgresql';
import { IntakeKey } from '../entities/intake-key.entity.js';

/** How long an intake key is kept: any retry comes well within it; after it, the same key opens a new case. */
export const INTAKE_KEY_DAYS = 7;

/** Forget the intake keys older than INTAKE_KEY_DAYS at `now`: the center's housekeeping, every minute. */
export async function forgetOldIntakeKeys(em: EntityManager, now: Date): Promise<void> {
  await em.nativeDelete(IntakeKey, { createdAt: { $lt: new Date(now.getTime() - INTAKE_KEY_DAYS * 86_400_000) } });
}
