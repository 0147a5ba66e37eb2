import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { type Caller } from '../../../services/shared/caller.js';
import type { Role } from '../../../services/shared/catalogue.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, conflict, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { anonymous, asDemoUser, asRole } from '../../helpers/principals.js';
import { type GraphQLResponse, type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogOf,
  entry,
  freezeClock,
  HOUR,
  intake,
  lastCaseNumber,
  openCase,
  type OpenCaseVariables,
  rowCounts,
  SURVIVOR_CODE,
  UUID,
  receptionist,
} from './fixtures.js';

// A bulk import of intakes (a center's paper register brought into the hub, or a burst sent by a system) is opened all
// or nothing, in one transaction, with each intake checked as openCase checks it and carrying its own idempotency key:
// a retried import opens nothing twice, even when the retries race, and case numbers are taken without gaps.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
});
afterEach(() => {
  vi.useRealTimers();
});

const IMPORT = `mutation Import($input: ImportCasesInput!) {
  importCases(input: $input) { id caseNumber center { code } survivor { id code } }
}`;
const newKey = () => `import-${randomUUID()}`;
const year = () => new Date().getUTCFullYear();
const nth = (n: number) => String(n).padStart(6, '0');

const clerk = receptionist('test-import-clerk', ['GASABO-1', 'KICUKIRO-1']);

/** A valid intake at `centerCode` with a key of its own. */
const keyed = (centerCode: string, more: Partial<OpenCaseVariables> = {}): OpenCaseVariables =>
  intake(centerCode, { idempotencyKey: newKey(), ...more });

type Imported = { id: string; caseNumber: string; center: { code: string }; survivor: { id: string; code: string } };
const casesOf = (res: GraphQLResponse) => (res.data as { importCases: Imported[] }).importCases;

/** The whole answer to an import of intakes at `centers`, numbered from `first` per center. */
function answer(centers: string[], numbers: string[]): GraphQLResponse {
  return {
    data: {
      importCases: centers.map((code, i) => ({
        id: expect.stringMatching(UUID),
        caseNumber: numbers[i],
        center: { code },
        survivor: { id: expect.stringMatching(UUID), code: expect.stringMatching(SURVIVOR_CODE) },
      })),
    },
  };
}

/** Run the import and prove that the answer wrote nothing at all. */
async function refused(principal: Caller | null, input: unknown): Promise<GraphQLResponse> {
  const before = await rowCounts(h);
  const sequences = {
    gasabo: await lastCaseNumber(h, 'GASABO-1', year()),
    kicukiro: await lastCaseNumber(h, 'KICUKIRO-1', year()),
  };
  const res = await h.run(principal, IMPORT, { input });
  expect(await rowCounts(h)).toEqual(before);
  expect({
    gasabo: await lastCaseNumber(h, 'GASABO-1', year()),
    kicukiro: await lastCaseNumber(h, 'KICUKIRO-1', year()),
  }).toEqual(sequences);
  return res;
}

describe('importCases: many intakes opened at once, all or nothing', () => {
  it('opens each intake in order, numbers them one after another per center, and logs a write and a read of each', async () => {
    const now = freezeClock();
    const g = await lastCaseNumber(h, 'GASABO-1', now.getUTCFullYear());
    const k = await lastCaseNumber(h, 'KICUKIRO-1', now.getUTCFullYear());
    const cases = [keyed('KICUKIRO-1'), keyed('GASABO-1'), keyed('KICUKIRO-1')];
    const before = await rowCounts(h);

    const res = await h.run(clerk, IMPORT, { input: { cases } });
    const y = now.getUTCFullYear();
    expect(res).toEqual(
      answer(
        ['KICUKIRO-1', 'GASABO-1', 'KICUKIRO-1'],
        [`KICUKIRO-1/${y}/${nth(k + 1)}`, `GASABO-1/${y}/${nth(g + 1)}`, `KICUKIRO-1/${y}/${nth(k + 2)}`],
      ),
    );
    expect(await rowCounts(h)).toEqual({
      ...before,
      survivors: before.survivors + 3,
      identities: before.identities + 3,
      cases: before.cases + 3,
      intakeKeys: before.intakeKeys + 3,
      sequences: before.sequences + (g === 0 ? 1 : 0) + (k === 0 ? 1 : 0),
      accessLog: before.accessLog + 6,
    });
    const fields = ['caseNumber', 'center.code', 'id', 'survivor.code', 'survivor.id'];
    for (const c of casesOf(res)) {
      expect(await accessLogOf(h, c.id)).toEqual([
        entry(clerk, { caseId: c.id, action: 'WRITE', fields: ['openCase'], basis: 'CARE_TEAM' }),
        entry(clerk, { caseId: c.id, action: 'READ', fields, basis: 'CARE_TEAM' }),
      ]);
    }
  });

  it('answers a retried import with the same cases and writes nothing but the reads', async () => {
    const cases = [keyed('GASABO-1'), keyed('GASABO-1')];
    const first = await h.run(clerk, IMPORT, { input: { cases } });
    const before = await rowCounts(h);
    const number = await lastCaseNumber(h, 'GASABO-1', year());

    expect(await h.run(clerk, IMPORT, { input: { cases } })).toEqual(first);
    expect(await rowCounts(h)).toEqual({ ...before, accessLog: before.accessLog + 2 });
    expect(await lastCaseNumber(h, 'GASABO-1', year())).toBe(number);
  });

  it('opens only the new intakes of an import that repeats some of an earlier one, and answers the rest as before', async () => {
    const [a, b, c] = [keyed('GASABO-1'), keyed('GASABO-1'), keyed('GASABO-1')];
    const first = casesOf(await h.run(clerk, IMPORT, { input: { cases: [a, b] } }));
    const number = await lastCaseNumber(h, 'GASABO-1', year());

    const second = casesOf(await h.run(clerk, IMPORT, { input: { cases: [c, a] } }));
    expect(second[1]).toEqual(first[0]);
    expect(second[0]?.caseNumber).toBe(`GASABO-1/${year()}/${nth(number + 1)}`);
    expect(await lastCaseNumber(h, 'GASABO-1', year())).toBe(number + 1);
  });

  it('opens returning survivors new cases within the import, their ids in any case of letters', async () => {
    const a = await openCase(h, intake('GASABO-1'), clerk);
    const b = await openCase(h, intake('KICUKIRO-1'), clerk);
    const res = await h.run(clerk, IMPORT, {
      input: {
        cases: [
          keyed('GASABO-1', { survivor: undefined, survivorId: a.survivorId }),
          keyed('KICUKIRO-1', { survivor: undefined, survivorId: b.survivorId.toUpperCase() }),
          keyed('GASABO-1', { survivor: undefined, survivorId: b.survivorId }),
        ],
      },
    });
    expect(casesOf(res).map((c) => c.survivor)).toEqual([
      { id: a.survivorId, code: a.survivorCode },
      { id: b.survivorId, code: b.survivorCode },
      { id: b.survivorId, code: b.survivorCode },
    ]);
  });
});

describe('importCases under concurrent imports', () => {
  it('opens ten cases once for five identical imports sent at the same moment, and answers each with them', async () => {
    const cases = Array.from({ length: 10 }, (_, i) => keyed(i % 2 ? 'GASABO-1' : 'KICUKIRO-1'));
    const before = await rowCounts(h);
    const g = await lastCaseNumber(h, 'GASABO-1', year());
    const k = await lastCaseNumber(h, 'KICUKIRO-1', year());

    const answers = await Promise.all(Array.from({ length: 5 }, () => h.run(clerk, IMPORT, { input: { cases } })));
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(casesOf(answers[0]!)).toHaveLength(10);
    expect(await rowCounts(h)).toEqual({
      ...before,
      survivors: before.survivors + 10,
      identities: before.identities + 10,
      cases: before.cases + 10,
      intakeKeys: before.intakeKeys + 10,
      accessLog: before.accessLog + 10 + 50,
    });
    expect(await lastCaseNumber(h, 'GASABO-1', year())).toBe(g + 5);
    expect(await lastCaseNumber(h, 'KICUKIRO-1', year())).toBe(k + 5);
  });

  it('keeps imports by different clerks over the same centers apart: every number once, none lost, no deadlock', async () => {
    const clerks = Array.from({ length: 6 }, (_, i) =>
      receptionist(`test-import-clerk-${i}`, ['GASABO-1', 'KICUKIRO-1']),
    );
    const g = await lastCaseNumber(h, 'GASABO-1', year());
    const k = await lastCaseNumber(h, 'KICUKIRO-1', year());
    // Half list Kicukiro first, half Gasabo first: the counters are still locked in one order.
    const answers = await Promise.all(
      clerks.map((c, i) => {
        const order = i % 2 ? ['GASABO-1', 'KICUKIRO-1'] : ['KICUKIRO-1', 'GASABO-1'];
        return h.run(c, IMPORT, { input: { cases: [...order, ...order].map((code) => keyed(code)) } });
      }),
    );
    const opened = answers.flatMap((a, i) => casesOf(a).map((c) => ({ ...c, by: clerks[i]!.subject })));
    expect(opened).toHaveLength(24);
    const numbers = opened.map((c) => c.caseNumber);
    expect(new Set(numbers).size).toBe(24);
    const seqs = (code: string) =>
      numbers
        .filter((n) => n.startsWith(`${code}/`))
        .map((n) => Number(n.split('/')[2]))
        .sort((a, b) => a - b);
    expect(seqs('GASABO-1')).toEqual(Array.from({ length: 12 }, (_, i) => g + 1 + i));
    expect(seqs('KICUKIRO-1')).toEqual(Array.from({ length: 12 }, (_, i) => k + 1 + i));
    // Each case is logged as its own clerk's write, and read only by that clerk.
    for (const c of opened) {
      const log = await accessLogOf(h, c.id);
      expect(log.map((e) => [e.subject, e.action])).toEqual([
        [c.by, 'WRITE'],
        [c.by, 'READ'],
      ]);
    }
  });
});

describe('importCases: who may not import', () => {
  const withoutCaseWrite: [Role, { centers?: string[] }][] = [
    ['psychologist', { centers: ['GASABO-1'] }],
    ['clinician', { centers: ['GASABO-1'] }],
    ['analyst', {}],
  ];
  it.each(withoutCaseWrite)(
    'refuses a %s (no case:write) with FORBIDDEN MISSING_SCOPE and writes nothing',
    async (role, where) => {
      expect(await refused(asRole(role, where), { cases: [keyed('GASABO-1')] })).toEqual({
        data: null,
        errors: [forbidden('MISSING_SCOPE', ['importCases'])],
      });
    },
  );

  it('refuses the whole import, OUT_OF_SCOPE, when one intake is at a center the clerk does not serve', async () => {
    const gasaboOnly = asDemoUser('reception');
    expect(await refused(gasaboOnly, { cases: [keyed('GASABO-1'), keyed('HUYE-1'), keyed('GASABO-1')] })).toEqual({
      data: null,
      errors: [forbidden('OUT_OF_SCOPE', ['importCases'])],
    });
  });

  it('refuses a returning survivor the clerk cannot see, as if the id did not exist', async () => {
    const huye = receptionist('test-import-huye', ['HUYE-1']);
    const theirs = await openCase(h, intake('HUYE-1'), huye);
    expect(
      await refused(clerk, {
        cases: [keyed('GASABO-1'), keyed('GASABO-1', { survivor: undefined, survivorId: theirs.survivorId })],
      }),
    ).toEqual({
      data: null,
      errors: [badInput({ field: 'input.cases[1].survivorId', problem: 'no survivor has this id' }, ['importCases'])],
    });
  });

  it('refuses an anonymous caller with UNAUTHENTICATED and writes nothing', async () => {
    expect(await refused(anonymous, { cases: [keyed('GASABO-1')] })).toEqual({
      data: null,
      errors: [unauthenticated(['importCases'])],
    });
  });

  it("gives a second clerk who sends the first clerk's import cases of their own", async () => {
    const cases = [keyed('GASABO-1')];
    const mine = casesOf(await h.run(clerk, IMPORT, { input: { cases } }));
    const other = receptionist('test-import-other', ['GASABO-1']);
    const theirs = casesOf(await h.run(other, IMPORT, { input: { cases } }));
    expect(theirs[0]?.id).not.toBe(mine[0]?.id);
  });
});

describe('importCases: bad imports are refused whole, naming each intake, and nothing is written', () => {
  it('refuses an empty import and one of 101 intakes', async () => {
    expect(await refused(clerk, { cases: [] })).toEqual({
      data: null,
      errors: [badInput({ field: 'input.cases', problem: 'cases must contain at least 1 elements' }, ['importCases'])],
    });
    const many = Array.from({ length: 101 }, () => keyed('GASABO-1'));
    expect(await refused(clerk, { cases: many })).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.cases', problem: 'cases must contain no more than 100 elements' }, ['importCases']),
      ],
    });
  });

  it('refuses intakes without a key or sharing one, naming each', async () => {
    const shared = newKey();
    const res = await refused(clerk, {
      cases: [
        keyed('GASABO-1', { idempotencyKey: shared }),
        intake('GASABO-1'),
        keyed('GASABO-1', { idempotencyKey: shared }),
      ],
    });
    expect(res).toEqual({
      data: null,
      errors: [
        badInput(
          [
            {
              field: 'input.cases[1].idempotencyKey',
              problem: 'every intake of an import needs its own idempotency key',
            },
            { field: 'input.cases[2].idempotencyKey', problem: 'the same key as input.cases[0]' },
          ],
          ['importCases'],
        ),
      ],
    });
  });

  it('refuses the whole import when one intake is wrong, naming every problem of every intake', async () => {
    const res = await refused(clerk, {
      cases: [
        keyed('GASABO-1'),
        keyed('GASABO-1', { incidentAt: new Date(Date.now() + HOUR).toISOString() }),
        keyed('NOWHERE-9'),
        keyed('GASABO-1', { survivor: { sex: 'FEMALE', estimatedAge: 500 } }),
      ],
    });
    expect(res).toEqual({
      data: null,
      errors: [
        badInput(
          [{ field: 'input.cases[3].survivor.estimatedAge', problem: 'estimatedAge must not be greater than 120' }],
          ['importCases'],
        ),
      ],
    });
    const res2 = await refused(clerk, {
      cases: [
        keyed('GASABO-1'),
        keyed('GASABO-1', { incidentAt: new Date(Date.now() + HOUR).toISOString() }),
        keyed('NOWHERE-9'),
      ],
    });
    expect(res2).toEqual({
      data: null,
      errors: [
        badInput(
          [
            { field: 'input.cases[1].incidentAt', problem: 'must not be in the future' },
            { field: 'input.cases[2].centerCode', problem: 'no center has this code' },
          ],
          ['importCases'],
        ),
      ],
    });
  });

  it('refuses, CONFLICT, an import whose key was used for a different intake, naming the intake', async () => {
    const a = keyed('GASABO-1');
    await h.run(clerk, IMPORT, { input: { cases: [a] } });
    const changed = { ...a, needs: ['MEDICAL', 'POLICE'] };
    expect(await refused(clerk, { cases: [keyed('GASABO-1'), changed] })).toEqual({
      data: null,
      errors: [
        conflict('input.cases[1]: this idempotency key was already used for a different intake', ['importCases']),
      ],
    });
  });
});
