import type { EntityManager } from '@mikro-orm/postgresql';
import { conflict, type InputProblems } from '../../shared/errors.js';
import { provinceOf } from '../../shared/districts.js';
import { CounsellingSession } from '../entities/counselling-session.entity.js';
import { RoomKind } from '../types/room-kind.js';
import type { LockedCenter } from './center-lock.policy.js';
import { occupiedBeds } from './safe-room.policy.js';

// What an administrator may not do to a center. Where it is, its code and district, is checked against Rwanda's
// districts and never changes (district roles reach the cases of their district's centers; tokens and case numbers
// name a center by its code). What it holds may change, but never under what it holds now: its Safe Room's beds not
// below the survivors staying, its counselling rooms not below those with sessions booked ahead. Both are decided
// under the center's lock, which admissions and bookings also take.

/** The problems with where a new center is. */
export function placeProblems(c: { district: string; province: string }, problems: InputProblems): void {
  const province = provinceOf(c.district);
  if (province === null) problems.add('input.district', "is not one of Rwanda's 30 districts");
  else if (province !== c.province) problems.add('input.province', `${c.district} is in ${province}`);
}

/** Refuse fewer beds than the survivors staying now. Under the center's lock. */
export async function checkBeds(em: EntityManager, center: LockedCenter, beds: number): Promise<void> {
  const staying = await occupiedBeds(em, center.id);
  if (beds < staying)
    throw conflict(
      `the Safe Room at ${center.code} has ${staying} survivor${staying === 1 ? '' : 's'} staying: it cannot have fewer beds`,
    );
}

/** Refuse taking away a room of `kind` that has a session booked ahead (not ended, not cancelled). Under the lock. */
export async function checkRooms(
  em: EntityManager,
  center: LockedCenter,
  kind: RoomKind,
  rooms: number,
  now: Date,
): Promise<void> {
  const busy = await em.findOne(
    CounsellingSession,
    { center: center.id, roomKind: kind, roomNumber: { $gt: rooms }, cancelledAt: null, endsAt: { $gt: now } },
    { orderBy: { roomNumber: 'asc' }, fields: ['roomNumber'] },
  );
  if (busy)
    throw conflict(
      `${kind === RoomKind.CHILD ? 'child' : 'adult'} room ${busy.roomNumber} at ${center.code} has sessions booked ahead: cancel them first`,
    );
}
