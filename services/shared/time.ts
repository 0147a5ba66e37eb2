import { badInput } from './errors.js';

/** Clocks of the devices entering data drift; a few minutes ahead is tolerated, more is a typo. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

export function notInFuture(field: string, at: Date, now: Date): void {
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw badInput(field, 'must not be in the future');
}
