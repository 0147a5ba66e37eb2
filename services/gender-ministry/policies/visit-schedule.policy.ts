import { badInput } from '../../shared/errors.js';
import { FIRST_CENTER_OPENED } from '../../shared/time.js';

/** Follow-up runs for months, not decades: a visit is scheduled since 2009 and within the next two (calendar) years. */
export function scheduledTime(field: string, at: Date, now: Date): void {
  if (at < FIRST_CENTER_OPENED) throw badInput(field, 'must not be before 2009, when the first Isange center opened');
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + 2);
  if (at > limit) throw badInput(field, 'must be within the next two years');
}
