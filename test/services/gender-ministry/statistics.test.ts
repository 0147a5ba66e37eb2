import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { genderMinistry } from '../../../services/gender-ministry/index.js';
import { type Role, Roles } from '../../../services/shared/catalogue.js';
import { testDatabase } from '../../helpers/database.js';
import { errorsWithoutLocations, forbidden } from '../../helpers/errors.js';
import { asRole } from '../../helpers/principals.js';
import { cell, type Consent, TABLE_FIELDS, tellFacts } from '../../helpers/statistics.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { referredCase } from './fixtures.js';

// The gender ministry's statistics: follow-up plans by where they stand now (ACTIVE, OVERDUE with a visit past its
// date and not done, CLOSED), in the period they were made, counting only survivors whose consent to statistics
// holds now.

const FOLLOW_UPS = `query F($q: StatisticsQuery!) { followUpStatistics(query: $q) { ${TABLE_FIELDS} } }`;
const analyst = asRole('analyst');
const JUNE = { period: 'MONTH', from: '2025-06-01', to: '2025-06-30', rows: 'FOLLOW_UP_STATUS', columns: 'SEX' };

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(genderMinistry, await testDatabase()));
  const made = new Date('2025-06-10T08:00:00Z');
  const add = async (state: 'active' | 'overdue' | 'closed', sex: string, consent: Consent = 'given') => {
    const caseId = await referredCase(h, 'GASABO-1', 'ACCEPTED');
    await tellFacts(h, caseId, { consent, over: { sex } });
    const id = randomUUID();
    const c = h.orm.em.fork().getConnection();
    await c.execute(
      `insert into gender_ministry.follow_up_plan (id, created_at, case_id, district, risk_level, plan, recorded_by, closed_at, factors)
       values (?, ?, ?, 'Gasabo', 'HIGH', 'Fixture plan.', 'demo:social-worker', ?, '{LIVES_WITH_ABUSER}')`,
      [id, made, caseId, state === 'closed' ? new Date('2025-09-01T08:00:00Z') : null],
    );
    // An overdue plan has a visit a day past its date; an active one a visit a year ahead.
    const scheduledFor =
      state === 'overdue' ? new Date(Date.now() - 86_400_000) : new Date(Date.now() + 365 * 86_400_000);
    await c.execute(
      `insert into gender_ministry.visit (id, created_at, plan_id, scheduled_for, visitor_role, recorded_by)
       values (?, now(), ?, ?, 'SOCIAL_WORKER', 'demo:social-worker')`,
      [randomUUID(), id, scheduledFor],
    );
  };
  for (let i = 0; i < 6; i++) await add('active', 'FEMALE');
  for (let i = 0; i < 7; i++) await add('overdue', 'FEMALE');
  for (let i = 0; i < 2; i++) await add('overdue', 'MALE');
  for (let i = 0; i < 5; i++) await add('closed', 'FEMALE');
  await add('overdue', 'FEMALE', 'withdrawn');
});

describe('followUpStatistics', () => {
  it('counts plans by status and sex; the 2 men overdue hide with the smallest other cell of their row and column', async () => {
    const res = await h.run(analyst, FOLLOW_UPS, { q: JUNE });
    const t = (res.data as { followUpStatistics: Record<string, unknown> }).followUpStatistics;
    expect(t.rowLabels).toEqual(['ACTIVE', 'OVERDUE', 'CLOSED']);
    expect(t.columnLabels).toEqual(['FEMALE', 'MALE', 'INTERSEX', 'UNKNOWN']);
    // The rows of women alone hide a 0 beside their women: a man's 0, which nothing published gives back (the men's
    // total is hidden), never an INTERSEX or UNKNOWN 0, which their published totals of 0 would.
    expect((t.cells as ReturnType<typeof cell>[]).filter((c) => c.count !== 0)).toEqual([
      cell('ACTIVE', 'FEMALE', null),
      cell('ACTIVE', 'MALE', null),
      cell('OVERDUE', 'FEMALE', null),
      cell('OVERDUE', 'MALE', null),
      cell('CLOSED', 'FEMALE', null),
      cell('CLOSED', 'MALE', null),
    ]);
    expect(t.rowTotals).toEqual([cell('ACTIVE', null, 6), cell('OVERDUE', null, 9), cell('CLOSED', null, 5)]);
    // The 2 men are also the men's total: the women's total (18) hides with it, or 20 - 18 would give it back.
    expect(t.columnTotals).toEqual([
      cell(null, 'FEMALE', null),
      cell(null, 'MALE', null),
      cell(null, 'INTERSEX', 0),
      cell(null, 'UNKNOWN', 0),
    ]);
    expect(t.total).toEqual(cell(null, null, 20));
  });
});

describe('who may ask', () => {
  const without = (Object.keys(Roles) as Role[]).filter(
    (r) => !(Roles[r].scopes as readonly string[]).includes('stats:read'),
  );
  it.each(without)('refuses a %s (no stats:read) with FORBIDDEN MISSING_SCOPE', async (role) => {
    expect(await h.run(asRole(role, { centers: ['GASABO-1'], district: 'Gasabo' }), FOLLOW_UPS, { q: JUNE })).toEqual({
      data: { followUpStatistics: null },
      errors: [forbidden('MISSING_SCOPE', ['followUpStatistics'])],
    });
  });
});
