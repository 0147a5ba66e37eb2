import { beforeAll, describe, expect, it } from 'vitest';
import { subgraphs } from '../../services/registry.js';
import { prepareDatabase } from '../../services/hub/prepare.js';
import { withClient } from '../../services/hub/databases.js';
import { testDatabase } from '../helpers/database.js';
import { demoPlan, demoReferrals } from '../../services/shared/demo-plan.js';
import { police } from '../../services/police/index.js';
import { InvestigationStatus, NEXT_STATUS } from '../../services/police/types/police-enums.js';
import { asRole } from '../helpers/principals.js';
import { subgraphHarness } from '../helpers/subgraph-harness.js';

// `npm start` migrates and seeds on every start; the second start must find everything in place and write nothing.

let url: string;
const counts = () =>
  withClient(url, async (c) => {
    const out: Record<string, number> = {};
    for (const d of subgraphs) {
      const tables = await c.query<{ table_name: string }>(
        `select table_name from information_schema.tables where table_schema = $1 and table_name <> 'mikro_orm_migrations' order by 1`,
        [d.dbSchema],
      );
      for (const { table_name } of tables.rows) {
        out[`${d.dbSchema}.${table_name}`] = Number(
          (await c.query(`select count(*) from "${d.dbSchema}"."${table_name}"`)).rows[0].count,
        );
      }
    }
    return out;
  });

beforeAll(async () => {
  url = await testDatabase();
});

describe('demo seed', () => {
  it('writes the 44 centers and the demo cases across all four agencies, and a second run writes nothing', async () => {
    await prepareDatabase(url, { seed: true, demoCases: 120, log: () => undefined });
    const first = await counts();
    expect(first['center.center']).toBe(44);
    expect(first['center.survivor_case']).toBe(120);
    for (const table of [
      'health.encounter',
      'health.treatment',
      'health.clock_not_applicable',
      'health.forensic_sample',
      'health.medico_legal_report',
      'police.investigation',
      'police.investigation_transition',
      'police.suspect',
      'police.forensic_receipt',
      'gender_ministry.follow_up_plan',
      'gender_ministry.visit',
    ]) {
      expect(first[table], table).toBeGreaterThan(0);
    }
    await prepareDatabase(url, { seed: true, demoCases: 120, log: () => undefined });
    expect(await counts()).toEqual(first);
  });

  it('the demo centers cover all 30 districts of the 5 provinces', async () => {
    const rows = await withClient(url, (c) =>
      c.query('select count(distinct district) d, count(distinct province) p from center.center'),
    );
    expect(rows.rows[0]).toEqual({ d: '30', p: '5' });
  });

  it("fills one center's Safe Room, and leaves beds free at the demo users' center", async () => {
    const rows = await withClient(url, (c) =>
      c.query(`select c.code, c.safe_room_beds as beds, count(s.id)::int as staying
        from center.center c join center.safe_room_stay s on s.center_id = c.id and s.discharged_at is null
        group by c.code, c.safe_room_beds order by c.code`),
    );
    expect(rows.rows).toEqual([
      { code: 'GASABO-1', beds: 12, staying: 2 },
      { code: 'NYARUGENGE-1', beds: 4, staying: 4 },
    ]);
  });

  it("leaves one referral to the police waiting in the center's outbox, undeliverable and unknown to the police", async () => {
    const plan = demoPlan(120);
    const waiting = demoReferrals(plan).filter((r) => !r.delivered);
    expect(waiting.map((r) => [r.agency, r.status, r.version])).toEqual([['POLICE', 'REQUESTED', 1]]);
    const [r] = waiting;
    const rows = await withClient(url, async (c) => ({
      referral: (await c.query('select status, version from center.referral where id = $1', [r!.id])).rows,
      moves: (await c.query('select to_status from center.referral_transition where referral_id = $1', [r!.id])).rows,
      message: (
        await c.query(
          `select data, output->>'error' as error, retry_limit from center_outbox.job
           where name = 'undeliverable' and state = 'created'`,
        )
      ).rows,
      known: (await c.query('select count(*)::int as n from police.known_referral where referral_id = $1', [r!.id]))
        .rows,
      investigations: (
        await c.query('select count(*)::int as n from police.investigation where case_id = $1', [r!.caseId])
      ).rows,
    }));
    expect(rows).toEqual({
      referral: [{ status: 'REQUESTED', version: 1 }],
      moves: [{ to_status: 'REQUESTED' }],
      message: [
        {
          data: {
            type: 'referral.changed',
            referralId: r!.id,
            caseId: r!.caseId,
            centerCode: 'GASABO-1',
            district: 'Gasabo',
            incidentAt: expect.any(String),
            status: 'REQUESTED',
            version: 1,
          },
          error: 'police did not answer (demo: its subgraph was unreachable for five days)',
          retry_limit: 24,
        },
      ],
      known: [{ n: 0 }],
      investigations: [{ n: 0 }],
    });
  });

  it('moves a share of the police investigations to the prosecution, one allowed move at a time, each status its last move', async () => {
    const { rows } = await withClient(url, (c) =>
      c.query<{ status: InvestigationStatus; received_at: Date; moves: { from: string; to: string; at: string }[] }>(
        `select i.status, i.received_at,
                coalesce(json_agg(json_build_object('from', t.from_status, 'to', t.to_status, 'at', t.at)
                         order by t.at) filter (where t.id is not null), '[]') as moves
           from police.investigation i left join police.investigation_transition t on t.investigation_id = i.id
          group by i.id`,
      ),
    );
    const wrong = rows.filter((r) => {
      let at = r.received_at.getTime();
      let status: InvestigationStatus = InvestigationStatus.COMPLAINT_RECEIVED;
      for (const m of r.moves) {
        const next = m.to as InvestigationStatus;
        if (m.from !== status || !NEXT_STATUS[status].includes(next) || Date.parse(m.at) < at) return true;
        [status, at] = [next, Date.parse(m.at)];
      }
      return status !== r.status || at > Date.now();
    });
    expect(wrong).toEqual([]);
    const referred = rows.filter((r) => r.moves.some((m) => m.to === 'REFERRED_TO_PROSECUTION')).length;
    expect(referred / rows.length).toBeGreaterThan(0.2);
    expect(referred / rows.length).toBeLessThan(0.6);
  });

  it('gives the prosecution statistic figures: each year of the demo as the police count it', async () => {
    const year = new Date(Date.now() + 2 * 3_600_000).getUTCFullYear();
    const years = [String(year - 1), String(year)];
    // Investigations first referred in each Kigali year, of cases whose consent to statistics is in force.
    const counted = await withClient(url, (c) =>
      c.query<{ year: string; n: number }>(
        `select to_char(min(t.at) at time zone 'Africa/Kigali', 'YYYY') as year, i.case_id
           from police.investigation i
           join police.investigation_transition t on t.investigation_id = i.id and t.to_status = 'REFERRED_TO_PROSECUTION'
           join police.case_statistics f on f.case_id = i.case_id
          where f.consent_from <= now() and (f.consent_until is null or f.consent_until > now())
            and (f.consent_withdrawn_at is null or f.consent_withdrawn_at > now())
          group by i.case_id`,
      ),
    );
    const n = (y: string) => counted.rows.filter((r) => r.year === y).length;
    expect(n(years[0]!) + n(years[1]!)).toBeGreaterThan(5);
    const h = await subgraphHarness(police, url);
    const res = await h.run(
      asRole('analyst'),
      `query($q: StatisticsQuery!) { prosecutionStatistics(query: $q) { rowLabels cells { row count suppressed } } }`,
      { q: { period: 'YEAR', from: `${years[0]}-01-01`, to: `${years[1]}-12-31`, rows: 'PERIOD' } },
    );
    // A year of 1 to 4 is hidden; no total ties the two years, so nothing else is.
    const shown = (y: string) => (n(y) === 0 || n(y) >= 5 ? n(y) : null);
    expect(res).toEqual({
      data: {
        prosecutionStatistics: {
          rowLabels: years,
          cells: years.map((y) => ({ row: y, count: shown(y), suppressed: shown(y) === null })),
        },
      },
    });
  });

  it('has forensic samples whose chain is whole (the RFI acknowledged them) and handovers the police never received', async () => {
    const rows = await withClient(url, (c) =>
      c.query(`select
          count(*) filter (where r.lab_received_at is not null and r.received_at >= s.handed_to_police_at)::int as whole,
          count(*) filter (where s.handed_to_police_at < now() - interval '12 hours' and r.id is null)::int as one_sided
        from health.forensic_sample s left join police.forensic_receipt r on r.barcode = s.barcode`),
    );
    expect(rows.rows[0].whole).toBeGreaterThan(0);
    expect(rows.rows[0].one_sided).toBeGreaterThan(0);
  });
});
