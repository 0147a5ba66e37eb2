import type { HubContext } from '../../shared/context.js';
import { CONSENT_WINDOW, inForceSql } from '../../shared/sharing/in-force.js';
import type { StatisticSource } from '../../shared/statistics/answer.js';
import type { Fact } from '../../shared/statistics/lattice.js';
import type { CaseRows } from '../../shared/statistics/rollup.js';
import { statisticFacts } from '../../shared/statistics/rollup-facts.js';
import { textArray } from '../../shared/sql.js';
import type { Dimension, Place, Plan } from '../../shared/statistics/request.js';
import { SHARED_CATEGORIES } from '../../shared/statistics/categories.js';
import { ConsentScope } from '../types/case-enums.js';

// Intakes for the analysts: cases by the day they were opened (Kigali), counted once each, and only those whose
// survivor's consent to statistics is in force now. A withdrawal takes the case out of every figure at the next
// question; the lattice then decides again what may be shown.

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

/**
 * The intakes counted at `now`: one row per case opened in [from, to) whose survivor's consent to statistics is in
 * force, with its center and breakdowns. Read live (days, weeks) and to fill the rollup (months, years): one SQL.
 */
export const intakeRows: CaseRows = {
  key: 'intakes',
  own: null,
  counted(s, now, from, to, centers) {
    const consent = inForceSql(CONSENT_WINDOW, 'k', now);
    return {
      sql: `select c.id as case_id, c.opened_at as at, ctr.code as center,
                   ${DIMENSION_SQL.INCIDENT_TYPE} as incident_type, ${DIMENSION_SQL.AGE_BAND} as age_band,
                   ${DIMENSION_SQL.SEX} as sex, ${DIMENSION_SQL.NATIONALITY_GROUP} as nationality_group
              from ${s}.survivor_case c
              join ${s}.center ctr on ctr.id = c.center_id
              join ${s}.survivor s on s.id = c.survivor_id
             where c.opened_at >= ?::timestamptz and c.opened_at < ?::timestamptz
               ${centers === null ? '' : 'and ctr.code = any(?::text[])'}
               and exists (select 1 from ${s}.consent k where k.case_id = c.id and k.scope = ? and ${consent.sql})`,
      params: [from, to, ...(centers === null ? [] : [textArray(centers)]), ConsentScope.STATISTICS, ...consent.params],
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

export const intakeStatistics: StatisticSource & { rows: CaseRows } = {
  rows: intakeRows,
  statistic: 'intakes',
  field: 'intakeStatistics',
  dimensions: ['PERIOD', 'PROVINCE', 'DISTRICT', 'CENTER', 'INCIDENT_TYPE', 'AGE_BAND', 'SEX', 'NATIONALITY_GROUP'],
  categories: (d) => SHARED_CATEGORIES[d] ?? [],
  places: (ctx) => centerPlaces(ctx),
  facts: (ctx: HubContext, plan: Plan): Promise<Fact[]> =>
    statisticFacts(ctx.em, `"${ctx.em.config.get('schema')}"`, intakeRows, plan, new Date()),
};

/** Every center, where it is: the geography of the center's statistics. */
export async function centerPlaces(ctx: HubContext): Promise<Place[]> {
  const s = `"${ctx.em.config.get('schema')}"`;
  const rows: { code: string; district: string; province: string }[] = await ctx.em
    .getConnection()
    .execute(`select code, district, province from ${s}.center order by code`);
  return rows.map((r) => ({ center: r.code, district: r.district, province: r.province }));
}
