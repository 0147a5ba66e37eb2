import type { EntityManager } from '@mikro-orm/postgresql';

/** A center as read under its lock: what admissions and changes to the center check against. */
export interface LockedCenter {
  id: string;
  code: string;
  safeRoomBeds: number;
}

/**
 * Serialise what may change how many survivors a center's Safe Room holds, and how many it can hold: admissions, and
 * an administrator's change to its beds. A row lock on the center (`select ... for update`) until the transaction
 * ends; the center is read under it, from the database, so that the bed count is the one in force now. Other centers
 * are not held up. Returns null when no center has this id.
 */
export async function lockCenter(em: EntityManager, centerId: string): Promise<LockedCenter | null> {
  const rows: { id: string; code: string; safe_room_beds: number }[] = await em
    .getConnection()
    .execute(
      `select id, code, safe_room_beds from "${em.config.get('schema')}"."center" where id = ? for update`,
      [centerId],
      'all',
      em.getTransactionContext(),
    );
  const row = rows[0];
  return row ? { id: row.id, code: row.code, safeRoomBeds: row.safe_room_beds } : null;
}
