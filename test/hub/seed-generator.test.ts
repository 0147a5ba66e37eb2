import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { withClient } from '../../services/hub/databases.js';
import { prepareDatabase } from '../../services/hub/prepare.js';
import { parseSeedArgs } from '../../services/hub/seed-args.js';
import { GENERATED_TABLES, liftIndexes } from '../../services/hub/seed-indexes.js';
import { SeedRefused, seedGenerated } from '../../services/hub/seed-run.js';
import { verifyChain } from '../../services/shared/access-log/verify.js';
import { testDatabase } from '../helpers/database.js';

// `npm run seed`: the same seed writes the same rows, a resumed run the rows an uninterrupted one writes, bad
// arguments and another run's arguments are refused with nothing written, and the data looks like the country's:
// about a third children, mostly 5 to 17, rape the largest share, about 80 % consenting to statistics.

const root = fileURLToPath(new URL('../../', import.meta.url));
const NOW = new Date('2026-06-01T12:00:00Z');
const RUN = ['--cases', '3000', '--batch-size', '500', '--seed', '7', '--until', '2026-01-01T00:00:00+02:00'];

const seed = (url: string, argv: string[], beforeCommit?: (batch: number) => Promise<void>) =>
  seedGenerated(url, { args: parseSeedArgs(argv, NOW), log: () => undefined, beforeCommit, now: NOW });

/** A fingerprint of every generated row, table by table (created_at included: it is the opening time). */
const fingerprint = (url: string) =>
  withClient(url, async (c) => {
    const out: Record<string, string> = {};
    for (const t of [...GENERATED_TABLES, 'center.case_sequence']) {
      const { rows } = await c.query<{ n: string; h: string }>(
        `select count(*) n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) h from ${t} x`,
      );
      out[t] = `${rows[0]!.n}:${rows[0]!.h}`;
    }
    return out;
  });

/** Every index of the four schemas, as PostgreSQL would create it. */
const indexes = (url: string) =>
  withClient(
    url,
    async (c) =>
      (
        await c.query(
          `select schemaname, indexname, indexdef from pg_indexes
            where schemaname in ('center', 'health', 'police', 'gender_ministry') order by 1, 2`,
        )
      ).rows,
  );

const count = (url: string, sql: string) =>
  withClient(url, async (c) => Number((await c.query<{ n: string }>(sql)).rows[0]!.n));

describe('seed generator: the same rows for the same run', () => {
  it('writes the same rows for the same seed, and other rows for another seed', async () => {
    const [a, b, c] = await Promise.all([testDatabase(), testDatabase(), testDatabase()]);
    await seed(a, RUN);
    await seed(b, RUN);
    await seed(
      c,
      RUN.map((x) => (x === '7' ? '8' : x)),
    );
    const [fa, fb, fc] = await Promise.all([fingerprint(a), fingerprint(b), fingerprint(c)]);
    expect(fa['center.survivor_case']).toMatch(/^3000:/);
    for (const t of GENERATED_TABLES) expect(fa[t], t).not.toMatch(/^0:/);
    expect(fb).toEqual(fa);
    for (const t of GENERATED_TABLES) expect(fc[t], t).not.toEqual(fa[t]);
    // The plain indexes set aside while writing are all back, as the migrations made them.
    expect(await indexes(a)).toEqual(await indexes(await testDatabase()));
    expect(await count(a, 'select count(*) n from center.seed_lifted_index')).toBe(0);
  });

  it('resumes an interrupted run where it stopped, and writes what an uninterrupted run writes', async () => {
    const [whole, broken] = await Promise.all([testDatabase(), testDatabase()]);
    await seed(whole, RUN);
    // Batch 3 fails after writing every row, before it commits: nothing of it may stay.
    await expect(
      seed(broken, RUN, async (batch) => {
        if (batch === 3) throw new Error('interrupted');
      }),
    ).rejects.toThrow('interrupted');
    expect(await count(broken, 'select count(*) n from center.seed_batch')).toBe(3);
    expect(await count(broken, 'select count(*) n from center.survivor_case')).toBe(1500);
    expect(await count(broken, 'select count(*) n from center.survivor')).toBe(1500);
    // A run that fails builds the indexes it set aside again on its way out.
    expect(await indexes(broken)).toEqual(await indexes(whole));
    const resumed = await seedGenerated(broken, { args: parseSeedArgs(['--resume'], NOW), log: () => undefined });
    expect(resumed).toMatchObject({ written: 3, found: 3 });
    expect(await fingerprint(broken)).toEqual(await fingerprint(whole));
    // A run killed while its indexes were set aside leaves them listed; the same command once more builds them
    // again, and writes nothing else: the run is complete.
    expect(await withClient(broken, liftIndexes)).toBeGreaterThan(10);
    expect(await indexes(broken)).not.toEqual(await indexes(whole));
    expect(await seed(broken, RUN)).toMatchObject({ written: 0, found: 6 });
    expect(await indexes(broken)).toEqual(await indexes(whole));
  });
});

describe('seed generator: refusals', () => {
  it('lists every bad argument at once', () => {
    expect(() => parseSeedArgs(['--cases', '0', '--frobnicate', '--seed', 'x', '--until', 'yesterday'], NOW)).toThrow(
      expect.objectContaining({
        problems: [
          'unknown argument "--frobnicate"',
          '--cases 0: must be from 1 to 50000000',
          '--seed "x": must be a whole number from 0 to 2147483647',
          '--until "yesterday": must be an ISO 8601 instant, e.g. 2026-01-01T00:00:00+02:00',
        ],
      }),
    );
    expect(() => parseSeedArgs(['--cases', 'abc'], NOW)).toThrow(/--cases "abc": must be a whole number/);
    expect(() => parseSeedArgs([], NOW)).toThrow(/--cases is required/);
    expect(() => parseSeedArgs(['--cases', '10', '--until', '2027-01-01T00:00:00Z'], NOW)).toThrow(/in the future/);
    expect(() => parseSeedArgs(['--cases'], NOW)).toThrow(/--cases needs a value/);
    expect(parseSeedArgs(['--cases=20', '--until', '2026-01-01T10:45:00Z'], NOW)).toEqual({
      cases: 20,
      until: new Date('2026-01-01T10:00:00Z'),
      resume: false,
      help: false,
    });
  });

  it('`npm run seed` with bad arguments exits 64, says every problem, and writes nothing', async () => {
    const url = await testDatabase();
    const before = await fingerprint(url);
    const r = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'services/hub/seed.ts', '--cases', 'abc', '--batch-size', '10', '--bogus'],
      { cwd: root, env: { ...process.env, DATABASE_URL: url } },
    ).then(
      () => ({ code: 0, err: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, err: e.stderr }),
    );
    expect(r.code).toBe(64);
    expect(r.err).toContain('3 problems');
    expect(r.err).toContain('unknown argument "--bogus"');
    expect(r.err).toContain('--cases "abc"');
    expect(r.err).toContain('--batch-size 10: must be from 100 to 50000');
    expect(await fingerprint(url)).toEqual(before);
  });

  it('refuses to resume with another seed, total or end, naming each, and writes nothing', async () => {
    const url = await testDatabase();
    await expect(
      seed(url, RUN, async (batch) => {
        if (batch === 2) throw new Error('interrupted');
      }),
    ).rejects.toThrow('interrupted');
    const before = await fingerprint(url);
    const other = ['--cases', '4000', '--seed', '9', '--until', '2025-06-01T00:00:00Z', '--batch-size', '500'];
    const refusal = await seed(url, other).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(SeedRefused);
    expect((refusal as SeedRefused).problems).toHaveLength(3);
    expect((refusal as SeedRefused).message).toMatch(/--seed 9: the run recorded in this database has 7/);
    expect((refusal as SeedRefused).message).toMatch(/--cases 4000: .* has 3000/);
    expect((refusal as SeedRefused).message).toMatch(
      /--until 2025-06-01T00:00:00.000Z: .* has 2025-12-31T22:00:00.000Z/,
    );
    expect(await fingerprint(url)).toEqual(before);
    // --resume on a database no run was recorded in.
    const empty = await testDatabase();
    await expect(
      seedGenerated(empty, { args: parseSeedArgs(['--resume'], NOW), log: () => undefined }),
    ).rejects.toThrow(/no run is recorded/);
  });
});

describe('seed generator: beside the demo', () => {
  it('adds its cases to a database the demo seeded, taking the next case numbers and meeting none of its ids', async () => {
    const url = await testDatabase();
    await prepareDatabase(url, { seed: true, demoCases: 300, log: () => undefined });
    const demoCases = await count(url, 'select count(*) n from center.survivor_case');
    // A run so small that its last cases share the demo's year and its indexes (0-299): complaint numbers, survivor
    // codes and agency ids must still differ, and case numbers continue from the demo's.
    await seedGenerated(url, {
      args: parseSeedArgs(['--cases', '250', '--batch-size', '100']),
      log: () => undefined,
    });
    expect(await count(url, 'select count(*) n from center.survivor_case')).toBe(demoCases + 250);
    expect(
      await count(
        url,
        `select count(*) n from (select split_part(case_number, '/', 1) c, split_part(case_number, '/', 2) y,
           count(*) k, max(split_part(case_number, '/', 3)::int) m from center.survivor_case group by 1, 2) x
         where k <> m`,
      ),
    ).toBe(0);
    expect(
      await count(url, "select count(*) n from police.investigation where recorded_by = 'seed-generator'"),
    ).toBeGreaterThan(50);
  });
});

describe('seed generator: the national picture, on 20,000 cases', () => {
  it('has the country’s proportions, and the hub’s own checks hold', { timeout: 120_000 }, async () => {
    const url = await testDatabase();
    const until = new Date('2026-01-01T00:00:00+02:00');
    await seed(url, ['--cases', '20000', '--until', until.toISOString()]);
    const stats = await withClient(url, async (c) => {
      const one = async (sql: string) => (await c.query(sql)).rows[0] as Record<string, string | number | null>;
      return {
        shares: await one(`
          with a as (
            select k.*, s.sex, s.nationality,
              coalesce(s.estimated_age, extract(year from age((k.opened_at at time zone 'Africa/Kigali')::date, s.date_of_birth)))::int as age
            from center.survivor_case k join center.survivor s on s.id = k.survivor_id)
          select count(*)::int n,
            avg((age < 18)::int)::float child,
            avg((age between 5 and 17)::int) filter (where age < 18)::float child_5_17,
            avg((sex = 'FEMALE')::int)::float female,
            avg((nationality = 'RW')::int)::float rwandan,
            count(distinct center_id)::int centers,
            min(opened_at) first, max(opened_at) last
          from a`),
        consent: await one(`
          select avg((g.case_id is not null)::int)::float given,
                 avg((g.case_id is not null and g.withdrawn_at is null
                      and (g.expires_at is null or g.expires_at > '${until.toISOString()}'))::int)::float in_force,
                 avg((g.withdrawn_at is not null)::int)::float withdrawn
          from center.survivor_case k left join center.consent g on g.case_id = k.id and g.scope = 'STATISTICS'`),
        types: (
          await c.query<{ incident_type: string; n: number }>(
            'select incident_type, count(*)::int n from center.survivor_case group by 1 order by 2 desc',
          )
        ).rows,
        numbers: await one(`
          select count(*)::int gaps from (
            select split_part(case_number, '/', 3)::int n,
              row_number() over (partition by center_id, split_part(case_number, '/', 2) order by opened_at, id) r
            from center.survivor_case) x where n <> r`),
        log: (await c.query(`select subject, case_id, action from center.access_log order by id`)).rows,
        // One client, one statement at a time.
        chains: [
          await verifyChain(c, 'center'),
          await verifyChain(c, 'health'),
          await verifyChain(c, 'police'),
          await verifyChain(c, 'gender_ministry'),
        ],
        agencies: await one(`
          select (select count(*) from center.referral where agency = 'HEALTH')::int - (select count(*) from health.known_referral)::int health_unknown,
                 (select count(*) from center.referral where agency = 'POLICE')::int - (select count(*) from police.known_referral)::int police_unknown,
                 (select count(*) from center.referral where agency = 'GENDER_MINISTRY')::int
                   - (select count(*) from gender_ministry.known_referral)::int gm_unknown,
                 (select count(*) from health.encounter e
                    where not exists (select 1 from health.known_referral k where k.case_id = e.case_id))::int health_unreferred,
                 (select count(*) from police.investigation)::int investigations,
                 (select count(distinct investigation_id) from police.investigation_transition
                   where to_status = 'REFERRED_TO_PROSECUTION')::int prosecuted,
                 (select count(*) from police.investigation i where i.status <> coalesce((select t.to_status
                    from police.investigation_transition t where t.investigation_id = i.id order by t.at desc limit 1),
                    'COMPLAINT_RECEIVED'))::int status_not_last_move,
                 (select count(distinct case_id) from health.known_referral)::int
                   - (select count(*) from health.case_statistics)::int health_without_facts,
                 (select count(*) from health.case_statistics f join center.survivor_case k on k.id = f.case_id
                    join center.consent g on g.case_id = k.id and g.scope = 'STATISTICS'
                   where f.consent_from is distinct from g.given_at
                      or f.consent_withdrawn_at is distinct from g.withdrawn_at)::int health_facts_differ,
                 (select count(*) from gender_ministry.follow_up_plan)::int plans`),
      };
    });
    expect(stats.shares.n).toBe(20000);
    expect(stats.shares.child).toBeGreaterThan(0.3);
    expect(stats.shares.child).toBeLessThan(0.37);
    expect(stats.shares.child_5_17).toBeGreaterThan(0.85);
    expect(stats.shares.female).toBeGreaterThan(0.85);
    expect(stats.shares.rwandan).toBeGreaterThan(0.9);
    expect(stats.shares.centers).toBe(44);
    expect(new Date(stats.shares.first as string).getTime()).toBeGreaterThanOrEqual(until.getTime() - 3653 * 86400_000);
    expect(new Date(stats.shares.last as string).getTime()).toBeLessThan(until.getTime());
    expect(stats.consent.given).toBeGreaterThan(0.78);
    expect(stats.consent.given).toBeLessThan(0.82);
    expect(stats.consent.withdrawn).toBeGreaterThan(0.02);
    expect(stats.consent.in_force).toBeGreaterThan(0.7);
    expect(stats.consent.in_force).toBeLessThan(stats.consent.given as number);
    expect(stats.types[0]?.incident_type).toBe('RAPE');
    // Case numbers at each center and year run 1, 2, 3 ... in opening order, as intakes issue them.
    expect(stats.numbers.gaps).toBe(0);
    // Nobody read a generated case: no access log names one; each says once per batch that the generator wrote.
    expect(stats.log).toEqual(
      Array.from({ length: 4 }, () => ({ subject: 'seed-generator', case_id: null, action: 'WRITE' })),
    );
    for (const chain of stats.chains) expect(chain).toEqual({ entries: 4, broken: null });
    // Each agency knows every referral made to it, and has rows only for cases referred to it.
    expect(stats.agencies).toMatchObject({ health_unknown: 0, police_unknown: 0, gm_unknown: 0, health_unreferred: 0 });
    // And was told, with each referral, what its statistics may count of the case, as the center holds it.
    expect(stats.agencies).toMatchObject({ health_without_facts: 0, health_facts_differ: 0 });
    expect(stats.agencies.investigations).toBeGreaterThan(4000);
    // About half the investigations reached the prosecution by a move, as the demo's do; each status is its last move.
    expect(Number(stats.agencies.prosecuted) / Number(stats.agencies.investigations)).toBeGreaterThan(0.4);
    expect(Number(stats.agencies.prosecuted) / Number(stats.agencies.investigations)).toBeLessThan(0.52);
    expect(stats.agencies.status_not_last_move).toBe(0);
    expect(stats.agencies.plans).toBeGreaterThan(500);
    // A later `npm start` (migrate --seed) leaves the generated data alone: no demo cases whose numbers would collide.
    await prepareDatabase(url, { seed: true, demoCases: 50, log: () => undefined });
    expect(await count(url, 'select count(*) n from center.survivor_case')).toBe(20000);
  });
});
