import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { police } from '../../../services/police/index.js';
import { type Role, Roles } from '../../../services/shared/catalogue.js';
import { testDatabase } from '../../helpers/database.js';
import { errorsWithoutLocations, forbidden } from '../../helpers/errors.js';
import { asRole } from '../../helpers/principals.js';
import { cell, type Consent, TABLE_FIELDS, tellFacts } from '../../helpers/statistics.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { referredCase } from './fixtures.js';

// The police's statistics: investigations by status in the period their complaint was received, and those referred
// to prosecution by the days it took (bands cut at whole days: 30 days 23 h 59 min is still 0-30), counting only
// survivors whose consent to statistics holds now.

const INVESTIGATIONS = `query I($q: StatisticsQuery!) { investigationStatistics(query: $q) { ${TABLE_FIELDS} } }`;
const PROSECUTION = `query P($q: StatisticsQuery!) { prosecutionStatistics(query: $q) { ${TABLE_FIELDS} } }`;
const analyst = asRole('ministry-system');
const YEAR = { period: 'YEAR', from: '2023-01-01', to: '2023-12-31' };
const DAY = 24 * 3_600_000;

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(police, await testDatabase()));
  const received = new Date('2023-02-01T08:00:00Z');
  const add = async (status: string, prosecutedAfterMs: number | null, consent: Consent = 'given') => {
    const caseId = await referredCase(h, 'HUYE-1', 'ACCEPTED');
    await tellFacts(h, caseId, { centerCode: 'HUYE-1', consent });
    const id = randomUUID();
    const c = h.orm.em.fork().getConnection();
    await c.execute(
      `insert into police.investigation (id, created_at, case_id, center_code, complaint_number, status, received_at, recorded_by)
       values (?, now(), ?, 'HUYE-1', ?, ?, ?, 'demo:investigator')`,
      [id, caseId, `RIB/2023/${id.slice(0, 8)}`, status, received],
    );
    if (prosecutedAfterMs !== null)
      await c.execute(
        `insert into police.investigation_transition (id, created_at, investigation_id, from_status, to_status, reason, at, by)
         values (?, now(), ?, 'UNDER_INVESTIGATION', 'REFERRED_TO_PROSECUTION', 'Fixture: file complete.', ?, 'demo:investigator')`,
        [randomUUID(), id, new Date(received.getTime() + prosecutedAfterMs)],
      );
  };
  for (let i = 0; i < 5; i++) await add('UNDER_INVESTIGATION', null);
  for (let i = 0; i < 5; i++) await add('REFERRED_TO_PROSECUTION', 31 * DAY - 60_000); // 30 days 23 h 59 min
  for (let i = 0; i < 5; i++) await add('REFERRED_TO_PROSECUTION', 31 * DAY); // 31 days 0 min
  await add('CLOSED', null);
  for (const consent of ['none', 'withdrawn', 'expired'] as const) await add('UNDER_INVESTIGATION', null, consent);
});

describe('investigationStatistics', () => {
  it('counts each consented investigation once by status; the lone CLOSED hides with the smallest other', async () => {
    const res = await h.run(analyst, INVESTIGATIONS, { q: { ...YEAR, rows: 'INVESTIGATION_STATUS' } });
    const t = (res.data as { investigationStatistics: Record<string, unknown> }).investigationStatistics;
    expect([t.statistic, t.cells, t.total]).toEqual([
      'investigations by status',
      [
        cell('COMPLAINT_RECEIVED', null, 0),
        cell('UNDER_INVESTIGATION', null, null),
        cell('REFERRED_TO_PROSECUTION', null, 10),
        cell('CLOSED', null, null),
      ],
      cell(null, null, 16),
    ]);
  });
});

describe('prosecutionStatistics', () => {
  it('puts 30 days 23 h 59 min in 0-30 DAYS and 31 days in 31-90 DAYS, in the month of the referral', async () => {
    const res = await h.run(analyst, PROSECUTION, {
      q: { period: 'MONTH', from: '2023-03-01', to: '2023-03-31', rows: 'TIME_TO_PROSECUTION' },
    });
    const t = (res.data as { prosecutionStatistics: Record<string, unknown> }).prosecutionStatistics;
    expect([t.cells, t.total]).toEqual([
      [
        cell('0-30 DAYS', null, 5),
        cell('31-90 DAYS', null, 5),
        cell('91-180 DAYS', null, 0),
        cell('181-365 DAYS', null, 0),
        cell('OVER 365 DAYS', null, 0),
      ],
      cell(null, null, 10),
    ]);
  });
});

describe('who may ask', () => {
  const without = (Object.keys(Roles) as Role[]).filter(
    (r) => !(Roles[r].scopes as readonly string[]).includes('stats:read'),
  );
  it.each(without)('refuses a %s (no stats:read) with FORBIDDEN MISSING_SCOPE', async (role) => {
    const p = asRole(role, { centers: ['HUYE-1'], district: 'Huye' });
    expect(await h.run(p, INVESTIGATIONS, { q: { ...YEAR, rows: 'SEX' } })).toEqual({
      data: { investigationStatistics: null },
      errors: [forbidden('MISSING_SCOPE', ['investigationStatistics'])],
    });
    expect(await h.run(p, PROSECUTION, { q: { ...YEAR, rows: 'SEX' } })).toEqual({
      data: { prosecutionStatistics: null },
      errors: [forbidden('MISSING_SCOPE', ['prosecutionStatistics'])],
    });
  });
});
