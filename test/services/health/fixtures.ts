// Shared by the health subgraph tests. Not a test file.
import { vi } from 'vitest';
import { agencyFixtures, MINUTE } from '../../helpers/agency-fixtures.js';

export { CASE_MANAGER, entry, inMinutes, type LogEntry, MINUTE, type Sharing } from '../../helpers/agency-fixtures.js';
export const { sharing, caseRef, grant, refs, refWith, accessLogOf, referredCase } = agencyFixtures('health', 'HEALTH');

/** The demo clinicians, as the access log names them. */
export const CLINICIAN = { subject: 'demo:clinician', agency: 'health', roles: ['clinician'] };
export const HUYE_CLINICIAN = { subject: 'demo:huye-clinician', agency: 'health', roles: ['clinician'] };

/**
 * Stop the clock (Date only; timers keep running so that the database driver works) at `at`, as the center's tests
 * do: resolvers then read the clinical clocks at exactly the `now` the test computes with. Undo with
 * `vi.useRealTimers()`.
 */
export function freezeClock(at: Date): Date {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at);
  return new Date(at);
}

export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** `at` moved by `ms`, as the ISO string the subgraph answers with. */
export const iso = (at: Date, ms = 0): string => new Date(at.getTime() + ms).toISOString();
