import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { center } from '../../../services/center/index.js';
import { withClient } from '../../../services/hub/databases.js';
import { parseSeedArgs } from '../../../services/hub/seed-args.js';
import { ROLLUPS, runOnClient } from '../../../services/hub/seed-rollup.js';
import { intakeRows } from '../../../services/center/reads/intake-statistics.read.js';
import { sweepRollups } from '../../../services/shared/statistics/rollup-facts.js';
import { seedGenerated } from '../../../services/hub/seed-run.js';
import type { Fact } from '../../../services/shared/statistics/lattice.js';
import type { Dimension, Plan } from '../../../services/shared/statistics/request.js';
import {
  type CaseRows,
  liveFacts,
  refreshRollup,
  rollupFacts,
  type Run,
} from '../../../services/shared/statistics/rollup.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, errorsWithoutLocations, forbidden } from '../../helpers/errors.js';
import { asRole } from '../../helpers/principals.js';
import { TABLE_FIELDS } from '../../helpers/statistics.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';

// The rollup answers exactly what the cases answer. For every statistic of every subgraph, every choice of at most
// two breakdowns, by month and by year, nationally and by center, the facts read from the rollup are the facts
// counted from the cases: after the seed generator filled it, after random writes (new cases, consents withdrawn
// or expiring, survivors corrected, treatments given, clocks' exemptions removed, referrals to prosecution, visits
// planned and done, plans closed), after the clock moves past deadlines and back, and with several analysts asking
// at once while cases are written.

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const SHARED: Dimension[] = ['INCIDENT_TYPE', 'AGE_BAND', 'SEX', 'NATIONALITY_GROUP'];

let url: string;

beforeAll(async () => {
  url = await testDatabase();
  await seedGenerated(url, {
    args: parseSeedArgs(
      ['--cases', '1200', '--batch-size', '400', '--seed', '5', '--until', '2026-06-01T00:00:00Z'],
      NOW,
    ),
    log: () => undefined,
    now: NOW,
  });
}, 120_000);

/**
 * The plan shapes to compare for a statistic: by month and center, every choice of at most two breakdowns (each
 * grouping set of the rollup, row for row); and the sums over centers and months (by year, nationally) for two.
 */
function plans(rows: CaseRows): Plan[] {
  const dims = [...SHARED, ...(rows.own ? [rows.own] : [])];
  const choices: Dimension[][] = [[]];
  dims.forEach((a, i) => {
    choices.push([a]);
    dims.slice(i + 1).forEach((b) => choices.push([a, b]));
  });
  const plan = (period: 'MONTH' | 'YEAR', geoDepth: number, breakdowns: Dimension[]): Plan => ({
    request: { period, from: '', to: '', rows: 'PERIOD', columns: null, province: null, district: null },
    buckets: [],
    firstYear: 2015,
    lastYear: 2027,
    geoDepth,
    breakdowns,
  });
  return [...choices.map((c) => plan('MONTH', 3, c)), plan('YEAR', 0, []), plan('YEAR', 0, dims.slice(-2))];
}

const sorted = (facts: Fact[]) =>
  facts.map((f) => `${f.bucket}|${f.center}|${f.by.join('|')}|${f.n}`).sort((a, b) => a.localeCompare(b));

async function inTransaction<T>(client: pg.ClientBase, fn: (run: Run) => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const out = await fn(runOnClient(client));
    await client.query('commit');
    return out;
  } catch (err) {
    await client.query('rollback');
    throw err;
  }
}

/** Refresh each statistic at `now`, then compare every plan shape with the live count; the differences, if any. */
async function differences(client: pg.ClientBase, now: Date): Promise<string[]> {
  const out: string[] = [];
  for (const { schema, rows } of ROLLUPS) {
    const s = `"${schema}"`;
    expect(await inTransaction(client, (run) => refreshRollup(run, s, rows, now))).toBe(true);
    const run = runOnClient(client);
    for (const plan of plans(rows)) {
      const grain = plan.request.period === 'YEAR' ? 'YEAR' : 'MONTH';
      const [rolled, live] = [await rollupFacts(run, s, rows, plan), await liveFacts(run, s, rows, plan, grain, now)];
      if (sorted(rolled).join('\n') !== sorted(live).join('\n'))
        out.push(`${rows.key} by ${grain}, depth ${plan.geoDepth}, ${plan.breakdowns.join(' x ') || 'total'}`);
    }
  }
  return out;
}

/** Random writes of every kind the statistics read, as `now`; `round` picks the rows. */
async function scramble(client: pg.ClientBase, now: Date, round: number): Promise<void> {
  const pick = (table: string, n: number, where = 'true', id = 'id') =>
    `(select ${id} from ${table} where ${where} order by md5(${id}::text || '${round}') limit ${n})`;
  const at = (ms: number) => new Date(now.getTime() + ms);
  const q = (sql: string, params: unknown[] = []) => client.query(sql, params);
  // New cases at the center, opened over the last year, with the consents of the case they copy.
  await q('begin');
  await q(
    `create temp table copied_cases on commit drop as
             select c.id as old_id, gen_random_uuid() as new_id,
                    $1::timestamptz - (abs(hashtext(c.id::text || '${round}')) % 400) * interval '1 day' as opened_at
               from center.survivor_case c where c.id in ${pick('center.survivor_case', 25)}`,
    [now],
  );
  await q(`insert into center.survivor_case (id, created_at, center_id, survivor_id, opened_at, incident_at, case_manager,
             incident_type, needs, case_number, status, narrative, opened_by)
           select x.new_id, x.opened_at, c.center_id, c.survivor_id, x.opened_at, x.opened_at - interval '5 hours',
                  c.case_manager, c.incident_type, c.needs, c.case_number || '-r${round}-' || left(x.new_id::text, 8),
                  c.status, c.narrative, c.opened_by
             from copied_cases x join center.survivor_case c on c.id = x.old_id`);
  await q(`insert into center.consent (id, created_at, case_id, given_at, expires_at, withdrawn_at, recorded_by, scope, given_by)
           select gen_random_uuid(), x.opened_at, x.new_id, x.opened_at, k.expires_at, k.withdrawn_at, k.recorded_by,
                  k.scope, k.given_by
             from copied_cases x join center.consent k on k.case_id = x.old_id`);
  await q('commit');
  // Consents to statistics withdrawn, expiring in two days, given only tomorrow.
  await q(
    `update center.consent set withdrawn_at = $1 where id in ${pick('center.consent', 8, `scope = 'STATISTICS' and withdrawn_at is null`)}`,
    [at(-3600_000)],
  );
  await q(
    `update center.consent set expires_at = $1 where id in ${pick('center.consent', 8, `scope = 'STATISTICS' and expires_at is null and withdrawn_at is null`)}`,
    [at(2 * DAY)],
  );
  await q(
    `update center.consent set given_at = $1 where id in ${pick('center.consent', 4, `scope = 'STATISTICS' and withdrawn_at is null`)}`,
    [at(DAY)],
  );
  // Survivors corrected: another sex, another date of birth (another age band), another nationality.
  await q(
    `update center.survivor set sex = case when sex = 'FEMALE' then 'MALE' else 'FEMALE' end where id in ${pick('center.survivor', 6)}`,
  );
  await q(
    `update center.survivor set date_of_birth = date_of_birth - 4000 where id in ${pick('center.survivor', 6, 'date_of_birth is not null')}`,
  );
  await q(
    `update center.survivor set nationality = case when nationality = 'RW' then 'UG' else 'RW' end where id in ${pick('center.survivor', 6)}`,
  );
  // Health: treatments given (within the clock and after it), exemptions removed, consent windows moved, and new
  // referrals whose HIV PEP clock runs out in a day.
  await q(
    `insert into health.treatment (id, created_at, case_id, encounter_id, center_code, kind, notes, recorded_by, given_at)
           select gen_random_uuid(), $1, case_id, null, center_code, k.kind, null, 'test', incident_at + k.after
             from health.known_referral r
             cross join (values ('HIV_PEP', interval '10 hours'), ('EMERGENCY_CONTRACEPTION', interval '200 hours')) k(kind, after)
            where referral_id in ${pick('health.known_referral', 10, 'true', 'referral_id')}`,
    [now],
  );
  await q(`delete from health.clock_not_applicable where id in ${pick('health.clock_not_applicable', 5)}`);
  for (const schema of ['health', 'police', 'gender_ministry']) {
    const cs = `${schema}.case_statistics`;
    await q(
      `update ${cs} set consent_withdrawn_at = $1 where case_id in ${pick(cs, 6, 'consent_withdrawn_at is null', 'case_id')}`,
      [at(-60_000)],
    );
    await q(`update ${cs} set consent_until = $1 where case_id in ${pick(cs, 6, 'consent_until is null', 'case_id')}`, [
      at(3 * DAY),
    ]);
    await q(`update ${cs} set sex = 'INTERSEX' where case_id in ${pick(cs, 3, 'true', 'case_id')}`);
  }
  await q('begin');
  await q(`create temp table copied_referrals on commit drop as
             select referral_id as old_id, gen_random_uuid() as referral_id, gen_random_uuid() as case_id
               from health.known_referral where referral_id in ${pick('health.known_referral', 6, 'true', 'referral_id')}`);
  await q(
    `insert into health.known_referral (referral_id, case_id, received_at, incident_at, version, center_code, district, status)
           select x.referral_id, x.case_id, $1, $1::timestamptz - interval '50 hours', r.version, r.center_code, r.district, r.status
             from copied_referrals x join health.known_referral r on r.referral_id = x.old_id`,
    [now],
  );
  await q(
    `insert into health.case_statistics (case_id, version, center_code, district, incident_type, age_band, sex,
             nationality_group, consent_from, consent_until, consent_withdrawn_at)
           select x.case_id, 1, r.center_code, r.district, 'RAPE', '18-24', 'FEMALE', 'RWANDAN', $1::timestamptz - interval '1 day', null, null
             from copied_referrals x join health.known_referral r on r.referral_id = x.old_id`,
    [now],
  );
  await q('commit');
  // Police: investigations move on, some referred to prosecution. A move is recorded when it is made (the hub takes no
  // time for it), so a first referral never moves earlier: the case stays in the month it was first counted in.
  await q(
    `update police.investigation set status = 'CLOSED' where id in ${pick('police.investigation', 5, `status <> 'CLOSED'`)}`,
  );
  await q(
    `insert into police.investigation_transition (id, investigation_id, created_at, at, by, from_status, to_status, reason)
           select gen_random_uuid(), id, $1, $1, 'test', status, 'REFERRED_TO_PROSECUTION', 'test'
             from police.investigation where id in ${pick('police.investigation', 5)}`,
    [now],
  );
  // Gender ministry: visits planned for the coming days, visits done, plans closed.
  await q(
    `insert into gender_ministry.visit (id, plan_id, created_at, scheduled_for, done_at, recorded_by, visitor_role, notes)
           select gen_random_uuid(), id, $1, $2, null, 'test', 'SOCIAL_WORKER', null
             from gender_ministry.follow_up_plan where id in ${pick('gender_ministry.follow_up_plan', 6, 'closed_at is null')}`,
    [now, at(2 * DAY)],
  );
  await q(
    `update gender_ministry.visit set done_at = scheduled_for where id in ${pick('gender_ministry.visit', 6, 'done_at is null')}`,
  );
  await q(
    `update gender_ministry.follow_up_plan set closed_at = $1 where id in ${pick('gender_ministry.follow_up_plan', 3, 'closed_at is null')}`,
    [now],
  );
}

describe('the statistics rollup', () => {
  it('answers what the cases answer after the seed, random writes, and the clock moving past deadlines and back', async () => {
    await withClient(url, async (client) => {
      // The seed filled every statistic: nothing is answered live for want of a rollup.
      const { rows } = await client.query<{ n: string }>(
        `select (select count(*) from center.statistics_rollup_state) + (select count(*) from health.statistics_rollup_state)
              + (select count(*) from police.statistics_rollup_state)
              + (select count(*) from gender_ministry.statistics_rollup_state) as n`,
      );
      expect(Number(rows[0]!.n)).toBe(ROLLUPS.length);
      expect(await differences(client, NOW)).toEqual([]);
      await scramble(client, NOW, 1);
      expect(await differences(client, NOW)).toEqual([]);
      // Three days on: DUE clocks missed, visits overdue, consents expired.
      expect(await differences(client, new Date(NOW.getTime() + 3 * DAY))).toEqual([]);
      await scramble(client, new Date(NOW.getTime() + 3 * DAY), 2);
      expect(await differences(client, new Date(NOW.getTime() + 40 * DAY))).toEqual([]);
      // And back: what the rollup saw later is undone.
      expect(await differences(client, new Date(NOW.getTime() + DAY))).toEqual([]);
    });
  }, 300_000);

  it('stays exact with several analysts asking at once while cases are written', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 6 });
    try {
      const now = new Date(NOW.getTime() + 5 * DAY);
      const intakes = ROLLUPS.find((r) => r.rows.key === 'intakes')!;
      const clock = ROLLUPS.find((r) => r.rows.key === 'cases by HIV_PEP clock status')!;
      const plan = plans(intakes.rows).find((p) => p.breakdowns.join() === 'INCIDENT_TYPE')!;
      let writing = true;
      const writer = (async () => {
        const client = await pool.connect();
        try {
          for (let round = 10; round < 16; round++) await scramble(client, now, round);
        } finally {
          writing = false;
          client.release();
        }
      })();
      const analyst = async () => {
        const client = await pool.connect();
        let asked = 0;
        try {
          do {
            for (const { schema, rows } of [intakes, clock]) {
              const facts = await inTransaction(client, async (run) =>
                (await refreshRollup(run, `"${schema}"`, rows, now))
                  ? rollupFacts(run, `"${schema}"`, rows, plan)
                  : null,
              );
              expect(facts).not.toBeNull();
              asked++;
            }
          } while (writing);
        } finally {
          client.release();
        }
        return asked;
      };
      const asked = await Promise.all([analyst(), analyst(), analyst(), analyst(), writer.then(() => 0)]);
      expect(asked.slice(0, 4).every((n) => n > 0)).toBe(true);
      const client = await pool.connect();
      try {
        expect(await differences(client, now)).toEqual([]);
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
  }, 300_000);
});

describe('intakeStatistics through the rollup', () => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = errorsWithoutLocations(await subgraphHarness(center, url));
  });

  it("the minute's sweep brings the rollup up to now with no question asked, and clears the cases it noted", async () => {
    await withClient(url, async (client) => {
      await scramble(client, NOW, 21);
      const noted = async () =>
        Number((await client.query<{ n: string }>('select count(*) as n from center.statistics_dirty')).rows[0]!.n);
      expect(await noted()).toBeGreaterThan(0);
      await sweepRollups(h.orm.em.fork(), '"center"', center.rollups!);
      expect(await noted()).toBe(0);
      // Read without refreshing: what the sweep left is what the cases say now.
      const run = runOnClient(client);
      for (const plan of plans(intakeRows))
        expect(sorted(await rollupFacts(run, '"center"', intakeRows, plan))).toEqual(
          sorted(
            await liveFacts(
              run,
              '"center"',
              intakeRows,
              plan,
              plan.request.period === 'YEAR' ? 'YEAR' : 'MONTH',
              new Date(),
            ),
          ),
        );
    });
  }, 120_000);

  const INTAKES = `query Intakes($q: StatisticsQuery!) { intakeStatistics(query: $q) { ${TABLE_FIELDS} } }`;
  const QUESTIONS = [
    { period: 'MONTH', from: '2021-06-01', to: '2026-05-31', rows: 'PERIOD', columns: 'INCIDENT_TYPE' },
    { period: 'YEAR', from: '2025-01-01', to: '2025-12-31', rows: 'CENTER', columns: 'AGE_BAND', district: 'Gasabo' },
    { period: 'MONTH', from: '2026-03-01', to: '2026-03-31', rows: 'PROVINCE', columns: 'SEX' },
  ];

  it('gives the whole answer the live count gives, and the analyst alone: a reception officer is refused', async () => {
    const analyst = asRole('analyst');
    const rolled = await Promise.all(QUESTIONS.map((q) => h.run(analyst, INTAKES, { q })));
    // The same questions with the rollup set aside: answered from the cases.
    await withClient(url, (c) => c.query('delete from center.statistics_rollup_state'));
    const live = await Promise.all(QUESTIONS.map((q) => h.run(analyst, INTAKES, { q })));
    expect(rolled).toEqual(live);
    expect(rolled.every((r) => r.errors === undefined && r.data !== null)).toBe(true);
    expect(await h.run(asRole('reception-officer', { centers: ['GASABO-1'] }), INTAKES, { q: QUESTIONS[0] })).toEqual({
      data: { intakeStatistics: null },
      errors: [forbidden('MISSING_SCOPE', ['intakeStatistics'])],
    });
    expect(await h.run(analyst, INTAKES, { q: { ...QUESTIONS[0], from: '2021-06-02' } })).toEqual({
      data: { intakeStatistics: null },
      errors: [badInput([{ field: 'query.from', problem: 'must be the first day of a month' }], ['intakeStatistics'])],
    });
  }, 120_000);
});
