import type { HubContext } from '../context.js';
import { provinceOf } from '../districts.js';
import type { StatisticSource } from './answer.js';
import { type Fact, factGranularity } from './lattice.js';
import { SHARED_CATEGORIES } from './categories.js';
import type { Dimension, Place, Plan } from './request.js';

// An agency's statistic, in one shape for the three agencies: its own events (one row per case, so that every count
// is of people and every total the sum of its parts), joined to the facts the center told it of each case
// (case_statistics), counted only while the survivor's consent to statistics holds.

const FACT_SQL: Partial<Record<Dimension, string>> = {
  INCIDENT_TYPE: 'f.incident_type',
  AGE_BAND: 'f.age_band',
  SEX: 'f.sex',
  NATIONALITY_GROUP: 'f.nationality_group',
};

const PLACES = ['PERIOD', 'PROVINCE', 'DISTRICT', 'CENTER'] as const;
const BUCKET_FORMAT = { DAY: 'YYYY-MM-DD', MONTH: 'YYYY-MM', YEAR: 'YYYY' } as const;

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
}

export function agencySource(a: AgencyStatistic): StatisticSource {
  return {
    statistic: a.statistic,
    field: a.field,
    dimensions: [...PLACES, ...(Object.keys(FACT_SQL) as Dimension[]), a.own.dimension],
    categories: (d) => (d === a.own.dimension ? a.own.categories : (SHARED_CATEGORIES[d] ?? [])),
    places: agencyPlaces,
    async facts(ctx: HubContext, plan: Plan): Promise<Fact[]> {
      const s = `"${ctx.em.config.get('schema')}"`;
      const now = new Date();
      const events = a.events(s, now);
      const grain = factGranularity(plan.request.period) as keyof typeof BUCKET_FORMAT;
      const by = plan.breakdowns.map((d, i) => `${d === a.own.dimension ? 'e.own' : FACT_SQL[d]!} as by${i}`);
      const center = plan.geoDepth > 0 ? 'f.center_code' : 'null::text';
      const rows: Record<string, string | number | null>[] = await ctx.em.execute(
        `select to_char((e.at at time zone 'UTC') + interval '2 hours', '${BUCKET_FORMAT[grain]}') as bucket,
                ${center} as center${by.map((b) => `, ${b}`).join('')}, count(*)::int as n
           from (${events.sql}) e
           join ${s}.case_statistics f on f.case_id = e.case_id
          where e.at >= ?::timestamptz and e.at < ?::timestamptz
            and f.consent_from <= ? and (f.consent_until is null or f.consent_until > ?)
            and (f.consent_withdrawn_at is null or f.consent_withdrawn_at > ?)
          group by ${[1, 2, ...plan.breakdowns.map((_, i) => i + 3)].join(', ')}`,
        [
          ...events.params,
          `${plan.firstYear}-01-01T00:00:00+02:00`,
          `${plan.lastYear + 1}-01-01T00:00:00+02:00`,
          now,
          now,
          now,
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

/** The centers an agency has heard of, where they are: the geography of its statistics. */
async function agencyPlaces(ctx: HubContext): Promise<Place[]> {
  const rows: { center_code: string; district: string }[] = await ctx.em.execute(
    `select distinct center_code, district from "${ctx.em.config.get('schema')}".case_statistics order by center_code`,
  );
  return rows.flatMap((r) => {
    const province = provinceOf(r.district);
    return province ? [{ center: r.center_code, district: r.district, province }] : [];
  });
}
