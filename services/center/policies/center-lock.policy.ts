import type { EntityManager } from '@mikro-orm/postgresql';

/** A center as read under its lock: what admissions, bookings and changes to the center check against. */
export interface LockedCenter {
  id: string;
  code: string;
  safeRoomBeds: number;
  childRooms: number;
  adultRooms: number;
}

/**
 * Serialise what may change how many survivors a center's Safe Room holds, and how many it can hold: admissions, and
 * an administrator's change to its beds or rooms. A row lock on the center (`select ... for update`) until the
 * transaction ends; the center is read under it, from the database, so that its beds and rooms are the ones in force
 * now. Other centers are not held up. A booking takes the lock in `share` mode: bookings do not wait for each other
 * (the database's exclusion constraints keep them apart), only for a change of the center's rooms. Returns null when
 * no center has this id.
 */
export async function lockCenter(
  em: EntityManager,
  centerId: string,
  mode: 'update' | 'share' = 'update',
): Promise<LockedCenter | null> {
  const rows: { id: string; code: string; safe_room_beds: number; child_rooms: number; adult_rooms: number }[] =
    await em.getConnection().execute(
      `select id, code, safe_room_beds, child_rooms, adult_rooms from "${em.config.get('schema')}"."center"
          where id = ? for ${mode === 'share' ? 'share' : 'update'}`,
      [centerId],
      'all',
      em.getTransactionContext(),
    );
  const row = rows[0];
  return row
    ? {
        id: row.id,
        code: row.code,
        safeRoomBeds: row.safe_room_beds,
        childRooms: row.child_rooms,
        adultRooms: row.adult_rooms,
      }
    : null;
}
