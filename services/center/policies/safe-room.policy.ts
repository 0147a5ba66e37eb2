import type { EntityManager } from '@mikro-orm/postgresql';
import { conflict } from '../../shared/errors.js';
import { SafeRoomStay } from '../entities/safe-room-stay.entity.js';
import type { LockedCenter } from './center-lock.policy.js';

// A Safe Room is never overbooked. The choice: a lock on the center row, taken by every admission before it counts
// the stays not yet ended, rather than a constraint. A constraint sees one row (check) or pairs of rows (exclusion),
// and cannot say "at most N rows where N is a column of another table that an administrator may change"; a trigger
// that counted would need the same lock to be right under concurrent admissions. The lock serialises only the
// admissions of one center (a few a day), and the administrator's change of its beds takes the same lock, so beds can
// never be lowered under the survivors admitted at the same moment. A discharge needs no lock: it only frees a bed.

export function safeRoomFull(center: LockedCenter) {
  const beds = center.safeRoomBeds;
  const taken = beds === 0 ? 'it has no beds' : beds === 1 ? 'its one bed is taken' : `all ${beds} beds are taken`;
  return conflict(`the Safe Room at ${center.code} is full: ${taken}`);
}

export const alreadyStaying = () =>
  conflict('this survivor is already staying in a Safe Room: discharge them there first');

/** Stays not yet ended at a center: the beds taken. Read under the center's lock when it decides anything. */
export function occupiedBeds(em: EntityManager, centerId: string): Promise<number> {
  return em.count(SafeRoomStay, { center: centerId, dischargedAt: null });
}

/** Refuse an admission to a full Safe Room, or of a survivor who already stays in one. Under the center's lock. */
export async function checkAdmission(em: EntityManager, center: LockedCenter, survivorId: string): Promise<void> {
  if ((await em.count(SafeRoomStay, { survivor: survivorId, dischargedAt: null })) > 0) throw alreadyStaying();
  if ((await occupiedBeds(em, center.id)) >= center.safeRoomBeds) throw safeRoomFull(center);
}
