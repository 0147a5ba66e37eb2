import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/database.js';
import { type Stack, startStack } from '../helpers/stack.js';

// The analysts' statistics through the gateway: every agency's aggregate question in one document, refused field by
// field to callers without stats:read, answered alike to analysts asking at the same moment, and fed by what the
// center tells each agency of a referred case when it is referred and when its consent to statistics changes.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(await testDatabase());
});

const kigaliMonth = () => {
  const d = new Date(Date.now() + 2 * 3_600_000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${last}` };
};
const q = { period: 'MONTH', ...kigaliMonth(), rows: 'PROVINCE' };
const ALL = `query All($q: StatisticsQuery!) {
  intakeStatistics(query: $q) { statistic total { count suppressed } }
  clockStatistics(clock: HIV_PEP, query: $q) { statistic total { count suppressed } }
  treatmentStatistics(treatment: STI_PROPHYLAXIS, query: $q) { statistic total { count suppressed } }
  investigationStatistics(query: $q) { statistic total { count suppressed } }
  prosecutionStatistics(query: $q) { statistic total { count suppressed } }
  followUpStatistics(query: $q) { statistic total { count suppressed } } }`;
const FIELDS = [
  'intakeStatistics',
  'clockStatistics',
  'treatmentStatistics',
  'investigationStatistics',
  'prosecutionStatistics',
  'followUpStatistics',
];

describe('every agency answers the analyst', () => {
  it('six statistics in one document, each from its own subgraph, with no error', async () => {
    const r = await stack.query(await stack.token('analyst'), ALL, { q });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(Object.keys(r.body.data as object)).toEqual(FIELDS);
    expect(Object.values(r.body.data as Record<string, { statistic: string }>).map((t) => t.statistic)).toEqual([
      'intakes',
      'cases by HIV_PEP clock status',
      'cases by STI_PROPHYLAXIS received',
      'investigations by status',
      'investigations referred to prosecution by days taken',
      'follow-up plans by status',
    ]);
  });

  it.each(['reception', 'clinician', 'investigator', 'social-worker', 'auditor', 'admin'])(
    'refuses %s every field, as the Router does: null and UNAUTHORIZED_FIELD_OR_TYPE, no subgraph asked',
    async (login) => {
      const r = await stack.query(await stack.token(login), ALL, { q });
      expect(r.status).toBe(200);
      // Every root field removed: no data at all, one error per field.
      expect(r.body).toEqual({
        data: null,
        errors: FIELDS.map((f) => ({
          message: 'Unauthorized field or type',
          path: [f],
          extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' },
        })),
      });
    },
  );
});

// The center's Safe Room and needs statistics, with the intakes they share their people with: in a document of their
// own, since with the six above they would pass the gateway's limit of six statistics in one request.
const CENTER = `query Center($q: StatisticsQuery!) {
  intakeStatistics(query: $q) { statistic total { count suppressed } }
  needStatistics(need: MEDICAL, query: $q) { statistic total { count suppressed } }
  safeRoomStatistics(query: $q) { statistic total { count suppressed } } }`;
const CENTER_FIELDS = ['intakeStatistics', 'needStatistics', 'safeRoomStatistics'];

describe("the center's Safe Room and needs statistics", () => {
  it('are answered to the analyst, the needs of the same intakes', async () => {
    const r = await stack.query(await stack.token('analyst'), CENTER, { q });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    const data = r.body.data as Record<string, { statistic: string; total: unknown }>;
    expect(Object.keys(data)).toEqual(CENTER_FIELDS);
    expect(Object.values(data).map((t) => t.statistic)).toEqual([
      'intakes',
      'intakes by MEDICAL need',
      'Safe Room admissions by length of stay',
    ]);
    expect(data.needStatistics!.total).toEqual(data.intakeStatistics!.total);
  });

  it.each(['reception', 'case-manager', 'clinician', 'investigator', 'social-worker', 'auditor', 'admin'])(
    'are refused to %s: null and UNAUTHORIZED_FIELD_OR_TYPE for each, no subgraph asked',
    async (login) => {
      const r = await stack.query(await stack.token(login), CENTER, { q });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        data: null,
        errors: CENTER_FIELDS.map((f) => ({
          message: 'Unauthorized field or type',
          path: [f],
          extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' },
        })),
      });
    },
  );

  it("count in the gateway's limit of six statistics per request, like every other", async () => {
    const analyst = await stack.token('analyst');
    for (const extra of [
      'needStatistics(need: POLICE, query: $q) { statistic }',
      'safeRoomStatistics(query: $q) { statistic }',
    ]) {
      const r = await stack.query(analyst, ALL.replace(/ }$/, ` ${extra} }`), { q });
      expect(r).toEqual({
        status: 400,
        body: {
          errors: [
            {
              message: 'The operation exceeds the statistics limit of 6',
              extensions: { code: 'LIMIT_EXCEEDED', limit: 'statistics', max: 6 },
            },
          ],
        },
      });
    }
  });

  it('analysts at the same moment each get what they get alone', async () => {
    const asks = [
      { login: 'analyst', q: { ...q, rows: 'LENGTH_OF_STAY' } },
      { login: 'ministry-system', q: { ...q, rows: 'SEX' } },
      { login: 'analyst', q: { ...q, rows: 'PROVINCE' } },
    ];
    const doc = (a: (typeof asks)[number]) =>
      a.q.rows === 'LENGTH_OF_STAY' ? CENTER.replace(/ {2}(intake|need)Statistics.*\n/g, '') : CENTER;
    const alone = [];
    for (const a of asks) alone.push((await stack.query(await stack.token(a.login), doc(a), { q: a.q })).body);
    expect(alone.map((b) => b.errors)).toEqual([undefined, undefined, undefined]);
    for (let round = 0; round < 3; round++) {
      const together = await Promise.all(
        asks.map(async (a) => (await stack.query(await stack.token(a.login), doc(a), { q: a.q })).body),
      );
      expect(together).toEqual(alone);
    }
  });
});

describe('analysts at the same moment', () => {
  it('each gets what they get alone, whatever the others ask', async () => {
    const asks = [
      { login: 'analyst', q: { ...q, rows: 'PROVINCE' } },
      { login: 'ministry-system', q: { ...q, rows: 'SEX' } },
      { login: 'analyst', q: { ...q, rows: 'INCIDENT_TYPE' } },
      { login: 'ministry-system', q: { ...q, rows: 'AGE_BAND' } },
    ];
    const alone = [];
    for (const a of asks) alone.push((await stack.query(await stack.token(a.login), ALL, { q: a.q })).body);
    for (let round = 0; round < 5; round++) {
      const together = await Promise.all(
        asks.map(async (a) => (await stack.query(await stack.token(a.login), ALL, { q: a.q })).body),
      );
      expect(together).toEqual(alone);
    }
  });
});

describe('what the center tells the agencies', () => {
  async function as(login: string, query: string, variables: Record<string, unknown>) {
    const r = await stack.query(await stack.token(login), query, variables);
    expect(r.body.errors).toBeUndefined();
    return r.body.data as Record<string, { id: string }>;
  }
  async function factsAtHealth(caseId: string, until: (row: Record<string, unknown> | undefined) => boolean) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [row] = (await stack.orms
        .get('health')!
        .em.fork()
        .getConnection()
        .execute(
          `select center_code, incident_type, age_band, sex, nationality_group,
                  consent_from is not null as consented, consent_withdrawn_at is not null as withdrawn
             from health.case_statistics where case_id = ?`,
          [caseId],
        )) as Record<string, unknown>[];
      if (until(row) || Date.now() > deadline) return row;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('with the first referral, and again when consent to statistics is withdrawn; nothing that names anyone', async () => {
    const { openCase } = await as('reception', `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`, {
      i: {
        centerCode: 'GASABO-1',
        survivor: {
          sex: 'FEMALE',
          estimatedAge: 15,
          givenName: 'Secret',
          familyName: 'Name',
          nationality: 'CD',
          guardian: { name: 'Jeanne Mukamana', relationship: 'mother', phone: '0788000002' },
        },
        incidentAt: new Date(Date.now() - 5 * 3_600_000).toISOString(),
        incidentType: 'SEXUAL_ASSAULT',
        needs: ['MEDICAL'],
      },
    });
    const caseId = openCase!.id;
    const CONSENT = `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`;
    // A child of 15: her guardian consents for her (Law 058/2021 Art. 9).
    for (const scope of ['HEALTH', 'STATISTICS'])
      await as('reception', CONSENT, { i: { caseId, scope, givenBy: 'GUARDIAN' } });
    await as('reception', `mutation($i: ReferCaseInput!) { referCase(input: $i) { id } }`, {
      i: { caseId, agency: 'HEALTH' },
    });
    expect(await factsAtHealth(caseId, (r) => r !== undefined)).toEqual({
      center_code: 'GASABO-1',
      incident_type: 'SEXUAL_ASSAULT',
      age_band: '12-17',
      sex: 'FEMALE',
      nationality_group: 'OTHER',
      consented: true,
      withdrawn: false,
    });
    await as('reception', `mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) { id } }`, {
      i: { caseId, scope: 'STATISTICS' },
    });
    const row = await factsAtHealth(caseId, (r) => r?.withdrawn === true);
    expect(row?.withdrawn).toBe(true);
    // Given again: the agency counts the case again.
    await as('reception', CONSENT, { i: { caseId, scope: 'STATISTICS', givenBy: 'GUARDIAN' } });
    expect((await factsAtHealth(caseId, (r) => r?.withdrawn === false))?.withdrawn).toBe(false);
  });
});
