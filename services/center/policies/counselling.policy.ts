import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../shared/caller.js';
import { conflict, type InputProblems } from '../../shared/errors.js';
import type { CounsellingSession } from '../entities/counselling-session.entity.js';
import { ageOn, type AgeFacts } from '../types/age.js';
import { RoomKind } from '../types/room-kind.js';
import { isPsychologistAt } from './staff-directory.policy.js';

// The rules of a counselling booking that the database does not keep itself. Its exclusion constraints keep rooms and
// psychologists from being booked twice at once; these say what a session is: how long, how far back it may be
// recorded and how far ahead booked, in which room, with whom.

const MINUTE = 60_000;
export const SESSION_LIMITS = {
  /** The shortest session worth a room. */
  shortestMs: 15 * MINUTE,
  /** The longest; more is two sessions. */
  longestMs: 3 * 60 * MINUTE,
  /** A session held in the night may be recorded in the morning, no later. */
  recordedWithinMs: 24 * 60 * MINUTE,
  /** No one books further ahead. */
  aheadMs: 90 * 24 * 60 * MINUTE,
} as const;

/** The problems with a session's times, on their own: its length, and when it may start. */
export function checkSessionTimes(s: { startsAt: Date; endsAt: Date }, now: Date, problems: InputProblems): void {
  const length = s.endsAt.getTime() - s.startsAt.getTime();
  if (length <= 0) problems.add('input.endsAt', 'must be after startsAt');
  else if (length < SESSION_LIMITS.shortestMs || length > SESSION_LIMITS.longestMs)
    problems.add('input.endsAt', 'a session lasts from 15 minutes to 3 hours');
  if (s.startsAt.getTime() < now.getTime() - SESSION_LIMITS.recordedWithinMs)
    problems.add('input.startsAt', 'must not be more than a day ago: a past session is recorded within a day');
  if (s.startsAt.getTime() > now.getTime() + SESSION_LIMITS.aheadMs)
    problems.add('input.startsAt', 'must not be more than 90 days ahead');
}

/** The problem with a room at a center, as its rooms are now, or null. */
export function roomProblem(center: { childRooms: number; adultRooms: number }, kind: RoomKind, n: number) {
  const rooms = kind === RoomKind.CHILD ? center.childRooms : center.adultRooms;
  const name = kind === RoomKind.CHILD ? 'child' : 'adult';
  return n > rooms ? `the center has ${rooms} ${name} room${rooms === 1 ? '' : 's'}` : null;
}

/** Children and adults meet the psychologist in separate rooms: the kind the survivor's age on the day asks for. */
export function roomKindFor(survivor: AgeFacts, startsAt: Date): RoomKind {
  return ageOn(survivor, startsAt) < 18 ? RoomKind.CHILD : RoomKind.ADULT;
}

/**
 * Whom a session is booked with. A case manager books for a psychologist of the case's center, whom they name; anyone
 * else who may book (a psychologist) books their own sessions only: naming another is answered by `otherPsychologist`.
 */
export async function psychologistOf(
  em: EntityManager,
  caller: Caller,
  named: string | null,
  centerCode: string,
  problems: InputProblems,
): Promise<string | 'other'> {
  if (!caller.roles.includes('case-manager'))
    return named === null || named === caller.subject ? caller.subject : 'other';
  if (named === null) problems.add('input.psychologist', 'name the psychologist the session is with');
  else if (!(await isPsychologistAt(em, named, centerCode)))
    problems.add('input.psychologist', "is not known as a psychologist of this case's center");
  return named ?? '';
}

/** Whether the caller may act on a session: a case manager on any at their center, a psychologist on their own. */
export function mayActOn(caller: Caller, session: CounsellingSession): boolean {
  return caller.roles.includes('case-manager') || session.psychologist === caller.subject;
}

const roomName = (kind: RoomKind, n: number) => `${kind === RoomKind.CHILD ? 'child' : 'adult'} room ${n}`;

export const roomTaken = (kind: RoomKind, n: number, centerCode: string) => () =>
  conflict(`${roomName(kind, n)} at ${centerCode} is already booked for part of that time`);

export const psychologistTaken = () => () => conflict('the psychologist already has a session for part of that time');
