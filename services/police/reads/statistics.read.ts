import { agencySource } from '../../shared/statistics/agency-source.js';
import { InvestigationStatus } from '../types/police-enums.js';

// The police's statistics: each survivor's investigation (one per case) by where it stands, in the period its
// complaint was received; and the investigations referred to prosecution, by how long that took, in the period of
// the referral.

export const investigationStatistics = agencySource({
  statistic: 'investigations by status',
  field: 'investigationStatistics',
  own: { dimension: 'INVESTIGATION_STATUS', categories: Object.values(InvestigationStatus) },
  events: (s) => ({
    sql: `select i.case_id, i.received_at as at, i.status as own from ${s}.investigation i`,
    params: [],
  }),
});

/** Days from the complaint to its first referral to prosecution, in bands. */
export const PROSECUTION_BANDS = ['0-30 DAYS', '31-90 DAYS', '91-180 DAYS', '181-365 DAYS', 'OVER 365 DAYS'] as const;

export const prosecutionStatistics = agencySource({
  statistic: 'investigations referred to prosecution by days taken',
  field: 'prosecutionStatistics',
  own: { dimension: 'TIME_TO_PROSECUTION', categories: PROSECUTION_BANDS },
  // Each investigation's first move to prosecution (the earliest, its id breaking a tie), written as a filter on the
  // moves rather than a smallest move looked up for every investigation, so that a question's or a refresh's period
  // narrows it before anything else is read: looked up, one month's refresh at two million cases took 6.3 s.
  events: (s) => ({
    sql: `select i.case_id, p.at,
            case when d <= 30 then '0-30 DAYS' when d <= 90 then '31-90 DAYS' when d <= 180 then '91-180 DAYS'
                 when d <= 365 then '181-365 DAYS' else 'OVER 365 DAYS' end as own
          from ${s}.investigation_transition p
          join ${s}.investigation i on i.id = p.investigation_id
          cross join lateral (select floor(extract(epoch from (p.at - i.received_at)) / 86400) as d) days
          where p.to_status = 'REFERRED_TO_PROSECUTION'
            and not exists (select 1 from ${s}.investigation_transition o
                             where o.investigation_id = p.investigation_id and o.to_status = 'REFERRED_TO_PROSECUTION'
                               and (o.at, o.id) < (p.at, p.id))`,
    params: [],
  }),
});
