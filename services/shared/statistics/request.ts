import { InputProblems } from '../errors.js';
import { bucketOf, bucketsBetween, dayNumber, endsBucket, type Granularity, startsBucket } from './periods.js';

// What an analyst may ask of a statistic, checked before any work that grows with the question.
//
// Every published figure belongs to one period bucket. A table by PERIOD gives one row (or column) per bucket and no
// total over the range; a table not by PERIOD covers exactly one bucket. So no figure is ever a sum over a chosen
// range, and two questions whose ranges differ by a day share buckets or share none: there is nothing to subtract.

export type Dimension =
  | 'PERIOD'
  | 'PROVINCE'
  | 'DISTRICT'
  | 'CENTER'
  | 'INCIDENT_TYPE'
  | 'AGE_BAND'
  | 'SEX'
  | 'NATIONALITY_GROUP'
  | 'CLOCK_STATUS'
  | 'TREATMENT'
  | 'INVESTIGATION_STATUS'
  | 'TIME_TO_PROSECUTION'
  | 'FOLLOW_UP_STATUS'
  | 'LENGTH_OF_STAY'
  | 'NEED_STATUS';

export const GEOGRAPHY: readonly Dimension[] = ['PROVINCE', 'DISTRICT', 'CENTER'];

/** The order breakdowns take in a lattice, whatever the order a question names them in. */
const DIMENSION_ORDER: readonly Dimension[] = [
  'INCIDENT_TYPE',
  'AGE_BAND',
  'SEX',
  'NATIONALITY_GROUP',
  'CLOCK_STATUS',
  'TREATMENT',
  'INVESTIGATION_STATUS',
  'TIME_TO_PROSECUTION',
  'FOLLOW_UP_STATUS',
  'LENGTH_OF_STAY',
  'NEED_STATUS',
];

/** Depth of each geographic level below the nation. */
export const GEO_DEPTH = { PROVINCE: 1, DISTRICT: 2, CENTER: 3 } as const;

export interface StatisticsRequest {
  period: Granularity;
  from: string;
  to: string;
  rows: Dimension;
  columns: Dimension | null;
  province: string | null;
  district: string | null;
}

/** Where a center is. */
export interface Place {
  center: string;
  district: string;
  province: string;
}

/** At most this many buckets in one table, per granularity: ten years of months, a year of days. */
export const MAX_BUCKETS: Record<Granularity, number> = { YEAR: 30, MONTH: 120, WEEK: 106, DAY: 366 };

/** The validated question, with what the lattice needs to answer it. */
export interface Plan {
  request: StatisticsRequest;
  /** The buckets shown, in order. */
  buckets: string[];
  firstYear: number;
  lastYear: number;
  /** 0 the nation, 1 provinces, 2 districts, 3 centers: how deep the geography must be decided. */
  geoDepth: number;
  /** The breakdowns that are neither period nor place, in DIMENSION_ORDER. */
  breakdowns: Dimension[];
}

/** Check a question; every problem is reported at once, as BAD_USER_INPUT on `at`'s fields. */
export function planOf(request: StatisticsRequest, places: readonly Place[], at: string): Plan {
  const problems = new InputProblems();
  const { period, from, to, rows, columns, province, district } = request;
  const fromDay = dayNumber(from);
  const toDay = dayNumber(to);
  problems.add(`${at}.from`, fromDay === null ? 'must be a calendar day, YYYY-MM-DD' : null);
  problems.add(`${at}.to`, toDay === null ? 'must be a calendar day, YYYY-MM-DD' : null);
  if (fromDay !== null && (fromDay < dayNumber('2000-01-01')! || fromDay > dayNumber('2100-12-31')!))
    problems.add(`${at}.from`, 'must be between 2000-01-01 and 2100-12-31');
  if (toDay !== null && (toDay < dayNumber('2000-01-01')! || toDay > dayNumber('2100-12-31')!))
    problems.add(`${at}.to`, 'must be between 2000-01-01 and 2100-12-31');
  let buckets: string[] = [];
  if (!problems.has(`${at}.from`) && !problems.has(`${at}.to`) && fromDay !== null && toDay !== null) {
    const unit = period.toLowerCase();
    if (toDay < fromDay) problems.add(`${at}.to`, 'must not be before from');
    problems.add(`${at}.from`, startsBucket(from, period) ? null : `must be the first day of a ${unit}`);
    problems.add(`${at}.to`, endsBucket(to, period) ? null : `must be the last day of a ${unit}`);
    if (!problems.has(`${at}.to`) && !problems.has(`${at}.from`)) {
      const span = Math.floor((toDay - fromDay) / { YEAR: 365, MONTH: 28, WEEK: 1, DAY: 1 }[period]) + 1;
      if (span > MAX_BUCKETS[period] * 7) problems.add(`${at}.to`, `at most ${MAX_BUCKETS[period]} ${unit}s`);
      else {
        buckets = bucketsBetween(from, to, period);
        if (buckets.length > MAX_BUCKETS[period]) problems.add(`${at}.to`, `at most ${MAX_BUCKETS[period]} ${unit}s`);
      }
    }
  }
  const dims = columns === null ? [rows] : [rows, columns];
  if (columns !== null && columns === rows) problems.add(`${at}.columns`, 'must differ from rows');
  if (dims.filter((d) => GEOGRAPHY.includes(d)).length > 1)
    problems.add(`${at}.columns`, 'one of rows and columns may be a place (province, district or center), not both');
  if (!dims.includes('PERIOD') && buckets.length > 1)
    problems.add(
      `${at}.to`,
      `a table not by PERIOD covers one ${period.toLowerCase()}: from and to must fall in the same one`,
    );
  const provinces = new Set(places.map((p) => p.province));
  const districts = new Map(places.map((p) => [p.district, p.province]));
  if (province !== null && !provinces.has(province))
    problems.add(`${at}.province`, 'must be one of the provinces with a center');
  if (district !== null && !districts.has(district))
    problems.add(`${at}.district`, 'must be one of the districts with a center');
  if (province !== null && district !== null && districts.get(district) !== province)
    problems.add(`${at}.district`, 'must be in the province given');
  const geo = dims.find((d) => GEOGRAPHY.includes(d)) as keyof typeof GEO_DEPTH | undefined;
  const narrowed = district !== null ? 2 : province !== null ? 1 : 0;
  if (geo && GEO_DEPTH[geo] <= narrowed)
    problems.add(`${at}.${geo === rows ? 'rows' : 'columns'}`, `must be finer than the place the table is narrowed to`);
  problems.throwIfAny();
  return {
    request,
    buckets,
    firstYear: Number(from.slice(0, 4)),
    lastYear: Number(to.slice(0, 4)),
    geoDepth: Math.max(geo ? GEO_DEPTH[geo] : 0, narrowed),
    // In one fixed order, not the question's: the lattice of rows SEX by columns AGE_BAND is the lattice of rows
    // AGE_BAND by columns SEX, decided alike (an outside review found the two orders hiding different cells).
    breakdowns: dims
      .filter((d) => d !== 'PERIOD' && !GEOGRAPHY.includes(d))
      .sort((a, b) => DIMENSION_ORDER.indexOf(a) - DIMENSION_ORDER.indexOf(b)),
  };
}

/** The label of the bucket holding a day, at the plan's granularity (for the period a fact falls in). */
export function bucketLabel(plan: Plan, day: string): string {
  return bucketOf(day, plan.request.period);
}
