import type { Need } from '../types/case-enums.js';
import { centerSource } from './intake-statistics.read.js';

// Intakes by one need. A case has several needs, so a table with a column per need would count a case in several
// cells and its total would not be the number of cases. Instead the question names one need, as health's
// treatmentStatistics names one treatment, and each intake falls in exactly one cell: NEEDED or NOT_NEEDED, as the
// needs were assessed at intake (nothing changes them afterwards).

export const NEED_STATUS = ['NEEDED', 'NOT_NEEDED'] as const;

export const needStatistics = (need: Need) =>
  centerSource({
    statistic: `intakes by ${need} need`,
    field: 'needStatistics',
    own: { dimension: 'NEED_STATUS', categories: NEED_STATUS },
    events: () => ({
      join: `cross join lateral (select case when ? = any(c.needs) then 'NEEDED' else 'NOT_NEEDED' end as own) e`,
      params: [need],
      at: 'c.opened_at',
      center: 'c.center_id',
    }),
  });
