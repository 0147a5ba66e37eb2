import { agencySource } from '../../shared/statistics/agency-source.js';
import { CLOCKS } from '../policies/clinical-clocks.js';
import { type ClinicalClock, ClockStatus } from '../types/clinical-clock.js';
import type { TreatmentKind } from '../types/treatment-kind.js';

// Health's statistics: for each survivor referred to health, one clinical clock's status, or whether one treatment
// was received; both placed in the period of the incident (the clocks run from it), one row per survivor.

/**
 * The cases referred to health, each with the incident time the center sent: each case's first referral (the earliest
 * incident time, the referral's id breaking a tie). Written as a filter, not as a grouping by case, so that the
 * period and the cases a question or a refresh asks for narrow it through its indexes: grouped, every referral was
 * read first, and refreshing one month's clocks at two million cases took 16 s.
 */
const referred = (s: string) =>
  `(select k.case_id, k.incident_at from ${s}.known_referral k
     where not exists (select 1 from ${s}.known_referral o
                        where o.case_id = k.case_id and (o.incident_at, o.referral_id) < (k.incident_at, k.referral_id)))`;

/**
 * The status of `clock` for each case, as readClocks decides it: the first matching treatment given at or after the
 * incident says MET (by the deadline) or MISSED; else a clinician's record says NOT_APPLICABLE; else the time says
 * DUE until the deadline and MISSED after it. test/services/health/statistics.test.ts holds the two to agreement.
 */
export const clockStatistics = (clock: ClinicalClock) => {
  const { kind, windowMs } = CLOCKS.find((c) => c.clock === clock)!;
  return agencySource({
    statistic: `cases by ${clock} clock status`,
    field: 'clockStatistics',
    own: { dimension: 'CLOCK_STATUS', categories: Object.values(ClockStatus) },
    events: (s, now) => ({
      sql: `select r.case_id, r.incident_at as at,
              case when t.first is not null then
                     case when t.first <= r.incident_at + make_interval(secs => ?) then 'MET' else 'MISSED' end
                   when exists (select 1 from ${s}.clock_not_applicable n where n.case_id = r.case_id and n.clock = ?)
                     then 'NOT_APPLICABLE'
                   when ?::timestamptz <= r.incident_at + make_interval(secs => ?) then 'DUE'
                   else 'MISSED' end as own
            from ${referred(s)} r
            left join lateral (select min(t.given_at) as first from ${s}.treatment t
              where t.case_id = r.case_id and t.kind = ? and t.given_at >= r.incident_at) t on true`,
      params: [windowMs / 1000, clock, now, windowMs / 1000, kind],
    }),
    // A DUE clock becomes MISSED at its deadline.
    changedBetween: (s, after, upTo) => ({
      sql: `select case_id from ${s}.known_referral where incident_at between ? and ?`,
      params: [new Date(after.getTime() - windowMs), new Date(upTo.getTime() - windowMs)],
    }),
  });
};

/** Whether each case referred to health received `kind` (at any time). */
export const treatmentStatistics = (kind: TreatmentKind) =>
  agencySource({
    statistic: `cases by ${kind} received`,
    field: 'treatmentStatistics',
    own: { dimension: 'TREATMENT', categories: ['RECEIVED', 'NOT_RECEIVED'] },
    events: (s) => ({
      sql: `select r.case_id, r.incident_at as at,
              case when exists (select 1 from ${s}.treatment t where t.case_id = r.case_id and t.kind = ?)
                then 'RECEIVED' else 'NOT_RECEIVED' end as own
            from ${referred(s)} r`,
      params: [kind],
    }),
  });
