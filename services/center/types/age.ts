import { kigaliDate } from '../../shared/time.js';

const YEAR_MS = 365.2425 * 24 * 3600 * 1000;

export interface AgeFacts {
  dateOfBirth?: string | null;
  estimatedAge?: number | null;
  createdAt: Date;
}

/** Whole years on `day` (a Kigali calendar day): exact from a date of birth, else the intake estimate plus the years since. */
export function ageOn(s: AgeFacts, day: Date): number {
  if (s.dateOfBirth) {
    const [y, m, d] = s.dateOfBirth.split('-').map(Number) as [number, number, number];
    const today = kigaliDate(day);
    let age = today.year - y;
    const beforeBirthday = today.month < m || (today.month === m && today.day < d);
    if (beforeBirthday) age -= 1;
    return age;
  }
  // A consent dated minutes before the intake was typed in must not make the survivor a year younger.
  return (s.estimatedAge ?? 0) + Math.floor(Math.max(0, day.getTime() - s.createdAt.getTime()) / YEAR_MS);
}
