import { describe, expect, it } from 'vitest';
import { dashboardQueries } from './dashboard-queries.js';

// The bench's statistics questions take their periods in Kigali time (UTC+2), as the /dashboard page does: late on
// the last evening of a month in UTC it is already the next month, or the next year, in Kigali.

const variables = (now: Date) => dashboardQueries(now).map((d) => [d.name, d.variables.q]);

describe('the whole-hub table asks its statistics for Kigali periods', () => {
  it('on 30 November 2026 at 12:00 UTC: this month and this year', () => {
    expect(variables(new Date('2026-11-30T12:00:00Z'))).toEqual([
      [
        'stats: 5 y monthly x incident type',
        { period: 'MONTH', from: '2021-12-01', to: '2026-11-30', rows: 'PERIOD', columns: 'INCIDENT_TYPE' },
      ],
      [
        'stats: Gasabo, center x age band',
        {
          period: 'YEAR',
          from: '2026-01-01',
          to: '2026-12-31',
          district: 'Gasabo',
          rows: 'CENTER',
          columns: 'AGE_BAND',
        },
      ],
      [
        'stats: PEP 72 h by province',
        { period: 'YEAR', from: '2026-01-01', to: '2026-12-31', rows: 'PROVINCE', columns: 'CLOCK_STATUS' },
      ],
      ['dashboard: intakes over 24 months', { period: 'MONTH', from: '2024-12-01', to: '2026-11-30', rows: 'PERIOD' }],
      ['dashboard: intakes by district', { period: 'YEAR', from: '2026-01-01', to: '2026-12-31', rows: 'DISTRICT' }],
      [
        'dashboard: HIV PEP, 12 months',
        { period: 'MONTH', from: '2025-12-01', to: '2026-11-30', rows: 'PERIOD', columns: 'CLOCK_STATUS' },
      ],
      [
        'dashboard: follow-ups by status',
        { period: 'YEAR', from: '2026-01-01', to: '2026-12-31', rows: 'FOLLOW_UP_STATUS' },
      ],
    ]);
  });

  it('on 31 December 2026 at 23:00 UTC, already 2027 in Kigali: the new year and its first month', () => {
    const q = Object.fromEntries(variables(new Date('2026-12-31T23:00:00Z')));
    expect(q['stats: 5 y monthly x incident type']).toMatchObject({ from: '2022-02-01', to: '2027-01-31' });
    expect(q['dashboard: intakes by district']).toMatchObject({ from: '2027-01-01', to: '2027-12-31' });
    expect(q['dashboard: HIV PEP, 12 months']).toMatchObject({ from: '2026-02-01', to: '2027-01-31' });
  });

  it('every question asks one statistic for the whole table, csv included, as the page does', () => {
    for (const d of dashboardQueries(new Date('2026-11-30T12:00:00Z'))) {
      expect(d.query).toMatch(
        /^query \w+\(\$q: StatisticsQuery!\) \{ table: \w+Statistics\((clock: HIV_PEP, )?query: \$q\) \{ \.\.\.Table \} \}\n/,
      );
      expect(d.query).toContain('cells { row column count suppressed }');
      expect(d.query).toContain('csv');
    }
  });
});
