import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClockNotApplicable } from '../../../services/health/entities/clock-not-applicable.entity.js';
import { health } from '../../../services/health/index.js';
import { callerFromClaims } from '../../../services/shared/caller.js';
import { testDatabase } from '../../helpers/database.js';
import {
  badInput,
  conflict,
  errorsWithoutLocations,
  forbidden,
  invalidVariable,
  type Problem,
  unauthenticated,
} from '../../helpers/errors.js';
import { anonymous, asDemoUser } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, CLINICIAN, entry, HUYE_CLINICIAN, referredCase, refs } from './fixtures.js';

// recordClockNotApplicable: a clinician records that a clinical clock does not apply to the survivor, and why. Health
// is not told the survivor's sex or age, nor the incident type, and most reasons (already vaccinated, already on
// antiretrovirals, the survivor declined the examination) are the clinician's to know; the clock then shows
// NOT_APPLICABLE with the reason (clinical-clocks.test.ts shows how it reads).

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(health, await testDatabase()));
});

const RECORD = `
  mutation NotApplicable($input: RecordClockNotApplicableInput!) {
    recordClockNotApplicable(input: $input) { id caseId }
  }`;

const REASON = 'Male survivor: emergency contraception does not apply.';

function input(caseId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { caseId, clock: 'EMERGENCY_CONTRACEPTION', reason: REASON, ...over };
}

const written = (caseId: string) => ({
  data: { recordClockNotApplicable: { id: expect.any(String), caseId: caseId.toLowerCase() } },
});
const idOf = (res: { data?: Record<string, unknown> | null }) =>
  (res.data?.recordClockNotApplicable as { id: string }).id;

async function stored(id: string) {
  const n = await h.orm.em.fork().findOneOrFail(ClockNotApplicable, { id });
  return { caseId: n.caseId, centerCode: n.centerCode, clock: n.clock, reason: n.reason, recordedBy: n.recordedBy };
}
const countFor = (caseId: string) => h.orm.em.fork().count(ClockNotApplicable, { caseId });

const writeEntry = (caseId: string, clock = 'EMERGENCY_CONTRACEPTION', who = CLINICIAN) =>
  entry({ ...who, caseId, action: 'WRITE', fields: [`recordClockNotApplicable.${clock}`], basis: 'OWN_RECORD' });

const refusedInput = (...problems: Problem[]) => ({
  data: null,
  errors: [badInput(problems, ['recordClockNotApplicable'])],
});
const MISSING_SCOPE = { data: null, errors: [forbidden('MISSING_SCOPE', ['recordClockNotApplicable'])] };
const NOT_REFERRED = { data: null, errors: [forbidden('NOT_REFERRED', ['recordClockNotApplicable'])] };

describe('recordClockNotApplicable: who may record', () => {
  it("a clinician records it on a referred case, at the case's center; the write is logged; the clock then shows it", async () => {
    const caseId = await referredCase(h, 'GASABO-1', 'ACCEPTED', new Date(Date.now() - 3 * 3_600_000));
    const res = await h.run(asDemoUser('clinician'), RECORD, { input: input(caseId, { reason: `  ${REASON}  ` }) });
    expect(res).toEqual(written(caseId));
    expect(await stored(idOf(res))).toEqual({
      caseId,
      centerCode: 'GASABO-1',
      clock: 'EMERGENCY_CONTRACEPTION',
      reason: REASON,
      recordedBy: 'demo:clinician',
    });
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId)]);

    const read = await h.run(
      asDemoUser('clinician'),
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { medical {
        clocks { clock status notApplicable { reason recordedBy } } } } } }`,
      refs(caseId),
    );
    expect(read).toEqual({
      data: {
        _entities: [
          {
            medical: {
              clocks: [
                { clock: 'HIV_PEP', status: 'DUE', notApplicable: null },
                {
                  clock: 'EMERGENCY_CONTRACEPTION',
                  status: 'NOT_APPLICABLE',
                  notApplicable: { reason: REASON, recordedBy: 'demo:clinician' },
                },
                { clock: 'HEPATITIS_B_VACCINE', status: 'DUE', notApplicable: null },
                { clock: 'FORENSIC_EVIDENCE', status: 'DUE', notApplicable: null },
              ],
            },
          },
        ],
      },
    });
  });

  it('each clock of a case may be recorded once; a second record of the same clock is a CONFLICT and writes nothing', async () => {
    const caseId = await referredCase(h);
    expect(await h.run(asDemoUser('clinician'), RECORD, { input: input(caseId) })).toEqual(written(caseId));
    const again = await h.run(asDemoUser('clinician'), RECORD, {
      input: input(caseId, { reason: 'Recorded a second time by mistake.' }),
    });
    expect(again).toEqual({
      data: null,
      errors: [conflict('this clock is already recorded as not applicable on this case', ['recordClockNotApplicable'])],
    });
    const other = await h.run(asDemoUser('clinician'), RECORD, {
      input: input(caseId, { clock: 'HEPATITIS_B_VACCINE', reason: 'Fully vaccinated against hepatitis B in 2019.' }),
    });
    expect(other).toEqual(written(caseId));
    expect(await countFor(caseId)).toBe(2);
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId), writeEntry(caseId, 'HEPATITIS_B_VACCINE')]);
  });

  it.each([
    'case-manager',
    'reception',
    'psychologist',
    'investigator',
    'social-worker',
    'local-official',
    'analyst',
    'auditor',
    'admin',
    'ministry-system',
  ])('%s may not record it (FORBIDDEN, MISSING_SCOPE); nothing is written or logged', async (login) => {
    const caseId = await referredCase(h);
    expect(await h.run(asDemoUser(login), RECORD, { input: input(caseId) })).toEqual(MISSING_SCOPE);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a clinician whose token does not carry medical:write is refused (FORBIDDEN, MISSING_SCOPE)', async () => {
    const narrowed = callerFromClaims({
      sub: 'demo:clinician',
      agency: 'health',
      roles: ['clinician'],
      scope: 'case:read medical:read',
      centers: ['GASABO-1'],
    });
    const caseId = await referredCase(h);
    expect(await h.run(narrowed, RECORD, { input: input(caseId) })).toEqual(MISSING_SCOPE);
    expect(await countFor(caseId)).toBe(0);
  });

  it('anonymous: UNAUTHENTICATED; nothing is written or logged', async () => {
    const caseId = await referredCase(h);
    expect(await h.run(anonymous, RECORD, { input: input(caseId) })).toEqual({
      data: null,
      errors: [unauthenticated(['recordClockNotApplicable'])],
    });
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });
});

describe('recordClockNotApplicable: on which case, and where', () => {
  it('a case health has not been told of: FORBIDDEN (NOT_REFERRED)', async () => {
    const caseId = randomUUID();
    expect(await h.run(asDemoUser('clinician'), RECORD, { input: input(caseId) })).toEqual(NOT_REFERRED);
    expect(await countFor(caseId)).toBe(0);
  });

  it("a clinician of another center: FORBIDDEN (NOT_REFERRED); that center's clinician then records it", async () => {
    const caseId = await referredCase(h, 'HUYE-1');
    expect(await h.run(asDemoUser('clinician'), RECORD, { input: input(caseId) })).toEqual(NOT_REFERRED);
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
    const res = await h.run(asDemoUser('huye-clinician'), RECORD, { input: input(caseId) });
    expect(res).toEqual(written(caseId));
    expect((await stored(idOf(res))).centerCode).toBe('HUYE-1');
    expect(await accessLogOf(h, caseId)).toEqual([writeEntry(caseId, 'EMERGENCY_CONTRACEPTION', HUYE_CLINICIAN)]);
  });

  it.each(['REJECTED', 'COMPLETED', 'REVOKED'] as const)(
    'a case whose referral to health is %s: FORBIDDEN (NOT_REFERRED)',
    async (status) => {
      const caseId = await referredCase(h, 'GASABO-1', status);
      expect(await h.run(asDemoUser('clinician'), RECORD, { input: input(caseId) })).toEqual(NOT_REFERRED);
      expect(await countFor(caseId)).toBe(0);
    },
  );
});

describe('recordClockNotApplicable: bad input', () => {
  it.each([
    ['a reason of fewer than 10 letters', { reason: 'Male.' }, 'must say why in at least 10 letters'],
    ['a blank reason', { reason: '   ' }, 'must say why in at least 10 letters'],
    ['ten dots', { reason: '..........' }, 'must say why in at least 10 letters'],
    [
      'a reason over 2,000 characters',
      { reason: 'a'.repeat(2001) },
      'reason must be shorter than or equal to 2000 characters',
    ],
  ])('%s is refused (BAD_USER_INPUT); nothing is written or logged', async (_what, over, problem) => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('clinician'), RECORD, { input: input(caseId, over) });
    expect(res).toEqual(refusedInput({ field: 'input.reason', problem }));
    expect(await countFor(caseId)).toBe(0);
    expect(await accessLogOf(h, caseId)).toEqual([]);
  });

  it('a reason of exactly 10 letters and one of exactly 2,000 characters are taken', async () => {
    const a = await referredCase(h);
    const b = await referredCase(h);
    expect(await h.run(asDemoUser('clinician'), RECORD, { input: input(a, { reason: 'Vaccinated' }) })).toEqual(
      written(a),
    );
    expect(await h.run(asDemoUser('clinician'), RECORD, { input: input(b, { reason: 'a'.repeat(2000) }) })).toEqual(
      written(b),
    );
  });

  it('a case id that is not a UUID is named (BAD_USER_INPUT), with every other problem at once', async () => {
    const res = await h.run(asDemoUser('clinician'), RECORD, { input: input('not-a-uuid', { reason: 'No.' }) });
    expect(res).toEqual(
      refusedInput(
        { field: 'input.caseId', problem: 'caseId must be a UUID' },
        { field: 'input.reason', problem: 'must say why in at least 10 letters' },
      ),
    );
  });

  it('a clock that does not exist is refused by GraphQL before anything runs', async () => {
    const caseId = await referredCase(h);
    const res = await h.run(asDemoUser('clinician'), RECORD, { input: input(caseId, { clock: 'TETANUS' }) });
    expect(res).toEqual({
      errors: [
        invalidVariable(
          'Variable "$input" got invalid value "TETANUS" at "input.clock"; Value "TETANUS" does not exist in "ClinicalClock" enum.',
        ),
      ],
    });
    expect(await countFor(caseId)).toBe(0);
  });
});

describe('recordClockNotApplicable: several clinicians at the same moment', () => {
  it('two clinicians of the center record the same clock at once: one is written, the other is a CONFLICT', async () => {
    const caseId = await referredCase(h);
    const colleague = callerFromClaims({
      sub: 'idp:night-clinician',
      agency: 'health',
      roles: ['clinician'],
      scope: 'case:read medical:read medical:write',
      centers: ['GASABO-1'],
    });
    const answers = await Promise.all([
      h.run(asDemoUser('clinician'), RECORD, { input: input(caseId) }),
      h.run(colleague, RECORD, { input: input(caseId, { reason: 'Male survivor, seen on the night shift.' }) }),
    ]);
    const refused = {
      data: null,
      errors: [conflict('this clock is already recorded as not applicable on this case', ['recordClockNotApplicable'])],
    };
    expect(answers.filter((a) => a.errors === undefined)).toEqual([written(caseId)]);
    expect(answers.filter((a) => a.errors !== undefined)).toEqual([refused]);
    expect(await countFor(caseId)).toBe(1);
    expect(await accessLogOf(h, caseId)).toHaveLength(1);
  });

  it("clinicians of two centers record on their own cases at once; each lands at its own center, and neither on the other's", async () => {
    const gasabo = await referredCase(h, 'GASABO-1');
    const huye = await referredCase(h, 'HUYE-1');
    const [a, b, crossA, crossB] = await Promise.all([
      h.run(asDemoUser('clinician'), RECORD, { input: input(gasabo) }),
      h.run(asDemoUser('huye-clinician'), RECORD, { input: input(huye) }),
      h.run(asDemoUser('clinician'), RECORD, { input: input(huye, { clock: 'HIV_PEP' }) }),
      h.run(asDemoUser('huye-clinician'), RECORD, { input: input(gasabo, { clock: 'HIV_PEP' }) }),
    ]);
    expect([a, b, crossA, crossB]).toEqual([written(gasabo), written(huye), NOT_REFERRED, NOT_REFERRED]);
    expect(await stored(idOf(a))).toMatchObject({
      caseId: gasabo,
      centerCode: 'GASABO-1',
      recordedBy: 'demo:clinician',
    });
    expect(await stored(idOf(b))).toMatchObject({
      caseId: huye,
      centerCode: 'HUYE-1',
      recordedBy: 'demo:huye-clinician',
    });
    expect([await countFor(gasabo), await countFor(huye)]).toEqual([1, 1]);
  });
});
