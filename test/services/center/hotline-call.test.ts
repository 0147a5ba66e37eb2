import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { HotlineCall } from '../../../services/center/entities/hotline-call.entity.js';
import type { Role } from '../../../services/shared/catalogue.js';
import { type Caller } from '../../../services/shared/caller.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { anonymous, asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogSince,
  data,
  entry,
  freezeClock,
  gasabo,
  HOUR,
  intake,
  lastLogId,
  MINUTE,
  openCase,
  UUID,
  writesNothing,
  receptionist,
} from './fixtures.js';

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
});
afterEach(() => {
  vi.useRealTimers();
});

const reception = asDemoUser('reception');
const CALL_FIELDS =
  'id line channel receivedAt callerName callerPhone childCaller outcome referredTo { code } caseId center { code } recordedBy';
/** CALL_FIELDS as the access log names them, under `hotlineCalls`. */
const CALL_READ = [
  'caseId',
  'callerName',
  'callerPhone',
  'center.code',
  'channel',
  'childCaller',
  'id',
  'line',
  'outcome',
  'receivedAt',
  'recordedBy',
  'referredTo.code',
]
  .map((f) => `hotlineCalls.${f}`)
  .sort();
const RECORD = `mutation Record($input: RecordHotlineCallInput!) { recordHotlineCall(input: $input) { ${CALL_FIELDS} } }`;
const CALLS = `query Calls($code: String!, $since: DateTimeISO!) {
  hotlineCalls(centerCode: $code, since: $since) { id line callerName outcome }
}`;

/** An anonymous adult's call to 3512 at GASABO-1, advised, unless `over` says otherwise. */
const call = (over: Record<string, unknown> = {}) => ({
  centerCode: 'GASABO-1',
  line: '3512',
  childCaller: false,
  outcome: 'ADVICE',
  ...over,
});

const record = (p: Caller | null, input: Record<string, unknown>) => h.run(p, RECORD, { input });

describe('recordHotlineCall', () => {
  it('records an anonymous call, answered and logged without a case, with no name kept', async () => {
    const now = freezeClock();
    const since = await lastLogId(h);
    expect(await record(reception, call())).toEqual({
      data: {
        recordHotlineCall: {
          id: expect.stringMatching(UUID),
          line: '3512',
          channel: 'CALL',
          receivedAt: now.toISOString(),
          callerName: null,
          callerPhone: null,
          childCaller: false,
          outcome: 'ADVICE',
          referredTo: null,
          caseId: null,
          center: { code: 'GASABO-1' },
          recordedBy: 'demo:reception',
        },
      },
    });
    expect(await accessLogSince(h, since)).toEqual([
      entry(reception, { caseId: null, action: 'WRITE', fields: ['recordHotlineCall.3512'], basis: 'CARE_TEAM' }),
      entry(reception, { caseId: null, action: 'READ', fields: CALL_READ, basis: 'CARE_TEAM' }),
    ]);
  });

  it('flags a child caller on the child helpline who was sent to another center', async () => {
    expect(
      data(
        await record(
          reception,
          call({ line: '116', childCaller: true, outcome: 'REFERRED_TO_CENTER', referredCenterCode: 'HUYE-1' }),
        ),
      ),
    ).toMatchObject({
      recordHotlineCall: {
        line: '116',
        childCaller: true,
        outcome: 'REFERRED_TO_CENTER',
        referredTo: { code: 'HUYE-1' },
      },
    });
  });

  it('links a call to the case opened for the caller, who gave a name: logged on the case', async () => {
    const c = await openCase(h, intake('GASABO-1'));
    const since = await lastLogId(h);
    const res = await record(
      reception,
      call({
        line: '3029',
        callerName: 'Synthetic Caller',
        callerPhone: '+250 788 000 000',
        outcome: 'CASE_OPENED',
        caseId: c.id,
      }),
    );
    expect(data(res)).toMatchObject({
      recordHotlineCall: {
        callerName: 'Synthetic Caller',
        callerPhone: '+250 788 000 000',
        outcome: 'CASE_OPENED',
        caseId: c.id,
      },
    });
    expect(await accessLogSince(h, since)).toEqual([
      entry(reception, { caseId: c.id, action: 'WRITE', fields: ['recordHotlineCall.3029'], basis: 'CARE_TEAM' }),
      entry(reception, { caseId: c.id, action: 'READ', fields: CALL_READ, basis: 'CARE_TEAM' }),
    ]);
  });

  it('takes a text message on 3512 only', async () => {
    expect(data(await record(reception, call({ channel: 'SMS' })))).toMatchObject({
      recordHotlineCall: { channel: 'SMS', line: '3512' },
    });
    expect(await record(reception, call({ channel: 'SMS', line: '116' }))).toEqual({
      data: null,
      errors: [badInput({ field: 'input.channel', problem: 'only 3512 takes text messages' }, ['recordHotlineCall'])],
    });
  });

  describe('bad input, nothing written', () => {
    const e = ['recordHotlineCall'];
    async function refused(input: Record<string, unknown>, p: Caller = reception) {
      return writesNothing(h, () => record(p, input));
    }

    it('refuses a number that is not a hotline, a malformed phone, a blank name', async () => {
      expect(await refused(call({ line: '911', callerPhone: 'call me', callerName: ' ' }))).toEqual({
        data: null,
        errors: [
          badInput(
            [
              { field: 'input.line', problem: 'must be one of the hotlines: 3512, 3029, 116' },
              { field: 'input.callerName', problem: 'must not be blank' },
              { field: 'input.callerPhone', problem: 'must be a phone number' },
            ],
            e,
          ),
        ],
      });
    });

    it('refuses an outcome without what it names, or with what another outcome names, all at once', async () => {
      const c = await openCase(h, intake('GASABO-1'));
      expect(await refused(call({ outcome: 'REFERRED_TO_CENTER', caseId: c.id }))).toEqual({
        data: null,
        errors: [
          badInput(
            [
              { field: 'input.referredCenterCode', problem: 'name the center the caller was sent to' },
              { field: 'input.caseId', problem: 'only for CASE_OPENED' },
            ],
            e,
          ),
        ],
      });
      expect(await refused(call({ outcome: 'CASE_OPENED', referredCenterCode: 'HUYE-1' }))).toEqual({
        data: null,
        errors: [
          badInput(
            [
              { field: 'input.referredCenterCode', problem: 'only for REFERRED_TO_CENTER' },
              { field: 'input.caseId', problem: 'name the case opened' },
            ],
            e,
          ),
        ],
      });
      expect(
        await refused(
          call({ centerCode: 'NOWHERE-1', outcome: 'REFERRED_TO_CENTER', referredCenterCode: 'NOWHERE-2' }),
        ),
      ).toEqual({
        data: null,
        errors: [
          badInput(
            [
              { field: 'input.centerCode', problem: 'no center has this code' },
              { field: 'input.referredCenterCode', problem: 'no center has this code' },
            ],
            e,
          ),
        ],
      });
    });

    it('records a call received up to a day ago, to the minute, and not in the future', async () => {
      const now = freezeClock(new Date(Math.floor(Date.now() / MINUTE) * MINUTE));
      const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
      expect(await refused(call({ receivedAt: at(-24 * HOUR - MINUTE) }))).toEqual({
        data: null,
        errors: [
          badInput(
            {
              field: 'input.receivedAt',
              problem: 'must not be more than a day ago: a call is recorded the day it is answered',
            },
            e,
          ),
        ],
      });
      expect(await refused(call({ receivedAt: at(HOUR) }))).toEqual({
        data: null,
        errors: [badInput({ field: 'input.receivedAt', problem: 'must not be in the future' }, e)],
      });
      expect(data(await record(reception, call({ receivedAt: at(-24 * HOUR) })))).toMatchObject({
        recordHotlineCall: { receivedAt: at(-24 * HOUR) },
      });
    });
  });

  describe('who may not record a call', () => {
    const e = ['recordHotlineCall'];
    async function refused(p: Caller | null, input: Record<string, unknown>) {
      return writesNothing(h, () => record(p, input));
    }

    it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
      expect(await refused(anonymous, call())).toEqual({ data: null, errors: [unauthenticated(e)] });
    });

    it.each([
      'case-manager',
      'psychologist',
      'clinician',
      'investigator',
      'social-worker',
      'local-official',
      'analyst',
      'auditor',
      'administrator',
      'ministry-system',
    ] as Role[])('refuses a %s (no hotline:write) with FORBIDDEN MISSING_SCOPE', async (role) => {
      expect(await refused(gasabo(role), call())).toEqual({ data: null, errors: [forbidden('MISSING_SCOPE', e)] });
    });

    it("refuses a call recorded at another center's reception, and a case of another center, with OUT_OF_SCOPE", async () => {
      const huye = asRole('reception-officer', { centers: ['HUYE-1'] });
      expect(await refused(huye, call())).toEqual({ data: null, errors: [forbidden('OUT_OF_SCOPE', e)] });
      const c = await openCase(h, intake('GASABO-1'));
      expect(await refused(huye, call({ centerCode: 'HUYE-1', outcome: 'CASE_OPENED', caseId: c.id }))).toEqual({
        data: null,
        errors: [forbidden('OUT_OF_SCOPE', e)],
      });
    });
  });
});

describe('hotlineCalls', () => {
  it("shows a center's calls to its reception and case managers, names only with survivor:identity, logged", async () => {
    const code = 'NGOMA-1';
    const desk = receptionist('reception-ngoma', [code]);
    const since = new Date(Date.now() - MINUTE).toISOString();
    const first = data<{ recordHotlineCall: { id: string } }>(
      await record(desk, call({ centerCode: code, callerName: 'Synthetic Caller' })),
    ).recordHotlineCall;
    const second = data<{ recordHotlineCall: { id: string } }>(
      await record(desk, call({ centerCode: code, line: '116', childCaller: true })),
    ).recordHotlineCall;
    const expected = {
      data: {
        hotlineCalls: [
          { id: second.id, line: '116', callerName: null, outcome: 'ADVICE' },
          { id: first.id, line: '3512', callerName: 'Synthetic Caller', outcome: 'ADVICE' },
        ],
      },
    };
    const manager = asRole('case-manager', { centers: [code] });
    const log = await lastLogId(h);
    expect(await h.run(desk, CALLS, { code, since })).toEqual(expected);
    expect(await h.run(manager, CALLS, { code, since })).toEqual(expected);
    const fields = ['hotlineCalls.callerName', 'hotlineCalls.id', 'hotlineCalls.line', 'hotlineCalls.outcome'];
    expect(await accessLogSince(h, log)).toEqual([
      entry(desk, { caseId: null, action: 'READ', fields, basis: 'CARE_TEAM' }),
      entry(manager, { caseId: null, action: 'READ', fields, basis: 'CARE_TEAM' }),
    ]);
  });

  it('is refused to staff of other centers and to roles without hotline:read', async () => {
    const since = new Date(Date.now() - HOUR).toISOString();
    expect(
      await h.run(asRole('reception-officer', { centers: ['HUYE-1'] }), CALLS, { code: 'GASABO-1', since }),
    ).toEqual({
      data: { hotlineCalls: null },
      errors: [forbidden('OUT_OF_SCOPE', ['hotlineCalls'])],
    });
    // A code that names no center is answered as one that is not yours.
    expect(await h.run(reception, CALLS, { code: 'NOWHERE-1', since })).toEqual({
      data: { hotlineCalls: null },
      errors: [forbidden('OUT_OF_SCOPE', ['hotlineCalls'])],
    });
    for (const p of [gasabo('psychologist'), gasabo('clinician'), gasabo('auditor'), gasabo('administrator')]) {
      expect(await h.run(p, CALLS, { code: 'GASABO-1', since })).toEqual({
        data: { hotlineCalls: null },
        errors: [forbidden('MISSING_SCOPE', ['hotlineCalls'])],
      });
    }
    expect(await h.run(anonymous, CALLS, { code: 'GASABO-1', since })).toEqual({
      data: { hotlineCalls: null },
      errors: [unauthenticated(['hotlineCalls'])],
    });
  });

  // Receptionists of three centers record and list calls at the same moment: each list is their center's own.
  it('answers each of several receptionists at the same moment with their own center only', async () => {
    const codes = ['KIREHE-1', 'RUSIZI-1', 'MUSANZE-1'];
    const LISTED = `query Calls($code: String!, $since: DateTimeISO!) {
      hotlineCalls(centerCode: $code, since: $since) { id center { code } }
    }`;
    const desks = codes.map((c) => receptionist(`reception-${c}`, [c]));
    const since = new Date(Date.now() - MINUTE).toISOString();
    for (let round = 0; round < 5; round++) {
      await Promise.all(desks.map((d, i) => record(d, call({ centerCode: codes[i] }))));
      const lists = await Promise.all(desks.map((d, i) => h.run(d, LISTED, { code: codes[i], since })));
      const rows = await Promise.all(codes.map((code) => h.orm.em.fork().count(HotlineCall, { center: { code } })));
      lists.forEach((l, i) => {
        const shown = (l.data as { hotlineCalls: { center: { code: string } }[] }).hotlineCalls;
        expect(shown.map((c) => c.center.code)).toEqual(Array(rows[i]).fill(codes[i]));
      });
      expect(rows).toEqual([round + 1, round + 1, round + 1]);
    }
  });
});
