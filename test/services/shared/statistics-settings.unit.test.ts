import { describe, expect, it } from 'vitest';
import { readSubgraphSettings, statisticsLimitsOf } from '../../../services/hub/settings.js';
import type { SubgraphDescriptor } from '../../../services/shared/descriptor.js';
import { SettingsError } from '../../../services/shared/settings.js';
import {
  configureStatisticsLimits,
  DEFAULT_STATISTICS_LIMITS,
  statisticsLimits,
} from '../../../services/shared/statistics/limits.js';

// The statistics limits as a subgraph reads them at start: each in its range, and together with the database's
// settings; every problem listed at once, and the subgraph does not start (services/hub/subgraph.ts exits 78).

const d = { name: 'police', port: 4003 } as SubgraphDescriptor;
const base = { DATABASE_URL: 'postgres://h/db', GATEWAY_PUBLIC_KEY_FILE: 'k.pem' };

describe('statistics limits at start', () => {
  it('defaults: one question at a time, one per caller, six of a caller waiting, 2 s of waiting, 5 s per step', () => {
    expect(statisticsLimitsOf(readSubgraphSettings(d, base))).toEqual({
      concurrency: 1,
      perCaller: 1,
      queue: 16,
      queuePerCaller: 6,
      waitMs: 2_000,
      timeoutMs: 5_000,
    });
  });

  it('refuses each setting out of its range, all at once', () => {
    expect(() =>
      readSubgraphSettings(d, {
        ...base,
        STATISTICS_CONCURRENCY: '0',
        STATISTICS_PER_CALLER: 'one',
        STATISTICS_QUEUE: '-1',
        STATISTICS_QUEUE_PER_CALLER: '101',
        STATISTICS_WAIT_MS: '30001',
        STATISTICS_TIMEOUT_MS: '99',
      }),
    ).toThrow(
      new SettingsError([
        'STATISTICS_CONCURRENCY="0": must be between 1 and 16',
        'STATISTICS_PER_CALLER="one": must be a whole number',
        'STATISTICS_QUEUE="-1": must be between 0 and 1000',
        'STATISTICS_QUEUE_PER_CALLER="101": must be between 0 and 100',
        'STATISTICS_WAIT_MS="30001": must be between 0 and 30000',
        'STATISTICS_TIMEOUT_MS="99": must be between 100 and 60000',
      ]),
    );
  });

  it('refuses limits that do not fit together or with the database: statistics must leave connections to case work', () => {
    expect(() =>
      readSubgraphSettings(d, {
        ...base,
        DB_POOL_MAX: '4',
        DB_STATEMENT_TIMEOUT_MS: '3000',
        STATISTICS_CONCURRENCY: '4',
        STATISTICS_PER_CALLER: '5',
        STATISTICS_QUEUE: '2',
        STATISTICS_QUEUE_PER_CALLER: '3',
        STATISTICS_TIMEOUT_MS: '4000',
      }),
    ).toThrow(
      new SettingsError([
        'STATISTICS_PER_CALLER (5) must not exceed STATISTICS_CONCURRENCY (4)',
        'STATISTICS_QUEUE_PER_CALLER (3) must not exceed STATISTICS_QUEUE (2)',
        'STATISTICS_CONCURRENCY (4) must be less than DB_POOL_MAX (4): statistics must leave connections to case work',
        'STATISTICS_TIMEOUT_MS (4000) must not exceed DB_STATEMENT_TIMEOUT_MS (3000)',
      ]),
    );
  });

  it('configureStatisticsLimits refuses what the settings would, and keeps the limits it had', () => {
    expect(() => configureStatisticsLimits({ ...DEFAULT_STATISTICS_LIMITS, perCaller: 2, concurrency: 1 })).toThrow(
      'statistics limits: STATISTICS_PER_CALLER (2) must not exceed STATISTICS_CONCURRENCY (1)',
    );
    expect(statisticsLimits()).toEqual(DEFAULT_STATISTICS_LIMITS);
  });
});
