import { badInput } from './errors.js';

/** Clocks of the devices entering data drift; a few minutes ahead is tolerated, more is a typo. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** What is wrong with a time that must not be in the future, or null. */
export function futureProblem(at: Date, now: Date): string | null {
  return at.getTime() > now.getTime() + CLOCK_SKEW_MS ? 'must not be in the future' : null;
}

export function notInFuture(field: string, at: Date, now: Date): void {
  const problem = futureProblem(at, now);
  if (problem) throw badInput(field, problem);
}

/** The first Isange center opened in 2009: nothing the hub's staff did can be older. */
export const FIRST_CENTER_OPENED = new Date('2009-01-01T00:00:00+02:00');

/** A time at which hub staff did something (saw, treated, received, visited): since 2009, not in the future. */
export function staffActionTime(field: string, at: Date, now: Date): void {
  const problem = staffActionProblem(at, now);
  if (problem) throw badInput(field, problem);
}

/** What is wrong with a time at which hub staff did something, or null. */
export function staffActionProblem(at: Date, now: Date): string | null {
  return (
    futureProblem(at, now) ??
    (at < FIRST_CENTER_OPENED ? 'must not be before 2009, when the first Isange center opened' : null)
  );
}

/** Rwanda keeps Central Africa Time, UTC+2, all year (no daylight saving). */
const KIGALI_OFFSET_MS = 2 * 3600 * 1000;

/** YYYY-MM-DD in Kigali at an instant. */
export function kigaliDay(at: Date): string {
  return new Date(at.getTime() + KIGALI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar date in Kigali at an instant: birthdays and case-number years turn at Kigali midnight, not UTC's. */
export function kigaliDate(at: Date): { year: number; month: number; day: number } {
  const local = new Date(at.getTime() + KIGALI_OFFSET_MS);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}
