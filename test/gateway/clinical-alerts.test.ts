import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CaseFile, type ConsentState, writeCaseFile } from '../helpers/case-files.js';
import { testDatabase } from '../helpers/database.js';
import { badInput, forbidden, unauthorized } from '../helpers/errors.js';
import { type Stack, startStack, testPlanner } from '../helpers/stack.js';

// Health's clinical alerts through the whole graph. Health lists the due clocks of the cases referred to it within the
// caller's place; the gateway joins each alert's case from the center, under the center's read rules. So consent,
// which health's root query cannot see, is checked on the case: an alert for a case whose survivor withdrew consent
// still names the case id and the clock, and its case (with everything health would show under it) is refused.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let stack: Stack;
let now: Date;
const files: Record<string, CaseFile> = {};

/** Set a case's incident time as health knows it (the referral's), `hoursAgo` before `now`. */
async function incidentHoursAgo(caseId: string, hoursAgo: number): Promise<void> {
  await stack.orms
    .get('health')!
    .em.fork()
    .getConnection()
    .execute('update health.known_referral set incident_at = ? where case_id = ?', [
      new Date(now.getTime() - hoursAgo * HOUR),
      caseId,
    ]);
}

beforeAll(async () => {
  stack = await startStack(await testDatabase());
  now = new Date(Math.floor(Date.now() / MINUTE) * MINUTE + 10 * MINUTE);
  const write = async (name: string, centerCode: string, consent: ConsentState, hoursAgo: number) => {
    files[name] = await writeCaseFile(stack.orms, { centerCode, consent });
    await incidentHoursAgo(files[name].id, hoursAgo);
  };
  // Emergency contraception (120 h) closes 20 h, 30 h and 40 h from `now`; PEP and forensic evidence (72 h) have closed.
  await write('given', 'GASABO-1', 'given', 100);
  await write('withdrawn', 'GASABO-1', 'withdrawn', 90);
  await write('huye', 'HUYE-1', 'given', 80);
}, 120_000);

afterEach(() => {
  vi.useRealTimers();
});

/** Stop the clock at `now` (Date only): the subgraphs and the gateway run in this process. */
const atNow = () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
};

const iso = (hoursFromNow: number) => new Date(now.getTime() + hoursFromNow * HOUR).toISOString();

const WITH_CASE = `query($within: Int!) { clinicalAlerts(within: $within) {
  caseId clock deadline minutesLeft hoursLeft
  case { caseNumber survivor { code } medical { clocks { clock status } } }
} }`;
/**
 * The center's refusal of the case of the second alert, as each planner reports it. The JavaScript planner names the
 * first field it asked of the case; the Rust planner names the case, and goes on to ask health for the refused case's
 * medical slice without the center's facts, which health refuses in its turn (and counts, as it counts every refusal).
 */
const REFUSED_CASE = {
  rust: [
    forbidden('CONSENT_REQUIRED', ['clinicalAlerts', 1, 'case']),
    forbidden('OUT_OF_SCOPE', ['clinicalAlerts', 1, 'case', 'medical']),
  ],
  js: [forbidden('CONSENT_REQUIRED', ['clinicalAlerts', 1, 'case', 'caseNumber'])],
};

const CLOCKS = ['HIV_PEP', 'EMERGENCY_CONTRACEPTION', 'HEPATITIS_B_VACCINE', 'FORENSIC_EVIDENCE'];
const STATUSES = ['MISSED', 'DUE', 'DUE', 'MISSED'];

describe('clinicalAlerts through the gateway', () => {
  it("a clinician's alerts, joined with each case under the center's rules: a withdrawn consent refuses the case, not the alert", async () => {
    const token = await stack.token('clinician');
    atNow();
    const r = await stack.query(token, WITH_CASE, { within: 48 });
    expect(r).toEqual({
      status: 200,
      body: {
        data: {
          clinicalAlerts: [
            {
              caseId: files.given!.id,
              clock: 'EMERGENCY_CONTRACEPTION',
              deadline: iso(20),
              minutesLeft: 1200,
              hoursLeft: 20,
              case: {
                caseNumber: files.given!.caseNumber,
                survivor: { code: files.given!.survivorCode },
                medical: { clocks: CLOCKS.map((clock, i) => ({ clock, status: STATUSES[i] })) },
              },
            },
            {
              caseId: files.withdrawn!.id,
              clock: 'EMERGENCY_CONTRACEPTION',
              deadline: iso(30),
              minutesLeft: 1800,
              hoursLeft: 30,
              case: null,
            },
          ],
        },
        errors: REFUSED_CASE[testPlanner],
      },
    });
  });

  it('the Huye clinician is shown the Huye case only; hours that reach no deadline show nothing', async () => {
    const token = await stack.token('huye-clinician');
    atNow();
    const q = 'query($within: Int!) { clinicalAlerts(within: $within) { caseId clock hoursLeft case { caseNumber } } }';
    expect(await stack.query(token, q, { within: 40 })).toEqual({
      status: 200,
      body: {
        data: {
          clinicalAlerts: [
            {
              caseId: files.huye!.id,
              clock: 'EMERGENCY_CONTRACEPTION',
              hoursLeft: 40,
              case: { caseNumber: files.huye!.caseNumber },
            },
          ],
        },
      },
    });
    expect(await stack.query(token, q, { within: 39 })).toEqual({
      status: 200,
      body: { data: { clinicalAlerts: [] } },
    });
  });

  it.each(['investigator', 'social-worker', 'psychologist', 'reception', 'analyst', 'ministry-system'])(
    '%s: refused at the gateway (UNAUTHORIZED_FIELD_OR_TYPE); no subgraph is asked',
    async (login) => {
      const token = await stack.token(login);
      stack.resetStatements();
      expect(await stack.query(token, WITH_CASE, { within: 48 })).toEqual({
        status: 200,
        // Nothing left to ask: no data at all, as the gateway answers an operation it has emptied.
        body: { data: null, errors: [unauthorized(['clinicalAlerts'])] },
      });
      expect([...stack.statements.values()].reduce((a, b) => a + b, 0)).toBe(0);
    },
  );

  it('anonymous: refused at the gateway; the public directory beside it is answered', async () => {
    const r = await stack.query(null, '{ clinicalAlerts(within: 6) { caseId } hotlines { number } }');
    expect(r).toEqual({
      status: 200,
      body: {
        data: { clinicalAlerts: null, hotlines: [{ number: '3512' }, { number: '3029' }, { number: '116' }] },
        errors: [unauthorized(['clinicalAlerts'])],
      },
    });
  });

  it('a number of hours outside 1 to 168 is refused by health (BAD_USER_INPUT), through the gateway', async () => {
    const token = await stack.token('clinician');
    for (const within of [0, 169]) {
      expect(await stack.query(token, WITH_CASE, { within })).toEqual({
        status: 200,
        body: {
          data: { clinicalAlerts: null },
          errors: [badInput({ field: 'within', problem: 'must be from 1 to 168 hours' }, ['clinicalAlerts'])],
        },
      });
    }
  });

  it('clinicians of two centers asking at the same moment, 20 rounds: each is shown only their own cases', async () => {
    const gasabo = await stack.token('clinician');
    const huye = await stack.token('huye-clinician');
    atNow();
    const q = '{ clinicalAlerts(within: 168) { caseId clock hoursLeft } }';
    const own = (...ids: [string, number][]) => ({
      status: 200,
      body: {
        data: {
          clinicalAlerts: ids.map(([caseId, hoursLeft]) => ({ caseId, clock: 'EMERGENCY_CONTRACEPTION', hoursLeft })),
        },
      },
    });
    for (let round = 0; round < 20; round++) {
      const [a, b] = await Promise.all([stack.query(gasabo, q), stack.query(huye, q)]);
      expect([a, b]).toEqual([own([files.given!.id, 20], [files.withdrawn!.id, 30]), own([files.huye!.id, 40])]);
    }
  });
});
