import { beforeAll, describe, expect, it } from 'vitest';
import { subgraphs } from '../../services/registry.js';
import { prepareDatabase } from '../../services/hub/prepare.js';
import { withClient } from '../../services/hub/databases.js';
import { testDatabase } from '../helpers/database.js';
import { demoPlan, demoReferrals } from '../../services/shared/demo-plan.js';

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
