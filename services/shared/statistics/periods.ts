// Period buckets for statistics, as Kigali calendar days. A week starts on Monday and is cut at the month's end
// ("2025-03-W1" is 1 and 2 March, a Saturday and a Sunday), so that days, weeks, months and years nest in one another:
// every published period has one period above it, and no two periods overlap in part, which would let an analyst
// subtract one from the other.

export type Granularity = 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';

const DAY_MS = 24 * 3600 * 1000;

/** Days since 1970-01-01 of a valid YYYY-MM-DD, or null. */
export function dayNumber(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / DAY_MS;
}

export function dayOf(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The week of the month a day falls in: week 1 runs from the 1st to the first Sunday. */
function weekOfMonth(n: number): number {
  const date = new Date(n * DAY_MS);
  const first = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY_MS;
  const firstWeekday = (new Date(first * DAY_MS).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return Math.floor((n - first + firstWeekday) / 7) + 1;
}

/** The label of the bucket of `granularity` holding a day: 2025, 2025-06, 2025-06-W2 or 2025-06-14. */
export function bucketOf(day: string, granularity: Granularity): string {
  switch (granularity) {
    case 'YEAR':
      return day.slice(0, 4);
    case 'MONTH':
      return day.slice(0, 7);
    case 'DAY':
      return day;
    case 'WEEK':
      return `${day.slice(0, 7)}-W${weekOfMonth(dayNumber(day)!)}`;
  }
}

/** Every bucket of `granularity` from the one holding `from` to the one holding `to`, in order. */
export function bucketsBetween(from: string, to: string, granularity: Granularity): string[] {
  const out: string[] = [];
  const last = dayNumber(to)!;
  for (let n = dayNumber(from)!; n <= last; n++) {
    const b = bucketOf(dayOf(n), granularity);
    if (out[out.length - 1] !== b) out.push(b);
  }
  return out;
}

/** Whether `day` is the first day of its bucket. */
export function startsBucket(day: string, granularity: Granularity): boolean {
  const n = dayNumber(day)!;
  return bucketOf(dayOf(n - 1), granularity) !== bucketOf(day, granularity);
}

/** Whether `day` is the last day of its bucket. */
export function endsBucket(day: string, granularity: Granularity): boolean {
  const n = dayNumber(day)!;
  return bucketOf(dayOf(n + 1), granularity) !== bucketOf(day, granularity);
}

/** Every day of the years from `firstYear` to `lastYear`. */
export function daysOfYears(firstYear: number, lastYear: number): string[] {
  const out: string[] = [];
  const end = Date.UTC(lastYear, 11, 31) / DAY_MS;
  for (let n = Date.UTC(firstYear, 0, 1) / DAY_MS; n <= end; n++) out.push(dayOf(n));
  return out;
}
