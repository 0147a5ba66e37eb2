import { describe, expect, it } from 'vitest';
import { IncidentType } from '../../../services/center/types/incident-type.js';
import { Sex } from '../../../services/shared/enums.js';
import { SHARED_CATEGORIES } from '../../../services/shared/statistics/categories.js';

// The statistics' categories are the center's own values: a new incident type or sex must show up in every table.

describe('the categories every statistic shares', () => {
  it('are the center’s incident types and sexes, in their order', () => {
    expect(SHARED_CATEGORIES.INCIDENT_TYPE).toEqual(Object.values(IncidentType));
    expect(SHARED_CATEGORIES.SEX).toEqual(Object.values(Sex));
  });
});
