import { withClient } from '../../services/hub/databases.js';
import { demoClaims, demoUser, issueToken } from '../../services/hub/demo-users.js';
import { fillRollups, ROLLUPS } from '../../services/hub/seed-rollup.js';
import { startHub } from './hub-process.js';
import { pct } from './load.js';

// The analysts' standard questions through the gateway, on whatever DATABASE_URL holds (say the cases of `npm run
// seed -- --cases 2000000`): `npx tsx test/bench/rollup-queries.ts`. Each question is asked BENCH_RUNS times (50)
// one at a time, after 3 warm-up runs, first answered from the cases (the rollup set aside: what the hub did
// before it had one), then through the rollup (filled again first), then once more through the rollup with a new
// case written before each question (the refresh a question pays for it). One analyst token; p50 and p95 in ms.
// The database is left with its rollup filled. BENCH_LIVE_RUNS (default BENCH_RUNS) sets the runs from the cases; 0
// skips them and keeps the rollup as it is (the seed fills it), for a database where counting the cases would take
// minutes. A question the hub refuses (its statement timeout) is printed as refused. BENCH_ONLY keeps the questions
// whose name holds its text.

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must name a database the seed generator filled');
const runs = Number(process.env.BENCH_RUNS ?? 50);
const liveRuns = Number(process.env.BENCH_LIVE_RUNS ?? runs);
/** Only the questions whose name holds this text (BENCH_ONLY), for a closer look at one. */
const only = process.env.BENCH_ONLY ?? '';

/** Kigali's current month and the first day `n` months before it. */
function lastMonths(n: number): { from: string; to: string } {
  const now = new Date(Date.now() + 2 * 3600_000);
  const [y, m] = [now.getUTCFullYear(), now.getUTCMonth()];
  const from = new Date(Date.UTC(y, m - n + 1, 1)).toISOString().slice(0, 10);
  const to = new Date(Date.UTC(y, m + 1, 0)).toISOString().slice(0, 10);
  return { from, to };
}
const lastYear = String(new Date().getUTCFullYear() - 1);
const year = { period: 'YEAR', from: `${lastYear}-01-01`, to: `${lastYear}-12-31` };

const QUESTIONS: { name: string; field: string; query: Record<string, string> }[] = [
  {
    name: 'national monthly intakes by type, 5 years',
    field: 'intakeStatistics',
    query: { period: 'MONTH', ...lastMonths(60), rows: 'PERIOD', columns: 'INCIDENT_TYPE' },
  },
  {
    name: `one district (Gasabo) by center and age band, ${lastYear}`,
    field: 'intakeStatistics',
    query: { ...year, rows: 'CENTER', columns: 'AGE_BAND', district: 'Gasabo' },
  },
  {
    name: `HIV PEP within 72 h by province, ${lastYear}`,
    field: 'clockStatistics(clock: HIV_PEP, ',
    query: { ...year, rows: 'PROVINCE', columns: 'CLOCK_STATUS' },
  },
  {
    name: 'dashboard: intakes, last 24 months',
    field: 'intakeStatistics',
    query: { period: 'MONTH', ...lastMonths(24), rows: 'PERIOD' },
  },
  {
    name: `dashboard: intakes by district, ${lastYear}`,
    field: 'intakeStatistics',
    query: { ...year, rows: 'DISTRICT' },
  },
  {
    name: 'dashboard: HIV PEP, last 12 months',
    field: 'clockStatistics(clock: HIV_PEP, ',
    query: { period: 'MONTH', ...lastMonths(12), rows: 'PERIOD', columns: 'CLOCK_STATUS' },
  },
  {
    name: `dashboard: follow-up plans by status (overdue), ${lastYear}`,
    field: 'followUpStatistics',
    query: { ...year, rows: 'FOLLOW_UP_STATUS' },
  },
  {
    name: `intakes that needed medical care, by province, ${lastYear}`,
    field: 'needStatistics(need: MEDICAL, ',
    query: { ...year, rows: 'PROVINCE', columns: 'NEED_STATUS' },
  },
  {
    name: 'by day (live SQL): one month by incident type, Kigali City',
    field: 'intakeStatistics',
    query: { period: 'DAY', ...lastMonths(1), rows: 'PERIOD', columns: 'INCIDENT_TYPE', province: 'Kigali City' },
  },
];

const ASKED = QUESTIONS.filter((q) => q.name.includes(only));

const documentOf = (q: (typeof QUESTIONS)[number]) =>
  `query Q($q: StatisticsQuery!) { t: ${q.field.endsWith(', ') ? q.field : `${q.field}(`}query: $q) { csv } }`;

/** A copy of a random recent case, with its consents, opened now: a new intake for the figures of this month. */
const NEW_CASE = `with src as (select * from center.survivor_case order by opened_at desc limit 1 offset floor(random() * 50)::int),
  c as (insert into center.survivor_case (id, created_at, center_id, survivor_id, opened_at, incident_at, case_manager,
          incident_type, needs, case_number, status, narrative, opened_by)
        select gen_random_uuid(), now(), center_id, survivor_id, now(), now() - interval '3 hours', case_manager,
               incident_type, needs, 'BENCH-' || gen_random_uuid(), status, narrative, opened_by from src
        returning id)
  insert into center.consent (id, created_at, case_id, given_at, expires_at, withdrawn_at, recorded_by, scope, given_by)
  select gen_random_uuid(), now(), c.id, now(), null, null, 'bench', 'STATISTICS', 'SURVIVOR' from c`;

const hub = await startHub(url);
try {
  const token = await issueToken(hub.issuerJwk, demoClaims(demoUser('analyst')));
  const ask = async (q: (typeof QUESTIONS)[number]) => {
    const started = performance.now();
    const res = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: documentOf(q), variables: { q: q.query } }),
    });
    const answer = (await res.json()) as { errors?: unknown; data?: { t?: { csv: string } } };
    if (answer.errors) throw new Error(`${q.name}: ${JSON.stringify(answer.errors)}`);
    return { ms: performance.now() - started, csv: answer.data?.t?.csv ?? '' };
  };
  const series = async (label: string, n: number, before?: () => Promise<unknown>) => {
    const out: Record<string, { p50: number; p95: number; csv: string }> = {};
    for (const q of ASKED) {
      const ms: number[] = [];
      let csv = '';
      try {
        for (let i = 0; i < Math.min(3, n); i++) await ask(q);
        for (let i = 0; i < n; i++) {
          await before?.();
          const a = await ask(q);
          ms.push(a.ms);
          csv = a.csv;
        }
      } catch (err) {
        process.stdout.write(
          `${label.padEnd(22)} ${q.name.padEnd(62)} refused: ${(err as Error).message.slice(0, 160)}\n`,
        );
        continue;
      }
      out[q.name] = { p50: pct(ms, 50), p95: pct(ms, 95), csv };
      process.stdout.write(
        `${label.padEnd(22)} ${q.name.padEnd(62)} p50 ${pct(ms, 50).toFixed(1).padStart(7)} ms  p95 ${pct(ms, 95).toFixed(1).padStart(7)} ms\n`,
      );
    }
    return out;
  };
  await withClient(url, async (client) => {
    const { rows } = await client.query<{ n: string }>('select count(*) as n from center.survivor_case');
    process.stdout.write(
      `${rows[0]!.n} cases; ${runs} runs per question (${liveRuns} from the cases), one at a time\n`,
    );
    if (liveRuns > 0)
      for (const schema of new Set(ROLLUPS.map((r) => r.schema)))
        await client.query(`delete from "${schema}".statistics_rollup_state`);
  });
  const live = liveRuns > 0 ? await series('live (no rollup)', liveRuns) : {};
  const started = performance.now();
  await withClient(url, (client) => fillRollups(client, (l) => process.stdout.write(`${l}\n`), 'missing'));
  process.stdout.write(`rollup filled (what was missing) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  const rolled = await series('rollup', runs);
  await withClient(url, (client) => series('rollup + 1 new case', runs, () => client.query(NEW_CASE)));
  process.stdout.write('\nratio live / rollup at p95:\n');
  for (const q of ASKED) {
    const [l, r] = [live[q.name], rolled[q.name]];
    process.stdout.write(
      l && r
        ? `  ${q.name.padEnd(62)} ${(l.p95 / r.p95).toFixed(1)}x${l.csv === r.csv ? '  (same table)' : '  (TABLES DIFFER)'}\n`
        : `  ${q.name.padEnd(62)} not measured both ways\n`,
    );
  }
} finally {
  await hub.stop();
}
