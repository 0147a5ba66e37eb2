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
  events: (s) => ({
    sql: `select i.case_id, p.at,
            case when d <= 30 then '0-30 DAYS' when d <= 90 then '31-90 DAYS' when d <= 180 then '91-180 DAYS'
                 when d <= 365 then '181-365 DAYS' else 'OVER 365 DAYS' end as own
          from ${s}.investigation i
          join lateral (select min(x.at) as at from ${s}.investigation_transition x
                         where x.investigation_id = i.id and x.to_status = 'REFERRED_TO_PROSECUTION') p on p.at is not null
          cross join lateral (select floor(extract(epoch from (p.at - i.received_at)) / 86400) as d) days`,
    params: [],
  }),
});
