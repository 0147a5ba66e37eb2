import { agencySource } from '../../shared/statistics/agency-source.js';

// The gender ministry's statistics: each survivor's follow-up plan (one per case) by where it stands now, in the
// period the plan was made. OVERDUE: running, with a visit past its date and not done.

export const followUpStatistics = agencySource({
  statistic: 'follow-up plans by status',
  field: 'followUpStatistics',
  own: { dimension: 'FOLLOW_UP_STATUS', categories: ['ACTIVE', 'OVERDUE', 'CLOSED'] },
  events: (s, now) => ({
    sql: `select p.case_id, p.created_at as at,
            case when p.closed_at is not null then 'CLOSED'
                 when exists (select 1 from ${s}.visit v where v.plan_id = p.id and v.done_at is null
                                and v.scheduled_for < ?::timestamptz) then 'OVERDUE'
                 else 'ACTIVE' end as own
          from ${s}.follow_up_plan p`,
    params: [now],
  }),
  // An ACTIVE plan becomes OVERDUE when a visit's date passes.
  changedBetween: (s, after, upTo) => ({
    sql: `select p.case_id from ${s}.visit v join ${s}.follow_up_plan p on p.id = v.plan_id
           where v.scheduled_for between ? and ?`,
    params: [after, upTo],
  }),
});
