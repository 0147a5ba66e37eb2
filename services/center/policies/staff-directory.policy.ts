import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../shared/caller.js';
import { textArray } from '../../shared/sql.js';
import { StaffMember } from '../entities/staff-member.entity.js';

/** The roles the directory keeps: those a case can be handed to, and those counselling sessions are booked with. */
const KEPT: readonly string[] = ['case-manager', 'psychologist'];

/** Note a signed-in caller in the directory, at each of their centers, for each role it keeps. */
export async function observeStaff(em: EntityManager, p: Caller): Promise<void> {
  const roles = p.roles.filter((r) => KEPT.includes(r));
  if (p.place.kind !== 'centers' || roles.length === 0) return;
  // One statement, whatever the number of centers and roles.
  const pairs = p.place.centers.flatMap((c) => roles.map((r) => [c, r] as const));
  await em.getConnection().execute(
    `insert into "${em.config.get('schema')}"."staff_member" (subject, center_code, role, first_seen_at, last_seen_at)
     select ?, u.center_code, u.role, now(), now() from unnest(?::text[], ?::text[]) as u(center_code, role)
     on conflict (subject, center_code, role) do update set last_seen_at = excluded.last_seen_at`,
    [p.subject, textArray(pairs.map(([c]) => c)), textArray(pairs.map(([, r]) => r))],
  );
}

/** Whether `subject` has signed in as a case manager of `centerCode`. */
export async function isCaseManagerAt(em: EntityManager, subject: string, centerCode: string): Promise<boolean> {
  return (await em.count(StaffMember, { subject, centerCode, role: 'case-manager' })) > 0;
}

/** Whether `subject` has signed in as a psychologist of `centerCode`. */
export async function isPsychologistAt(em: EntityManager, subject: string, centerCode: string): Promise<boolean> {
  return (await em.count(StaffMember, { subject, centerCode, role: 'psychologist' })) > 0;
}
