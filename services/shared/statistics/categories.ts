import type { Dimension } from './request.js';

// The categories of the breakdowns every subgraph's statistics share, from the facts the center keeps of a case. The
// center's own enums say the same (test/services/shared/statistics-categories.unit.test.ts holds them together).

/** Categories in the order tables show them. */
export const SHARED_CATEGORIES: Partial<Record<Dimension, readonly string[]>> = {
  INCIDENT_TYPE: [
    'RAPE',
    'SEXUAL_ASSAULT',
    'PHYSICAL_ASSAULT',
    'FORCED_MARRIAGE',
    'DENIAL_OF_RESOURCES',
    'PSYCHOLOGICAL_ABUSE',
    'NON_GBV',
  ],
  AGE_BAND: ['0-4', '5-11', '12-17', '18-24', '25-59', '60+', 'UNKNOWN'],
  SEX: ['FEMALE', 'MALE', 'INTERSEX', 'UNKNOWN'],
  NATIONALITY_GROUP: ['RWANDAN', 'OTHER', 'UNKNOWN'],
};
