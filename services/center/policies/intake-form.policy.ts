import { createHash, randomInt } from 'node:crypto';
import type { InputProblems } from '../../shared/errors.js';
import { futureProblem, kigaliDay } from '../../shared/time.js';
import type { NewSurvivorInput, OpenCaseInput } from '../types/open-case.input.js';

// How an intake form must fit together, beyond each field's own rules (which class-validator checks first). Problems
// are named under `at`, where the form sits in the request: `input` for openCase, `input.cases[3]` for an import.

// Survivor codes avoid look-alike characters (0/O, 1/I/L) because they are read aloud and copied by hand.
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newSurvivorCode(): string {
  let s = 'SV-';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/**
 * An intake as text that does not depend on how the client wrote it: every object's fields in name order, empty ones
 * (null or left out) dropped; hashed (SHA-256, hex), so that the key table keeps nothing the survivor said. The key
 * itself is not part of it.
 */
export function intakeFingerprint(input: OpenCaseInput): string {
  const { idempotencyKey: _key, ...intake } = input;
  const canonical = JSON.stringify(intake, (_name, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, x]) => x != null)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
  return createHash('sha256').update(canonical).digest('hex');
}

/** Nobody the hub serves is older than this; a date further back is a typing mistake (year 1, 1800). */
const OLDEST_YEARS = 120;

function yearsBefore(now: Date, years: number): Date {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d;
}

function checkNewSurvivor(s: NewSurvivorInput, now: Date, problems: InputProblems, at: string): void {
  if (s.dateOfBirth == null && s.estimatedAge == null) {
    problems.add(`${at}.survivor.dateOfBirth`, 'give a date of birth or an estimated age');
  }
  if (s.dateOfBirth != null && s.estimatedAge != null) {
    problems.add(`${at}.survivor.estimatedAge`, 'give a date of birth or an estimated age, not both');
  }
  if (s.dateOfBirth && s.dateOfBirth > kigaliDay(now)) {
    problems.add(`${at}.survivor.dateOfBirth`, 'must not be in the future');
  }
  if (s.dateOfBirth && s.dateOfBirth < kigaliDay(yearsBefore(now, OLDEST_YEARS))) {
    problems.add(`${at}.survivor.dateOfBirth`, `must be within the last ${OLDEST_YEARS} years`);
  }
}

/**
 * The incident cannot come before the survivor was born (by the date of birth, or by the earliest birth the age
 * estimate puts it in), and not more than 120 years ago whatever the estimate. A birth that is itself wrong is not
 * compared with.
 */
export function checkIncidentTime(
  incidentAt: Date,
  survivor: { dateOfBirth?: string | null; estimatedAge?: number | null; createdAt?: Date },
  now: Date,
  problems: InputProblems,
  at: string,
): void {
  if (incidentAt < yearsBefore(now, OLDEST_YEARS))
    problems.add(`${at}.incidentAt`, `must be within the last ${OLDEST_YEARS} years`);
  if (problems.has(`${at}.survivor.dateOfBirth`) || problems.has(`${at}.survivor.estimatedAge`)) return;
  // An estimate is the age when it was made (at the survivor's first intake).
  const born = survivor.dateOfBirth
    ? new Date(`${survivor.dateOfBirth}T00:00:00+02:00`) // Kigali midnight
    : survivor.estimatedAge != null
      ? yearsBefore(survivor.createdAt ?? now, survivor.estimatedAge + 1)
      : null;
  if (born && incidentAt < born) problems.add(`${at}.incidentAt`, "must not be before the survivor's birth");
}

/** How the fields of one intake form fit together: every problem noted, none thrown. */
export function checkIntakeForm(input: OpenCaseInput, now: Date, problems: InputProblems, at: string): void {
  if ((input.survivor == null) === (input.survivorId == null)) {
    problems.add(`${at}.survivor`, 'give either survivor (new) or survivorId (returning), exactly one');
  }
  if ((input.incidentType == null) === (input.classification == null)) {
    problems.add(`${at}.incidentType`, 'give either incidentType or classification, exactly one');
  }
  problems.add(`${at}.incidentAt`, futureProblem(input.incidentAt, now));
  if (input.survivor) {
    checkNewSurvivor(input.survivor, now, problems, at);
    checkIncidentTime(input.incidentAt, input.survivor, now, problems, at);
  }
}
