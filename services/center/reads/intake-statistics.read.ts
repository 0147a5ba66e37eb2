import type { HubContext } from '../../shared/context.js';
import { CONSENT_WINDOW, inForceSql } from '../../shared/sharing/in-force.js';
import type { StatisticSource } from '../../shared/statistics/answer.js';
import { type Fact, factGranularity } from '../../shared/statistics/lattice.js';
import type { CaseRows } from '../../shared/statistics/rollup.js';
import { statisticFacts } from '../../shared/statistics/rollup-facts.js';
import { textArray } from '../../shared/sql.js';
import type { Dimension, Place, Plan } from '../../shared/statistics/request.js';
import { SHARED_CATEGORIES } from '../../shared/statistics/categories.js';
import { ConsentScope } from '../types/case-enums.js';

// The center's statistics for the analysts, in one shape (as agency-source.ts is the agencies'): cases, each counted
// once, placed in the Kigali day of one event of theirs, and only those whose survivor's consent to statistics is in
// force now. A withdrawal takes the case out of every figure at the next question; the lattice then decides again
// what may be shown. Intakes are the cases by the day they were opened; the Safe Room and needs statistics
// (safe-room-statistics.read.ts, need-statistics.read.ts) are built the same way.

/** The age at the incident, as whole years: from the date of birth, or from the estimate plus the years since it. */
const AGE_SQL = `case
    when s.date_of_birth is not null then
      extract(year from age(((c.incident_at at time zone 'UTC') + interval '2 hours')::date, s.date_of_birth))::int
    when s.estimated_age is not null then
      s.estimated_age + greatest(0, floor(extract(epoch from (c.incident_at - s.created_at)) / (365.2425 * 86400)))::int
  end`;

/** Each breakdown as SQL over a case `c` and its survivor `s`: the same for intakes and for what agencies are told. */
export const DIMENSION_SQL: Partial<Record<Dimension, string>> = {
  INCIDENT_TYPE: 'c.incident_type',
  SEX: 's.sex',
  NATIONALITY_GROUP: `case when s.nationality is null then 'UNKNOWN' when s.nationality = 'RW' then 'RWANDAN' else 'OTHER' end`,
  AGE_BAND: `(select case when a is null then 'UNKNOWN' when a < 5 then '0-4' when a < 12 then '5-11'
      when a < 18 then '12-17' when a < 25 then '18-24' when a < 60 then '25-59' else '60+' end
      from (select ${AGE_SQL} as a) age)`,
};

const BUCKET_FORMAT = { DAY: 'YYYY-MM-DD', MONTH: 'YYYY-MM', YEAR: 'YYYY' } as const;
const SHARED: readonly Dimension[] = [
  'PERIOD',
  'PROVINCE',
  'DISTRICT',
  'CENTER',
  'INCIDENT_TYPE',
  'AGE_BAND',
  'SEX',
  'NATIONALITY_GROUP',
];

/** One of the center's statistics: what is counted of each case, when and where. */
export interface CenterStatistic {
  statistic: string;
  field: string;
  /** The statistic's own breakdown, if any: its name and categories; its value is `e.own` in `events`. */
  own?: { dimension: Dimension; categories: readonly string[] };
  /**
   * The event counted, as SQL over the center's schema `s` and a case `c`: `join`, what joins each case to its one
   * event (nothing: the case itself; a case without the event is not counted), with its `?` parameters; `at`, the
   * instant that places the case in a period; `center`, the id of the center it is counted at.
   */
  events(s: string): { join: string; params: unknown[]; at: string; center: string };
}

export function centerSource(a: CenterStatistic): StatisticSource {
  return {
    statistic: a.statistic,
    field: a.field,
    dimensions: a.own ? [...SHARED, a.own.dimension] : SHARED,
    categories: (d) => (d === a.own?.dimension ? a.own.categories : (SHARED_CATEGORIES[d] ?? [])),
    places: (ctx) => centerPlaces(ctx),
    async facts(ctx: HubContext, plan: Plan): Promise<Fact[]> {
      const s = `"${ctx.em.config.get('schema')}"`;
      const consent = inForceSql(CONSENT_WINDOW, 'k', new Date());
      const e = a.events(s);
      const grain = factGranularity(plan.request.period) as keyof typeof BUCKET_FORMAT;
      const by = plan.breakdowns.map((d, i) => `${d === a.own?.dimension ? 'e.own' : DIMENSION_SQL[d]!} as by${i}`);
      const center = plan.geoDepth > 0 ? 'ctr.code' : 'null::text';
      const rows: Record<string, string | number | null>[] = await ctx.em.execute(
        `select to_char((${e.at} at time zone 'UTC') + interval '2 hours', '${BUCKET_FORMAT[grain]}') as bucket,
                ${center} as center${by.map((b) => `, ${b}`).join('')}, count(*)::int as n
           from ${s}.survivor_case c
           ${e.join}
           join ${s}.center ctr on ctr.id = ${e.center}
           join ${s}.survivor s on s.id = c.survivor_id
          where ${e.at} >= ?::timestamptz and ${e.at} < ?::timestamptz
            and exists (select 1 from ${s}.consent k where k.case_id = c.id and k.scope = ? and ${consent.sql})
          group by ${[1, 2, ...plan.breakdowns.map((_, i) => i + 3)].join(', ')}`,
        [
          ...e.params,
          `${plan.firstYear}-01-01T00:00:00+02:00`,
          `${plan.lastYear + 1}-01-01T00:00:00+02:00`,
          ConsentScope.STATISTICS,
          ...consent.params,
        ],
      );
      return rows.map((r) => ({
        bucket: String(r.bucket),
        center: r.center === null ? null : String(r.center),
        by: plan.breakdowns.map((_, i) => String(r[`by${i}`])),
        n: Number(r.n),
      }));
    },
  };
}

// The Safe Room statistic is read live, through centerSource: the seed writes no stays, and a center has few.

/** A breakdown of the intakes' own, as SQL over the case `c` with its `?` parameters: the rollup's `own` column. */
export interface IntakeOwn {
  dimension: Dimension;
  sql: string;
  params: unknown[];
}

/**
 * The intakes counted at `now`: one row per case opened in [from, to) whose survivor's consent to statistics is in
 * force, with its center, breakdowns and, for a statistic of intakes with a breakdown of its own (the needs), that
 * too. Read live (days, weeks) and to fill the rollup (months, years): one SQL.
 */
export function intakeRowsOf(key: string, own: IntakeOwn | null): CaseRows {
  return {
    key,
    own: own?.dimension ?? null,
    counted(s, now, from, to, centers) {
      const consent = inForceSql(CONSENT_WINDOW, 'k', now);
      return {
        sql: `select c.id as case_id, c.opened_at as at, ctr.code as center,
                     ${DIMENSION_SQL.INCIDENT_TYPE} as incident_type, ${DIMENSION_SQL.AGE_BAND} as age_band,
                     ${DIMENSION_SQL.SEX} as sex, ${DIMENSION_SQL.NATIONALITY_GROUP} as nationality_group
                     ${own ? `, ${own.sql} as own` : ''}
                from ${s}.survivor_case c
                join ${s}.center ctr on ctr.id = c.center_id
                join ${s}.survivor s on s.id = c.survivor_id
               where c.opened_at >= ?::timestamptz and c.opened_at < ?::timestamptz
                 ${centers === null ? '' : 'and ctr.code = any(?::text[])'}
                 and exists (select 1 from ${s}.consent k where k.case_id = c.id and k.scope = ? and ${consent.sql})`,
        params: [
          ...(own?.params ?? []),
          from,
          to,
          ...(centers === null ? [] : [textArray(centers)]),
          ConsentScope.STATISTICS,
          ...consent.params,
        ],
      };
    },
    placed: (s, _now, cases) => ({
      sql: `select c.opened_at as at, ctr.code as center
              from ${s}.survivor_case c join ${s}.center ctr on ctr.id = c.center_id
             where c.id = any(?::uuid[])`,
      params: [textArray(cases)],
    }),
    // A consent to statistics begins, expires or is withdrawn at an instant of its own.
    changedBetween: (s, after, upTo) => ({
      sql: `select k.case_id from ${s}.consent k
             where k.scope = ? and (k.given_at between ? and ? or k.expires_at between ? and ?
                                    or k.withdrawn_at between ? and ?)`,
      params: [ConsentScope.STATISTICS, after, upTo, after, upTo, after, upTo],
    }),
  };
}

export const intakeRows = intakeRowsOf('intakes', null);

/** A statistic of intakes counted through `rows`: from the rollup by month and year, once it is filled. */
export function intakeSource(
  rows: CaseRows,
  a: { statistic: string; field: string; own?: { dimension: Dimension; categories: readonly string[] } },
): StatisticSource & { rows: CaseRows } {
  return {
    rows,
    statistic: a.statistic,
    field: a.field,
    dimensions: a.own ? [...SHARED, a.own.dimension] : SHARED,
    categories: (d) => (d === a.own?.dimension ? a.own.categories : (SHARED_CATEGORIES[d] ?? [])),
    places: (ctx) => centerPlaces(ctx),
    facts: (ctx: HubContext, plan: Plan): Promise<Fact[]> =>
      statisticFacts(ctx.em, `"${ctx.em.config.get('schema')}"`, rows, plan, new Date()),
  };
}

export const intakeStatistics = intakeSource(intakeRows, { statistic: 'intakes', field: 'intakeStatistics' });

/** Every center, where it is: the geography of the center's statistics. */
export async function centerPlaces(ctx: HubContext): Promise<Place[]> {
  const s = `"${ctx.em.config.get('schema')}"`;
  const rows: { code: string; district: string; province: string }[] = await ctx.em.execute(
    `select code, district, province from ${s}.center order by code`,
  );
  return rows.map((r) => ({ center: r.code, district: r.district, province: r.province }));
}
