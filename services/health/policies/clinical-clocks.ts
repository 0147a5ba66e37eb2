import { kigaliDate } from '../../shared/time.js';
import type { ClockNotApplicable } from '../entities/clock-not-applicable.entity.js';
import { ClinicalClock, ClockStatus, FollowUpInterval } from '../types/clinical-clock.js';
import { TreatmentKind } from '../types/treatment-kind.js';

// The clinical clocks, written once: Case.medical shows them and clinicalAlerts lists those about to close, both from
// this module, so the two cannot disagree on a deadline or a status.
//
// Every clock runs from the incident time the center sent with its referral to health. A window's edge belongs to
// the window: a treatment given exactly at the deadline is in time (72 h 0 min is MET, 72 h 1 min is MISSED), and a
// clock with nothing given is DUE until the deadline itself and MISSED from the next instant on.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Each clock: the treatment that meets it and how long after the incident it may be given. */
export const CLOCKS: readonly { clock: ClinicalClock; kind: TreatmentKind; windowMs: number }[] = [
  { clock: ClinicalClock.HIV_PEP, kind: TreatmentKind.HIV_PEP, windowMs: 72 * HOUR },
  { clock: ClinicalClock.EMERGENCY_CONTRACEPTION, kind: TreatmentKind.EMERGENCY_CONTRACEPTION, windowMs: 120 * HOUR },
  { clock: ClinicalClock.HEPATITIS_B_VACCINE, kind: TreatmentKind.HEPATITIS_B_VACCINE, windowMs: 14 * DAY },
  { clock: ClinicalClock.FORENSIC_EVIDENCE, kind: TreatmentKind.FORENSIC_EVIDENCE_COLLECTION, windowMs: 72 * HOUR },
];

/** The shortest and the longest window: which incidents can have a clock still open, or closing soon. */
export const SHORTEST_WINDOW_MS = Math.min(...CLOCKS.map((c) => c.windowMs));
export const LONGEST_WINDOW_MS = Math.max(...CLOCKS.map((c) => c.windowMs));

/** One clock of one case, as Case.medical shows it. */
export interface ClockReading {
  clock: ClinicalClock;
  deadline: Date;
  status: ClockStatus;
  /** When the matching treatment was first given: in time (MET) or late (MISSED); null when none was. */
  givenAt: Date | null;
  /** The clinician's record, when the clock does not apply. */
  notApplicable: ClockNotApplicable | null;
}

/**
 * Each clock of a case whose incident happened at `incidentAt`, at `now`, from the treatments given and the clocks
 * recorded as not applicable at the case's center. What was given decides first (a treatment is a fact, and its time
 * says MET or MISSED); then a clinician's record that the clock does not apply; then the time: DUE while the window is
 * open, MISSED once it has closed.
 */
export function readClocks(
  incidentAt: Date,
  given: readonly { kind: TreatmentKind; givenAt: Date }[],
  notApplicable: readonly ClockNotApplicable[],
  now: Date,
): ClockReading[] {
  return CLOCKS.map(({ clock, kind, windowMs }) => {
    const deadline = new Date(incidentAt.getTime() + windowMs);
    // A treatment recorded before the incident cannot answer it (a mistyped date): it never makes a clock MET.
    const first = given
      .filter((t) => t.kind === kind && t.givenAt.getTime() >= incidentAt.getTime())
      .reduce<Date | null>((min, t) => (min === null || t.givenAt < min ? t.givenAt : min), null);
    if (first) {
      const status = first.getTime() <= deadline.getTime() ? ClockStatus.MET : ClockStatus.MISSED;
      return { clock, deadline, status, givenAt: first, notApplicable: null };
    }
    const na = notApplicable.find((n) => n.clock === clock) ?? null;
    if (na) return { clock, deadline, status: ClockStatus.NOT_APPLICABLE, givenAt: null, notApplicable: na };
    const status = now.getTime() <= deadline.getTime() ? ClockStatus.DUE : ClockStatus.MISSED;
    return { clock, deadline, status, givenAt: null, notApplicable: null };
  });
}

/** Whole minutes from `now` to `deadline`, rounded down: an alert never promises more time than is left. */
export function minutesLeft(deadline: Date, now: Date): number {
  return Math.floor((deadline.getTime() - now.getTime()) / 60_000);
}

// Follow-up visits are counted from the incident, not from the first encounter: the 3- and 6-month HIV tests (and
// the 2-week pregnancy test) are about the time since exposure, whenever the survivor was first seen; the incident
// time is known as soon as the referral reaches health, before any encounter is recorded; and the clocks above run
// from it too, so one origin serves every date of the record.

const VISITS: readonly { after: FollowUpInterval; days?: number; months?: number }[] = [
  { after: FollowUpInterval.TWO_WEEKS, days: 14 },
  { after: FollowUpInterval.THREE_MONTHS, months: 3 },
  { after: FollowUpInterval.SIX_MONTHS, months: 6 },
];

export interface ProposedVisitReading {
  after: FollowUpInterval;
  /** The day in Kigali, YYYY-MM-DD. */
  proposedFor: string;
}

/**
 * The follow-up visits proposed for an incident at `incidentAt`, as days in Kigali (where appointments are made):
 * 14 days after the incident's day, and the same day of the month 3 and 6 months on, or the month's last day when it
 * has no such day (30 November gives 28 or 29 February).
 */
export function proposedVisits(incidentAt: Date): ProposedVisitReading[] {
  const { year, month, day } = kigaliDate(incidentAt);
  return VISITS.map(({ after, days = 0, months = 0 }) => {
    const lastDay = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
    const at = new Date(Date.UTC(year, month - 1 + months, Math.min(day, lastDay) + days));
    return { after, proposedFor: at.toISOString().slice(0, 10) };
  });
}
