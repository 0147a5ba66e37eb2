// The analysts' statistics the whole-hub table (hub-table.ts) measures: three standard questions at national, district
// and province level, then the four the /dashboard page asks when it opens (gateway/dashboard/dashboard.js, PANELS),
// each asking for the whole table as the page does (TABLE below is that page's fragment, csv included). Periods are
// taken in Kigali time as of the run, as the page takes them.

export interface DashboardQuery {
  name: string;
  query: string;
  variables: { q: Record<string, unknown> };
}

/** The page's fragment (gateway/dashboard/dashboard.js, TABLE): what every chart asks of its table. */
const TABLE = `fragment Table on StatisticsTable {
  statistic period from to rows columns threshold rowLabels columnLabels
  cells { row column count suppressed }
  rowTotals { row count suppressed }
  columnTotals { column count suppressed }
  total { count suppressed }
  csv
}`;

const ask = (operation: string, field: string, args = '') =>
  `query ${operation}($q: StatisticsQuery!) { table: ${field}(${args}query: $q) { ...Table } }\n${TABLE}`;

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The Kigali year and month (0-11) now: Kigali is UTC+2 all year. */
function kigaliNow(now: Date): { year: number; month: number } {
  const k = new Date(now.getTime() + 2 * 3_600_000);
  return { year: k.getUTCFullYear(), month: k.getUTCMonth() };
}

/** The last `n` months, this one included, as the page's lastMonths. */
function lastMonths(now: Date, n: number): { period: string; from: string; to: string } {
  const { year, month } = kigaliNow(now);
  return {
    period: 'MONTH',
    from: day(new Date(Date.UTC(year, month - (n - 1), 1))),
    to: day(new Date(Date.UTC(year, month + 1, 0))),
  };
}

/** This Kigali year, as the page's wholeYear for the year it shows first. */
function thisYear(now: Date): { period: string; from: string; to: string } {
  const { year } = kigaliNow(now);
  return { period: 'YEAR', from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The district the district row narrows to: Gasabo, in Kigali, among the busiest. */
export const BENCH_DISTRICT = 'Gasabo';

export function dashboardQueries(now = new Date()): DashboardQuery[] {
  return [
    {
      name: 'stats: 5 y monthly x incident type',
      query: ask('NationalMonthly', 'intakeStatistics'),
      variables: { q: { ...lastMonths(now, 60), rows: 'PERIOD', columns: 'INCIDENT_TYPE' } },
    },
    {
      name: `stats: ${BENCH_DISTRICT}, center x age band`,
      query: ask('DistrictByCenter', 'intakeStatistics'),
      variables: { q: { ...thisYear(now), district: BENCH_DISTRICT, rows: 'CENTER', columns: 'AGE_BAND' } },
    },
    {
      name: 'stats: PEP 72 h by province',
      query: ask('PepByProvince', 'clockStatistics', 'clock: HIV_PEP, '),
      variables: { q: { ...thisYear(now), rows: 'PROVINCE', columns: 'CLOCK_STATUS' } },
    },
    // The /dashboard page's four panels, as it asks them when it opens.
    {
      name: 'dashboard: intakes over 24 months',
      query: ask('IntakesOverTime', 'intakeStatistics'),
      variables: { q: { ...lastMonths(now, 24), rows: 'PERIOD' } },
    },
    {
      name: 'dashboard: intakes by district',
      query: ask('IntakesByDistrict', 'intakeStatistics'),
      variables: { q: { ...thisYear(now), rows: 'DISTRICT' } },
    },
    {
      name: 'dashboard: HIV PEP, 12 months',
      query: ask('HivPep', 'clockStatistics', 'clock: HIV_PEP, '),
      variables: { q: { ...lastMonths(now, 12), rows: 'PERIOD', columns: 'CLOCK_STATUS' } },
    },
    {
      name: 'dashboard: follow-ups by status',
      query: ask('FollowUps', 'followUpStatistics'),
      variables: { q: { ...thisYear(now), rows: 'FOLLOW_UP_STATUS' } },
    },
  ];
}
