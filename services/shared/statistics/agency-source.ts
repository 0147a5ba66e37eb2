import type { HubContext } from '../context.js';
import { provinceOf } from '../districts.js';
import type { StatisticSource } from './answer.js';
import type { Fact } from './lattice.js';
import type { CaseRows, Sql } from './rollup.js';
import { statisticFacts } from './rollup-facts.js';
import { textArray } from '../sql.js';
import { SHARED_CATEGORIES } from './categories.js';
import type { Dimension, Place, Plan } from './request.js';

// An agency's statistic, in one shape for the three agencies: its own events (one row per case, so that every count
// is of people and every total the sum of its parts), joined to the facts the center told it of each case
// (case_statistics), counted only while the survivor's consent to statistics holds.

const SHARED = ['INCIDENT_TYPE', 'AGE_BAND', 'SEX', 'NATIONALITY_GROUP'] as const satisfies readonly Dimension[];
const PLACES = ['PERIOD', 'PROVINCE', 'DISTRICT', 'CENTER'] as const;

export interface AgencyStatistic {
  statistic: string;
  field: string;
  /** The agency's own breakdown: its name, its categories, and the column of the events that holds it. */
  own: { dimension: Dimension; categories: readonly string[] };
  /**
   * The events counted, as SQL over the agency's schema `s`: one row per case with columns case_id, at (the instant
   * that places it in a period) and own (its category). `?` parameters come from `params`.
   */
  events(s: string, now: Date): { sql: string; params: unknown[] };
  /**
   * The cases (column case_id) whose `own` may change by time alone between `after` and `upTo` (both included): a
   * clock reaching its deadline, a visit falling overdue. Absent: `own` does not depend on the time.
   */
  changedBetween?(s: string, after: Date, upTo: Date): Sql;
}

/** The statistic's cases: its events, joined to what the center told of each, while the consent holds. */
export function agencyRows(a: AgencyStatistic): CaseRows {
  return {
    key: a.statistic,
    own: a.own.dimension,
    counted(s, now, from, to, centers) {
      const events = a.events(s, now);
      return {
        sql: `select e.case_id, e.at, f.center_code as center, f.incident_type, f.age_band, f.sex,
                     f.nationality_group, e.own
                from (${events.sql}) e
                join ${s}.case_statistics f on f.case_id = e.case_id
               where e.at >= ?::timestamptz and e.at < ?::timestamptz
                 ${centers === null ? '' : 'and f.center_code = any(?::text[])'}
                 and f.consent_from <= ? and (f.consent_until is null or f.consent_until > ?)
                 and (f.consent_withdrawn_at is null or f.consent_withdrawn_at > ?)`,
        params: [...events.params, from, to, ...(centers === null ? [] : [textArray(centers)]), now, now, now],
      };
    },
    placed(s, now, cases) {
      const events = a.events(s, now);
      return {
        sql: `select e.at, f.center_code as center
                from (${events.sql}) e join ${s}.case_statistics f on f.case_id = e.case_id
               where e.case_id = any(?::uuid[])`,
        params: [...events.params, textArray(cases)],
      };
    },
    changedBetween(s, after, upTo) {
      const own = a.changedBetween?.(s, after, upTo);
      return {
        sql: `select f.case_id from ${s}.case_statistics f
               where f.consent_from between ? and ? or f.consent_until between ? and ?
                  or f.consent_withdrawn_at between ? and ?${own ? ` union ${own.sql}` : ''}`,
        params: [after, upTo, after, upTo, after, upTo, ...(own?.params ?? [])],
      };
    },
  };
}

export function agencySource(a: AgencyStatistic): StatisticSource & { rows: CaseRows } {
  const rows = agencyRows(a);
  return {
    statistic: a.statistic,
    field: a.field,
    dimensions: [...PLACES, ...SHARED, a.own.dimension],
    categories: (d) => (d === a.own.dimension ? a.own.categories : (SHARED_CATEGORIES[d] ?? [])),
    places: agencyPlaces,
    rows,
    facts: (ctx: HubContext, plan: Plan): Promise<Fact[]> =>
      statisticFacts(ctx.em, `"${ctx.em.config.get('schema')}"`, rows, plan, new Date()),
  };
}

/**
 * The centers an agency has heard of, where they are: the geography of its statistics. Read as a loose index scan
 * (the next (center, district) after the last, one probe of case_statistics_center_code_district_index each), not
 * a scan of every case's facts: a few dozen probes instead of millions of rows.
 */
async function agencyPlaces(ctx: HubContext): Promise<Place[]> {
  const s = `"${ctx.em.config.get('schema')}"`;
  const rows: { center_code: string; district: string }[] = await ctx.em.execute(
    `with recursive t (center_code, district) as (
       (select center_code, district from ${s}.case_statistics order by center_code, district limit 1)
       union all
       select n.center_code, n.district from t
         cross join lateral (select x.center_code, x.district from ${s}.case_statistics x
                              where (x.center_code, x.district) > (t.center_code, t.district)
                              order by x.center_code, x.district limit 1) n)
     select center_code, district from t order by center_code, district`,
  );
  return rows.flatMap((r) => {
    const province = provinceOf(r.district);
    return province ? [{ center: r.center_code, district: r.district, province }] : [];
  });
}
