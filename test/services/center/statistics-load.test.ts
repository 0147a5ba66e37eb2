import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { callerFromClaims } from '../../../services/shared/caller.js';
import { demoClaims, demoUser } from '../../../services/hub/demo-users.js';
import { newContext } from '../../../services/shared/context.js';
import { type StatisticSource, answerStatistics } from '../../../services/shared/statistics/answer.js';
import { statisticsGate } from '../../../services/shared/statistics/gate.js';
import {
  configureStatisticsLimits,
  DEFAULT_STATISTICS_LIMITS,
  type StatisticsLimits,
} from '../../../services/shared/statistics/limits.js';
import type { StatisticsQuery } from '../../../services/shared/statistics/graphql.js';
import { intakeStatistics } from '../../../services/center/reads/intake-statistics.read.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, errorsWithoutLocations } from '../../helpers/errors.js';
import { asDemoUser } from '../../helpers/principals.js';
import { intake } from '../../helpers/case-files.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { addConsent, freezeClock, openCase } from './fixtures.js';

// Statistics under load at the center: analysts asking at the same moment each get their own answer; one analyst's
// flood is refused (STATISTICS_BUSY) before any work while a second analyst's question and a case manager's case read
// are answered; a question's SQL runs read-only under its own statement timeout.

const STATS = `query Stats($q: StatisticsQuery!) { intakeStatistics(query: $q) {
  rowLabels columnLabels cells { row column count suppressed } total { count suppressed } csv } }`;
const CASE = `query One($id: ID!) { case(id: $id) { caseNumber incidentType } }`;
const APRIL = { period: 'MONTH', from: '2023-04-01', to: '2023-04-30' };

/** An analyst of its own: each is a caller with its own share. */
const analyst = (n: number) => callerFromClaims({ ...demoClaims(demoUser('analyst')), sub: `test-analyst-${n}` });

let h: SubgraphHarness;
let caseId: string;
let caseNumber: string;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
  freezeClock(new Date('2023-04-12T08:00:00Z'));
  for (const [code, type, n] of [
    ['GASABO-1', 'RAPE', 6],
    ['GASABO-1', 'PHYSICAL_ASSAULT', 5],
    ['KICUKIRO-1', 'RAPE', 7],
  ] as const)
    for (let i = 0; i < n; i++) {
      const opened = await openCase(h, intake(code, { incidentType: type }));
      await addConsent(h, opened.id, 'STATISTICS', { givenAt: new Date() });
      if (code === 'GASABO-1' && type === 'RAPE') {
        caseId = opened.id;
        caseNumber = opened.caseNumber;
      }
    }
  vi.useRealTimers();
});
afterEach(() => {
  configureStatisticsLimits(DEFAULT_STATISTICS_LIMITS);
  // Every test gives back every turn it took.
  expect(statisticsGate('center').load()).toEqual({ running: 0, waiting: 0 });
});
afterAll(() => {
  configureStatisticsLimits(DEFAULT_STATISTICS_LIMITS);
});

const limits = (o: Partial<StatisticsLimits>) => configureStatisticsLimits({ ...DEFAULT_STATISTICS_LIMITS, ...o });

const QUESTIONS = [
  { ...APRIL, rows: 'INCIDENT_TYPE' },
  { ...APRIL, rows: 'DISTRICT', columns: 'INCIDENT_TYPE', province: 'Kigali City' },
  { ...APRIL, rows: 'CENTER' },
  { ...APRIL, rows: 'SEX', columns: 'AGE_BAND' },
];

/** The refusal of a question over the caller's share or the subgraph's, as the subgraph answers it. */
const busy = (reason: 'CALLER_SHARE' | 'SUBGRAPH_FULL', seconds: number) => ({
  message: `Statistics busy: ${
    reason === 'CALLER_SHARE'
      ? 'you already have as many statistics questions running and waiting here as one caller may'
      : 'this service is answering as many statistics questions as it may'
  }; ask again in ${seconds} s`,
  path: ['intakeStatistics'],
  extensions: { code: 'STATISTICS_BUSY', reason, retryAfterSeconds: seconds },
});
const keyOf = (c: ReturnType<typeof analyst>) => `${c.agency}:${c.subject}`;

/** A turn of the center's statistics gate held open by the test until it releases it. */
async function hold(key: string) {
  let release!: () => void;
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  const done = statisticsGate('center').run(key, () => {
    started();
    return new Promise<void>((r) => (release = r));
  });
  await running;
  return { release: () => release(), done };
}

describe('analysts at the same moment', () => {
  it('each gets the answer they get alone, whatever the others ask', async () => {
    const alone = [];
    for (const [i, q] of QUESTIONS.entries()) alone.push(await h.run(analyst(i), STATS, { q }));
    expect(alone.every((r) => r.errors === undefined)).toBe(true);
    expect((alone[0]!.data as { intakeStatistics: { total: unknown } }).intakeStatistics.total).toEqual({
      count: 18,
      suppressed: false,
    });
    for (let round = 0; round < 5; round++)
      expect(await Promise.all(QUESTIONS.map((q, i) => h.run(analyst(i), STATS, { q })))).toEqual(alone);
  });
});

describe("one analyst's flood", () => {
  it('is refused with STATISTICS_BUSY beyond its share while a second analyst and a case manager are answered', async () => {
    limits({ concurrency: 2, perCaller: 1, queuePerCaller: 2, queue: 16, waitMs: 30_000 });
    const q = QUESTIONS[0]!;
    const expected = await h.run(analyst(9), STATS, { q });
    // The flooding analyst's running turn is held open, so that what follows does not depend on how fast anything is.
    const gate = statisticsGate('center');
    const held = await hold(keyOf(analyst(1)));
    const flood = Array.from({ length: 6 }, () => h.run(analyst(1), STATS, { q }));
    // Two wait their turn (the analyst's queue), four are refused at once, before any SQL.
    await vi.waitFor(() => expect(gate.load(keyOf(analyst(1)))).toEqual({ running: 1, waiting: 2 }));
    // A second analyst takes the subgraph's other turn; a case manager's read never waits on statistics.
    expect(await h.run(analyst(2), STATS, { q })).toEqual(expected);
    expect(await h.run(asDemoUser('case-manager'), CASE, { id: caseId })).toEqual({
      data: { case: { caseNumber, incidentType: 'RAPE' } },
    });
    held.release();
    await held.done;
    const answers = await Promise.all(flood);
    expect(answers.filter((a) => a.errors === undefined)).toEqual([expected, expected]);
    expect(answers.filter((a) => a.errors !== undefined)).toEqual(
      Array.from({ length: 4 }, () => ({ data: { intakeStatistics: null }, errors: [busy('CALLER_SHARE', 30)] })),
    );
    expect(statisticsGate('center').load()).toEqual({ running: 0, waiting: 0 });
  });

  it('a question waits no longer than STATISTICS_WAIT_MS, then is refused; a subgraph full of others refuses too', async () => {
    limits({ concurrency: 1, perCaller: 1, queuePerCaller: 1, queue: 1, waitMs: 0 });
    const held = await hold('someone:else');
    expect(await h.run(analyst(3), STATS, { q: QUESTIONS[0] })).toEqual({
      data: { intakeStatistics: null },
      errors: [busy('SUBGRAPH_FULL', 1)],
    });
    held.release();
    await held.done;
    expect((await h.run(analyst(3), STATS, { q: QUESTIONS[0] })).errors).toBeUndefined();
  });

  it('a bad question is still refused as BAD_USER_INPUT, and frees its turn', async () => {
    limits({ concurrency: 1, perCaller: 1, queuePerCaller: 0, queue: 0, waitMs: 0 });
    expect(await h.run(analyst(4), STATS, { q: { ...APRIL, rows: 'INCIDENT_TYPE', province: 'Atlantis' } })).toEqual({
      data: { intakeStatistics: null },
      errors: [
        badInput({ field: 'query.province', problem: 'must be one of the provinces with a center' }, [
          'intakeStatistics',
        ]),
      ],
    });
    expect(statisticsGate('center').load()).toEqual({ running: 0, waiting: 0 });
    expect((await h.run(analyst(4), STATS, { q: QUESTIONS[0] })).errors).toBeUndefined();
  });
});

describe("a question's SQL", () => {
  const ask = (source: StatisticSource, q: StatisticsQuery) =>
    answerStatistics(newContext(analyst(5), h.orm.em.fork(), 'test'), source, q);
  const q = { ...APRIL, rows: 'INCIDENT_TYPE' } as StatisticsQuery;

  it('runs read-only, in one transaction, under STATISTICS_TIMEOUT_MS', async () => {
    limits({ timeoutMs: 1_234 });
    const seen: unknown[] = [];
    await ask(
      {
        ...intakeStatistics,
        async facts(ctx, plan, places) {
          seen.push(
            await ctx.em.execute(
              `select current_setting('statement_timeout') as timeout, current_setting('transaction_read_only') as ro,
                      txid_current_if_assigned() is null as no_writes`,
            ),
          );
          return intakeStatistics.facts(ctx, plan, places);
        },
      },
      q,
    );
    expect(seen).toEqual([[{ timeout: '1234ms', ro: 'on', no_writes: true }]]);
  });

  it('is never run for a question too large to decide: that is refused first', async () => {
    let read = 0;
    const yearOfDaysByCenter = {
      period: 'DAY',
      from: '2024-01-01',
      to: '2024-12-31',
      rows: 'PERIOD',
      columns: 'CENTER',
    };
    await expect(
      ask(
        {
          ...intakeStatistics,
          async facts(ctx, plan, places) {
            read++;
            return intakeStatistics.facts(ctx, plan, places);
          },
        },
        yearOfDaysByCenter as StatisticsQuery,
      ),
    ).rejects.toMatchObject({
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'query', problem: expect.stringMatching(/^needs \d+ figures decided, more than 25000: /) }],
      },
    });
    expect(read).toBe(0);
    expect(statisticsGate('center').load()).toEqual({ running: 0, waiting: 0 });
  });

  it('is stopped past the timeout with STATISTICS_TIMEOUT; the connection and the turn are given back', async () => {
    limits({ timeoutMs: 200, concurrency: 1 });
    await expect(
      ask(
        {
          ...intakeStatistics,
          async facts(ctx) {
            await ctx.em.execute('select pg_sleep(30)');
            return [];
          },
        },
        q,
      ),
    ).rejects.toMatchObject({
      message:
        'Statistics timeout: the question took longer than 0.2 s to count or decide; ask for fewer years, a coarser period or a coarser place',
      extensions: { code: 'STATISTICS_TIMEOUT' },
    });
    expect(statisticsGate('center').load()).toEqual({ running: 0, waiting: 0 });
    const table = await ask(intakeStatistics, q);
    expect(table.total).toEqual({ row: null, column: null, count: 18, suppressed: false });
  });
});
