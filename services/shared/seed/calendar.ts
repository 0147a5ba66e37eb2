import { DAY, HOUR } from '../demo-plan.js';

// When the generated cases were opened: ten years of intakes ending at the run's `until`, more in some seasons, on
// some weekdays and at some hours of the Kigali day than others, and slowly more each year as reporting grows.
// Case i of n is opened at the instant where the share of the decade's expected intakes before it reaches
// (i + u) / n, u in [0, 1): a monotone map, so the cases come out in opening order whatever batch draws them. That is
// what lets each batch number its cases from the counters the batches before it left (as intakes do), and lets a
// resumed run number them as an uninterrupted one would.

export const YEARS = 10;
const HOURS = Math.round(YEARS * 365.25 * 24);

/** Rwanda keeps UTC+2 all year. */
const KIGALI_OFFSET_MS = 2 * HOUR;

/** Relative intakes per hour of the Kigali day: few at night, most in working hours. */
const HOUR_OF_DAY = [
  0.25, 0.2, 0.15, 0.15, 0.2, 0.35, 0.6, 0.9, 1.3, 1.6, 1.7, 1.7, 1.5, 1.5, 1.6, 1.6, 1.4, 1.2, 1.0, 0.9, 0.7, 0.55,
  0.4, 0.3,
];
/** Relative intakes per weekday, Sunday first: fewer at weekends. */
const WEEKDAY = [0.75, 1.12, 1.08, 1.05, 1.05, 1.05, 0.85];

/**
 * Relative intakes on a day of the year (0-365): peaks in the long school holidays (July-August) and over the year's
 * end and New Year (festivities, children at home), a trough in the rainy season's planting months.
 */
function season(dayOfYear: number): number {
  const angle = (2 * Math.PI * dayOfYear) / 365.25;
  return (
    1 + 0.14 * Math.cos(angle - (2 * Math.PI * 5) / 365.25) + 0.1 * Math.cos(2 * angle - (2 * Math.PI * 30) / 365.25)
  );
}

export interface IntakeCalendar {
  from: Date;
  until: Date;
  /** The opening instant of case `i` of `n`, jittered by `u` in [0, 1) within its share. */
  openedAt: (i: number, n: number, u: number) => Date;
}

/** The decade before `until` (an instant on the hour), with its expected intakes hour by hour. */
export function intakeCalendar(until: Date): IntakeCalendar {
  const from = new Date(until.getTime() - HOURS * HOUR);
  const cumulative = new Float64Array(HOURS + 1);
  for (let h = 0; h < HOURS; h++) {
    const local = new Date(from.getTime() + h * HOUR + KIGALI_OFFSET_MS);
    const yearStart = Date.UTC(local.getUTCFullYear(), 0, 1);
    const dayOfYear = Math.floor((local.getTime() - yearStart) / DAY);
    // About 6 % more intakes each year: more survivors come forward as the centers become known.
    const trend = Math.pow(1.06, h / (HOURS / YEARS));
    const w = trend * season(dayOfYear) * WEEKDAY[local.getUTCDay()]! * HOUR_OF_DAY[local.getUTCHours()]!;
    cumulative[h + 1] = cumulative[h]! + w;
  }
  const total = cumulative[HOURS]!;
  return {
    from,
    until,
    openedAt: (i, n, u) => {
      const target = ((i + u) / n) * total;
      // The last hour whose cumulative share is at most the target.
      let lo = 0;
      let hi = HOURS - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (cumulative[mid]! <= target) lo = mid;
        else hi = mid - 1;
      }
      const within = (target - cumulative[lo]!) / (cumulative[lo + 1]! - cumulative[lo]!);
      // Whole seconds, within the hour: equal instants are possible and harmless (pages order by id too).
      return new Date(from.getTime() + lo * HOUR + Math.min(3599, Math.floor(within * 3600)) * 1000);
    },
  };
}
