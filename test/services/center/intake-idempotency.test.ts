import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { Case } from '../../../services/center/entities/case.entity.js';
import { type Caller } from '../../../services/shared/caller.js';
import type { Role } from '../../../services/shared/catalogue.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, conflict, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { anonymous, asDemoUser, asRole } from '../../helpers/principals.js';
import { type GraphQLResponse, type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogOf,
  CASE_FIELD_PATHS,
  caseNumberOf,
  entry,
  freezeClock,
  HOUR,
  intake,
  lastCaseNumber,
  MINUTE,
  OPEN_CASE,
  openCase,
  type OpenCaseVariables,
  rowCounts,
  SURVIVOR_CODE,
  UUID,
  writesNothing,
  receptionist,
} from './fixtures.js';

// Reception retries an intake when the network at a center fails or a button is pressed twice. With the key the form
// was given when it was first shown, a retry answers the case the first attempt opened and opens nothing twice, even
// when the attempts race; the key is the sender's own, so nobody reaches another person's case through it.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
});
afterEach(() => {
  vi.useRealTimers();
});

const CONFLICT = 'this idempotency key was already used for a different intake';
const year = () => new Date().getUTCFullYear();
const newKey = () => `intake-${randomUUID()}`;

const reception = asDemoUser('reception'); // demo:reception, GASABO-1
const colleague = receptionist('test-reception-colleague', ['GASABO-1']);

/** A valid intake at `centerCode` (an adult woman, raped two hours ago), sent with `idempotencyKey`. */
function keyed(centerCode: string, idempotencyKey: string, more: Partial<OpenCaseVariables> = {}): OpenCaseVariables {
  return intake(centerCode, { idempotencyKey, ...more });
}

/** openCase's whole answer (OPEN_CASE) to `input`, for a new survivor unless `survivorId` says otherwise. */
function answer(
  input: OpenCaseVariables,
  district: string,
  o: { caseNumber?: string; openedAt?: string; survivorId?: string } = {},
): GraphQLResponse {
  return {
    data: {
      openCase: {
        id: expect.stringMatching(UUID),
        caseNumber: o.caseNumber ?? expect.stringMatching(caseNumberOf(input.centerCode)),
        openedAt: o.openedAt ?? expect.any(String),
        incidentAt: input.incidentAt,
        incidentType: 'RAPE',
        needs: ['MEDICAL'],
        status: 'OPEN',
        center: { code: input.centerCode, district },
        survivor: {
          id: o.survivorId ?? expect.stringMatching(UUID),
          code: expect.stringMatching(SURVIVOR_CODE),
          sex: 'FEMALE',
          age: 30,
          child: false,
        },
      },
    },
  };
}

const idOf = (res: GraphQLResponse) => (res.data as { openCase: { id: string } }).openCase.id;
const numberOf = (res: GraphQLResponse) => (res.data as { openCase: { caseNumber: string } }).openCase.caseNumber;
const nth = (n: number) => String(n).padStart(6, '0');

/** Run openCase and prove that the answer wrote nothing at all: no case, no number, no key, no access-log entry. */
async function refused(principal: Caller | null, input: unknown): Promise<GraphQLResponse> {
  return writesNothing(h, () => h.run(principal, OPEN_CASE, { input }));
}

/** The reads an answer of OPEN_CASE is logged as, one per answer. */
const reads = (who: Caller, caseId: string, n: number) =>
  Array.from({ length: n }, () => entry(who, { caseId, action: 'READ', fields: CASE_FIELD_PATHS, basis: 'CARE_TEAM' }));

describe('openCase with an idempotency key: a retry answers the case the first attempt opened', () => {
  it('answers a retry with the first case: one case, one number, one survivor, one write and two reads logged', async () => {
    const now = freezeClock();
    const input = keyed('GASABO-1', newKey());
    const before = await rowCounts(h);
    const lastNumber = await lastCaseNumber(h, 'GASABO-1', now.getUTCFullYear());

    const first = await h.run(reception, OPEN_CASE, { input });
    expect(first).toEqual(
      answer(input, 'Gasabo', {
        caseNumber: `GASABO-1/${now.getUTCFullYear()}/${nth(lastNumber + 1)}`,
        openedAt: now.toISOString(),
      }),
    );
    // The network failed; reception sends the same form again a minute later.
    const later = freezeClock(new Date(now.getTime() + MINUTE));
    expect(await h.run(reception, OPEN_CASE, { input })).toEqual(first);

    expect(await rowCounts(h)).toEqual({
      ...before,
      survivors: before.survivors + 1,
      identities: before.identities + 1,
      cases: before.cases + 1,
      sequences: before.sequences + (lastNumber === 0 ? 1 : 0),
      intakeKeys: before.intakeKeys + 1,
      accessLog: before.accessLog + 3,
    });
    expect(await lastCaseNumber(h, 'GASABO-1', now.getUTCFullYear())).toBe(lastNumber + 1);
    // The write happened once and is logged once; each answer is a read, logged when it was given.
    const id = idOf(first);
    expect(await accessLogOf(h, id)).toEqual([
      entry(reception, {
        caseId: id,
        action: 'WRITE',
        fields: ['openCase'],
        basis: 'CARE_TEAM',
        at: now.toISOString(),
      }),
      entry(reception, {
        caseId: id,
        action: 'READ',
        fields: CASE_FIELD_PATHS,
        basis: 'CARE_TEAM',
        at: now.toISOString(),
      }),
      entry(reception, {
        caseId: id,
        action: 'READ',
        fields: CASE_FIELD_PATHS,
        basis: 'CARE_TEAM',
        at: later.toISOString(),
      }),
    ]);
  });

  it('logs the fields each answer asked for: a retry that asks for less is logged as reading less', async () => {
    const input = keyed('GASABO-1', newKey());
    const first = await h.run(reception, OPEN_CASE, { input });
    const id = idOf(first);
    const retry = await h.run(reception, `mutation Open($input: OpenCaseInput!) { openCase(input: $input) { id } }`, {
      input,
    });
    expect(retry).toEqual({ data: { openCase: { id } } });
    expect(await accessLogOf(h, id)).toEqual([
      entry(reception, { caseId: id, action: 'WRITE', fields: ['openCase'], basis: 'CARE_TEAM' }),
      ...reads(reception, id, 1),
      entry(reception, { caseId: id, action: 'READ', fields: ['id'], basis: 'CARE_TEAM' }),
    ]);
  });

  it('knows a retry whatever order its fields come in, and whether empty fields are sent as null or left out', async () => {
    const input = keyed('GASABO-1', newKey(), { survivor: { sex: 'FEMALE', estimatedAge: 30, givenName: 'Aline' } });
    const first = await h.run(reception, OPEN_CASE, { input });
    const before = await rowCounts(h);
    const rewritten = Object.fromEntries(
      Object.entries({
        ...input,
        survivor: { givenName: 'Aline', phone: null, estimatedAge: 30, sex: 'FEMALE' },
        survivorId: null,
        classification: null,
        narrative: null,
      }).reverse(),
    );
    expect(await h.run(reception, OPEN_CASE, { input: rewritten })).toEqual(first);
    expect(await rowCounts(h)).toEqual({ ...before, accessLog: before.accessLog + 1 });
  });

  it('opens a case for every intake without a key, as before, and for every new key, even with the same contents', async () => {
    const input = intake('GASABO-1');
    const before = await rowCounts(h);
    const opened = [
      await openCase(h, input, reception),
      await openCase(h, input, reception),
      await openCase(h, { ...input, idempotencyKey: newKey() }, reception),
      await openCase(h, { ...input, idempotencyKey: newKey() }, reception),
    ];
    expect(new Set(opened.map((c) => c.id)).size).toBe(4);
    expect(await rowCounts(h)).toEqual({
      ...before,
      survivors: before.survivors + 4,
      identities: before.identities + 4,
      cases: before.cases + 4,
      intakeKeys: before.intakeKeys + 2,
      accessLog: before.accessLog + 8,
    });
  });

  it('refuses the same key with a different intake as CONFLICT, writes nothing, and still answers the first', async () => {
    const input = keyed('GASABO-1', newKey());
    const first = await h.run(reception, OPEN_CASE, { input });
    const lastNumber = await lastCaseNumber(h, 'GASABO-1', year());
    for (const different of [
      { ...input, needs: ['MEDICAL', 'POLICE'] },
      { ...input, incidentAt: new Date(Date.parse(input.incidentAt) - MINUTE).toISOString() },
      { ...input, survivor: { sex: 'FEMALE', estimatedAge: 31 } },
      { ...input, narrative: 'Told at reception.' },
    ]) {
      expect(await refused(reception, different)).toEqual({ data: null, errors: [conflict(CONFLICT, ['openCase'])] });
    }
    expect(await lastCaseNumber(h, 'GASABO-1', year())).toBe(lastNumber);
    expect(await h.run(reception, OPEN_CASE, { input })).toEqual(first);
  });
});

describe('openCase with an idempotency key, at the same moment', () => {
  it('opens one case for ten attempts with one key sent at once, answers each with it, and uses one number', async () => {
    const y = year();
    const rusizi = receptionist('test-reception-rusizi', ['RUSIZI-2']);
    const input = keyed('RUSIZI-2', newKey());
    const before = await rowCounts(h);
    const lastNumber = await lastCaseNumber(h, 'RUSIZI-2', y);

    const answers = await Promise.all(Array.from({ length: 10 }, () => h.run(rusizi, OPEN_CASE, { input })));

    expect(answers[0]).toEqual(answer(input, 'Rusizi', { caseNumber: `RUSIZI-2/${y}/${nth(lastNumber + 1)}` }));
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(await rowCounts(h)).toEqual({
      ...before,
      survivors: before.survivors + 1,
      identities: before.identities + 1,
      cases: before.cases + 1,
      sequences: before.sequences + (lastNumber === 0 ? 1 : 0),
      intakeKeys: before.intakeKeys + 1,
      accessLog: before.accessLog + 11,
    });
    expect(await lastCaseNumber(h, 'RUSIZI-2', y)).toBe(lastNumber + 1);
    const id = idOf(answers[0]!);
    expect(await accessLogOf(h, id)).toEqual([
      entry(rusizi, { caseId: id, action: 'WRITE', fields: ['openCase'], basis: 'CARE_TEAM' }),
      ...reads(rusizi, id, 10),
    ]);
  });

  // The attempts that wait on the key hold their database connections meanwhile: the one holding the key must need no
  // other connection to finish (the harness has four; ten attempts wait).
  it('opens one case for ten attempts at once for a returning survivor', async () => {
    const returning = await openCase(h, intake('GASABO-1'), reception);
    const input = keyed('GASABO-1', newKey(), { survivor: null, survivorId: returning.survivorId });
    const before = await rowCounts(h);

    const answers = await Promise.all(Array.from({ length: 10 }, () => h.run(reception, OPEN_CASE, { input })));

    expect(answers[0]).toEqual(answer(input, 'Gasabo', { survivorId: returning.survivorId }));
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(idOf(answers[0]!)).not.toBe(returning.id);
    expect(await rowCounts(h)).toEqual({
      ...before,
      cases: before.cases + 1,
      intakeKeys: before.intakeKeys + 1,
      accessLog: before.accessLog + 11,
    });
  });

  it('gives two reception officers who send the same key at once a case each, and neither the other', async () => {
    const input = keyed('GASABO-1', newKey());
    const before = await rowCounts(h);

    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.run(i % 2 === 0 ? reception : colleague, OPEN_CASE, { input })),
    );

    const mine = answers.filter((_, i) => i % 2 === 0);
    const theirs = answers.filter((_, i) => i % 2 === 1);
    expect(mine[0]).toEqual(answer(input, 'Gasabo'));
    expect(theirs[0]).toEqual(answer(input, 'Gasabo'));
    for (const a of mine) expect(a).toEqual(mine[0]);
    for (const a of theirs) expect(a).toEqual(theirs[0]);
    const [myCase, theirCase] = [idOf(mine[0]!), idOf(theirs[0]!)];
    expect(myCase).not.toBe(theirCase);
    expect(numberOf(mine[0]!)).not.toBe(numberOf(theirs[0]!));
    expect(await rowCounts(h)).toEqual({
      ...before,
      survivors: before.survivors + 2,
      identities: before.identities + 2,
      cases: before.cases + 2,
      intakeKeys: before.intakeKeys + 2,
      accessLog: before.accessLog + 12,
    });
    // Each case is its sender's: opened by them, and read only by them.
    const em = h.orm.em.fork();
    expect((await em.findOneOrFail(Case, myCase)).openedBy).toBe(reception.subject);
    expect((await em.findOneOrFail(Case, theirCase)).openedBy).toBe(colleague.subject);
    expect(await accessLogOf(h, myCase)).toEqual([
      entry(reception, { caseId: myCase, action: 'WRITE', fields: ['openCase'], basis: 'CARE_TEAM' }),
      ...reads(reception, myCase, 5),
    ]);
    expect(await accessLogOf(h, theirCase)).toEqual([
      entry(colleague, { caseId: theirCase, action: 'WRITE', fields: ['openCase'], basis: 'CARE_TEAM' }),
      ...reads(colleague, theirCase, 5),
    ]);
  });

  it("refuses another center's reception officer who replays a key with its intake, and opens their own case with the same key", async () => {
    const key = newKey();
    const gasabo = keyed('GASABO-1', key);
    const opened = await h.run(reception, OPEN_CASE, { input: gasabo });
    const huye = receptionist('test-reception-huye', ['HUYE-1']);
    expect(await refused(huye, gasabo)).toEqual({ data: null, errors: [forbidden('OUT_OF_SCOPE', ['openCase'])] });

    const own = keyed('HUYE-1', key);
    const res = await h.run(huye, OPEN_CASE, { input: own });
    expect(res).toEqual(answer(own, 'Huye'));
    expect(idOf(res)).not.toBe(idOf(opened));
  });

  it("gives a case manager who sends reception's key and intake a case of their own, not reception's", async () => {
    const input = keyed('GASABO-1', newKey());
    const byReception = await h.run(reception, OPEN_CASE, { input });
    const cm = asDemoUser('case-manager');
    const byCaseManager = await h.run(cm, OPEN_CASE, { input });
    expect(byCaseManager).toEqual(answer(input, 'Gasabo'));
    expect(idOf(byCaseManager)).not.toBe(idOf(byReception));
    expect(await accessLogOf(h, idOf(byReception))).toEqual([
      entry(reception, { caseId: idOf(byReception), action: 'WRITE', fields: ['openCase'], basis: 'CARE_TEAM' }),
      ...reads(reception, idOf(byReception), 1),
    ]);
  });
});

describe('openCase with an idempotency key: who may not open a case', () => {
  const withoutCaseWrite: [Role, { centers?: string[]; district?: string }][] = [
    ['psychologist', { centers: ['GASABO-1'] }],
    ['clinician', { centers: ['GASABO-1'] }],
    ['analyst', {}],
  ];
  it.each(withoutCaseWrite)(
    "refuses a %s (no case:write) with a key as without one, FORBIDDEN MISSING_SCOPE, even with reception's key and intake",
    async (role, where) => {
      const input = keyed('GASABO-1', newKey());
      await h.run(reception, OPEN_CASE, { input });
      const fresh = keyed('GASABO-1', newKey());
      for (const sent of [input, fresh]) {
        expect(await refused(asRole(role, where), sent)).toEqual({
          data: null,
          errors: [forbidden('MISSING_SCOPE', ['openCase'])],
        });
      }
    },
  );

  it('refuses an anonymous caller with a key with UNAUTHENTICATED and writes nothing', async () => {
    expect(await refused(anonymous, keyed('GASABO-1', newKey()))).toEqual({
      data: null,
      errors: [unauthenticated(['openCase'])],
    });
  });
});

describe('openCase with an idempotency key: a key of the wrong form is refused, and nothing is written', () => {
  const problem = { field: 'input.idempotencyKey', problem: 'must be 8 to 100 characters of A-Z a-z 0-9 . _ : -' };

  it.each([
    ['7 characters', 'abc-123'],
    ['101 characters', 'k'.repeat(101)],
    ['a space inside', 'intake 12345'],
    ['a slash', 'intake/12345'],
    ['a letter outside A-Z', 'clé-de-saisie'],
    ['nothing at all', ''],
    ['only blanks', '          '],
  ])('refuses a key of %s as BAD_USER_INPUT on input.idempotencyKey', async (_what, key) => {
    expect(await refused(reception, keyed('GASABO-1', key))).toEqual({
      data: null,
      errors: [badInput(problem, ['openCase'])],
    });
  });

  it('names a bad key with the other problems of the form, in one answer', async () => {
    const input = keyed('GASABO-1', 'short', { survivor: { sex: 'FEMALE', estimatedAge: 30, nationality: 'rw' } });
    expect(await refused(reception, input)).toEqual({
      data: null,
      errors: [
        badInput(
          [{ field: 'input.survivor.nationality', problem: 'must be an ISO 3166-1 alpha-2 code such as RW' }, problem],
          ['openCase'],
        ),
      ],
    });
  });

  it('accepts keys of exactly 8 and 100 characters, of every character allowed', async () => {
    for (const key of [`aZ09._:-`, `${'aZ09._:-'.repeat(12)}a1b2`]) {
      await expect(openCase(h, keyed('GASABO-1', key), reception)).resolves.toMatchObject({
        caseNumber: expect.stringMatching(caseNumberOf('GASABO-1')),
      });
    }
  });
});

describe('openCase with an idempotency key: an attempt that fails leaves the key free', () => {
  it('frees the key when the intake is refused after the key was claimed, so that the corrected intake opens the case', async () => {
    const y = year();
    const nyarugenge = receptionist('test-reception-nyarugenge', ['NYARUGENGE-2']);
    const returning = await openCase(h, intake('NYARUGENGE-2'), nyarugenge);
    const lastNumber = await lastCaseNumber(h, 'NYARUGENGE-2', y);
    // An incident 40 years ago, before the birth of a woman of about 30: known only in the transaction, once the
    // survivor is read, after the key was claimed.
    const wrong = keyed('NYARUGENGE-2', newKey(), {
      survivor: null,
      survivorId: returning.survivorId,
      incidentAt: new Date(Date.now() - 40 * 365 * 24 * HOUR).toISOString(),
    });
    expect(await refused(nyarugenge, wrong)).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.incidentAt', problem: "must not be before the survivor's birth" }, ['openCase']),
      ],
    });

    const corrected = { ...wrong, incidentAt: new Date(Date.now() - 2 * HOUR).toISOString() };
    expect(await h.run(nyarugenge, OPEN_CASE, { input: corrected })).toEqual(
      answer(corrected, 'Nyarugenge', {
        caseNumber: `NYARUGENGE-2/${y}/${nth(lastNumber + 1)}`,
        survivorId: returning.survivorId,
      }),
    );
  });

  it('lets an attempt that waited on the key open the case when the attempt holding the key rolls back', async () => {
    const input = keyed('GASABO-1', newKey());
    const before = await rowCounts(h);
    let waiting: Promise<GraphQLResponse> | undefined;
    await expect(
      h.orm.em.fork().transactional(async (em) => {
        // A first attempt has claimed the key, as openCase does first thing in its transaction, and not ended yet.
        await em
          .getConnection()
          .execute(
            `insert into center.intake_key (subject, key, fingerprint, case_id, created_at) values (?, ?, ?, ?, now())`,
            [reception.subject, input.idempotencyKey, 'a first attempt that will fail', randomUUID()],
            'all',
            em.getTransactionContext(),
          );
        waiting = h.run(reception, OPEN_CASE, { input });
        await untilWaitingOnKey();
        throw new Error('the first attempt fails');
      }),
    ).rejects.toThrow('the first attempt fails');

    expect(await waiting).toEqual(answer(input, 'Gasabo'));
    expect(await rowCounts(h)).toEqual({
      ...before,
      survivors: before.survivors + 1,
      identities: before.identities + 1,
      cases: before.cases + 1,
      intakeKeys: before.intakeKeys + 1,
      accessLog: before.accessLog + 2,
    });
  });
});

/** Until a statement on the key table waits for another transaction's lock: the second attempt, blocked on the key. */
async function untilWaitingOnKey(): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const [{ n }] = (await h.orm.em
      .fork()
      .getConnection()
      .execute(
        `select count(*)::int as n from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock' and query like '%intake_key%'`,
      )) as [{ n: number }];
    if (n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no attempt waits on the key');
}

describe('keys are kept seven days, then forgotten by the center', () => {
  const DAY_MS = 86_400_000;
  it('the sweep forgets a key of 7 days and 1 minute, keeps one of 6 days 23 hours 59 minutes; a forgotten key opens anew', async () => {
    const now = new Date();
    const old = { key: `old-${randomUUID()}`, at: new Date(now.getTime() - 7 * DAY_MS - 60_000) };
    const young = { key: `young-${randomUUID()}`, at: new Date(now.getTime() - 7 * DAY_MS + 60_000) };
    for (const k of [old, young]) {
      const input = { ...intake('GASABO-1'), idempotencyKey: k.key };
      expect((await h.run(reception, OPEN_CASE, { input })).errors).toBeUndefined();
      await h.orm.em
        .fork()
        .getConnection()
        .execute(`update center.intake_key set created_at = ? where key = ?`, [k.at, k.key]);
    }
    await center.sweep!(h.orm.em.fork(), now);
    const kept: { key: string }[] = await h.orm.em
      .fork()
      .getConnection()
      .execute(`select key from center.intake_key where key = any(?::text[]) order by key`, [
        `{${old.key},${young.key}}`,
      ]);
    expect(kept).toEqual([{ key: young.key }]);
    // Past its week, the same key is a new intake: the retry window is long over.
    const before = await rowCounts(h);
    const again = await h.run(reception, OPEN_CASE, { input: { ...intake('GASABO-1'), idempotencyKey: old.key } });
    expect(again.errors).toBeUndefined();
    expect((await rowCounts(h)).cases).toBe(before.cases + 1);
  });
});
