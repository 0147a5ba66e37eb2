import { centerSource } from './intake-statistics.read.js';

// Safe Room admissions for the analysts. Occupancy at an instant is not a sum (the beds taken on Monday and on
// Tuesday are mostly the same survivors), so what is counted is admissions: each case once, in the Kigali day of its
// first stay, at the center of that stay, by how long that stay lasted. A survivor admitted again under the same case
// is not counted again: every figure stays a count of cases (people), as disclosure control assumes. Counting stays
// would let one survivor admitted five times in a month make a count of 5 that the threshold would publish. A
// survivor with two cases, each with a stay, counts twice, as they do in the intakes.

/** Nights of the first stay (Kigali dates from admission to discharge: a stay within one day is 0), in bands. */
export const LENGTH_OF_STAY = [
  '0-1 NIGHTS',
  '2-3 NIGHTS',
  '4-7 NIGHTS',
  '8-14 NIGHTS',
  'OVER 14 NIGHTS',
  'STILL STAYING',
] as const;

const kigaliDay = (column: string) => `((${column} at time zone 'UTC') + interval '2 hours')::date`;

export const safeRoomStatistics = centerSource({
  statistic: 'Safe Room admissions by length of stay',
  field: 'safeRoomStatistics',
  own: { dimension: 'LENGTH_OF_STAY', categories: LENGTH_OF_STAY },
  events: (s) => ({
    // The first stay of each case: none of its stays began before it. An anti-join, rather than sorting every stay
    // ever made by case for each question (which spilled to disk on 238,000 stays). Both read every stay: there is no
    // index on admitted_at.
    join: `join ${s}.safe_room_stay st on st.case_id = c.id and not exists (select 1 from ${s}.safe_room_stay x
             where x.case_id = st.case_id and (x.admitted_at < st.admitted_at or (x.admitted_at = st.admitted_at and x.id < st.id)))
           cross join lateral (select case when st.discharged_at is null then 'STILL STAYING'
                  when n <= 1 then '0-1 NIGHTS' when n <= 3 then '2-3 NIGHTS' when n <= 7 then '4-7 NIGHTS'
                  when n <= 14 then '8-14 NIGHTS' else 'OVER 14 NIGHTS' end as own
             from (select ${kigaliDay('st.discharged_at')} - ${kigaliDay('st.admitted_at')} as n) nights) e`,
    params: [],
    at: 'st.admitted_at',
    center: 'st.center_id',
  }),
});
