import type { CaseRows } from '../../shared/statistics/rollup.js';
import type { Need } from '../types/case-enums.js';
import { intakeRowsOf, intakeSource } from './intake-statistics.read.js';

// Intakes by one need. A case has several needs, so a table with a column per need would count a case in several
// cells and its total would not be the number of cases. Instead the question names one need, as health's
// treatmentStatistics names one treatment, and each intake falls in exactly one cell: NEEDED or NOT_NEEDED, as the
// needs were assessed at intake (nothing changes them afterwards).

export const NEED_STATUS = ['NEEDED', 'NOT_NEEDED'] as const;

/** The intakes by one need, as the rollup keeps them. */
export const needRows = (need: Need): CaseRows =>
  intakeRowsOf(`intakes by ${need} need`, {
    dimension: 'NEED_STATUS',
    sql: `case when ?::text = any(c.needs) then 'NEEDED' else 'NOT_NEEDED' end`,
    params: [need],
  });

export const needStatistics = (need: Need) =>
  intakeSource(needRows(need), {
    statistic: `intakes by ${need} need`,
    field: 'needStatistics',
    own: { dimension: 'NEED_STATUS', categories: NEED_STATUS },
  });
