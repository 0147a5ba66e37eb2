import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { Case } from '../../../services/center/entities/case.entity.js';
import { CounsellingSession } from '../../../services/center/entities/counselling-session.entity.js';
import { CaseStatus } from '../../../services/center/types/case-enums.js';
import { demoClaims } from '../../../services/hub/demo-users.js';
import type { Role } from '../../../services/shared/catalogue.js';
import { type Caller, callerFromClaims } from '../../../services/shared/caller.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, conflict, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
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
  rowCounts,
  signIn,
  survivorInput,
  UUID,
  writesNothing,
} from './fixtures.js';

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
  await signIn(h, psychologist);
});
afterEach(() => {
  vi.useRealTimers();
});

const DAY = 24 * HOUR;
const psychologist = asDemoUser('psychologist');
const caseManager = asDemoUser('case-manager');
const reception = asDemoUser('reception');
const MISSING = '6f1c1d7e-3b7a-4c55-9a51-000000000000';

const SESSION_FIELDS = 'id roomKind roomNumber psychologist startsAt endsAt bookedBy cancelledAt cancelledBy';
/** SESSION_FIELDS as the access log names them, under the case's `counsellingSessions`. */
const SESSION_READ = SESSION_FIELDS.split(' ')
  .map((f) => `counsellingSessions.${f}`)
  .sort();
const BOOK = `mutation Book($input: BookCounsellingSessionInput!) {
  bookCounsellingSession(input: $input) { ${SESSION_FIELDS} }
}`;
const CANCEL = `mutation Cancel($input: CounsellingSessionInput!) {
  cancelCounsellingSession(input: $input) { ${SESSION_FIELDS} }
}`;
const NOTES = `mutation Notes($input: RecordCounsellingNotesInput!) {
  recordCounsellingNotes(input: $input) { id notes notesWrittenAt }
}`;
const CASE_SESSIONS = `query Sessions($id: ID!) { case(id: $id) { id counsellingSessions { id startsAt notes } } }`;

/** A psychologist of `centers` with a subject of their own, signed in (so that the center knows them). */
async function newPsychologist(login: string, centers = ['GASABO-1']): Promise<Caller> {
  const p = callerFromClaims(demoClaims({ login, role: 'psychologist', centers }));
  await signIn(h, p);
  return p;
}

/** A whole-minute instant `days` days and `minutes` minutes after this test file's base hour. */
const base = Math.ceil((Date.now() + 2 * DAY) / HOUR) * HOUR;
let nextDay = 0;
/** A day of its own for each test, so that no test's bookings stand in another's way. */
function day(): (minutes: number) => string {
  const d = nextDay++;
  return (minutes) => new Date(base + d * DAY + minutes * MINUTE).toISOString();
}

interface Booking {
  caseId: string;
  roomKind?: string;
  roomNumber?: number;
  startsAt: string;
  endsAt: string;
  psychologist?: string;
}

const book = (p: Caller | null, input: Booking) => h.run(p, BOOK, { input: { roomKind: 'ADULT', ...input } });

async function booked(p: Caller, input: Booking): Promise<{ id: string }> {
  return data<{ bookCounsellingSession: { id: string } }>(await book(p, input)).bookCounsellingSession;
}

const adultCase = async (centerCode = 'GASABO-1') => (await openCase(h, intake(centerCode))).id;
const childCase = async () =>
  (await openCase(h, intake('GASABO-1', { survivor: survivorInput({ estimatedAge: 10 }) }))).id;

describe('bookCounsellingSession', () => {
  it('a psychologist books their own session in an adult room; answered, written and logged', async () => {
    const caseId = await adultCase();
    const at = day();
    const since = await lastLogId(h);
    const res = await book(psychologist, { caseId, startsAt: at(9 * 60), endsAt: at(10 * 60) });
    expect(res).toEqual({
      data: {
        bookCounsellingSession: {
          id: expect.stringMatching(UUID),
          roomKind: 'ADULT',
          roomNumber: 1,
          psychologist: 'demo:psychologist',
          startsAt: at(9 * 60),
          endsAt: at(10 * 60),
          bookedBy: 'demo:psychologist',
          cancelledAt: null,
          cancelledBy: null,
        },
      },
    });
    expect(await accessLogSince(h, since)).toEqual([
      entry(psychologist, { caseId, action: 'WRITE', fields: ['bookCounsellingSession'], basis: 'CARE_TEAM' }),
      entry(psychologist, { caseId, action: 'READ', fields: SESSION_READ, basis: 'CARE_TEAM' }),
    ]);
    const row = await h.orm.em.fork().findOneOrFail(CounsellingSession, { case: caseId });
    expect(row.center.id).toBe((await h.orm.em.fork().findOneOrFail(Case, caseId)).center.id);
  });

  it('a case manager books for a psychologist of the center, in a child room for a child', async () => {
    const caseId = await childCase();
    const at = day();
    expect(
      await book(caseManager, {
        caseId,
        psychologist: 'demo:psychologist',
        roomKind: 'CHILD',
        roomNumber: 2,
        startsAt: at(600),
        endsAt: at(645),
      }),
    ).toEqual({
      data: {
        bookCounsellingSession: {
          id: expect.stringMatching(UUID),
          roomKind: 'CHILD',
          roomNumber: 2,
          psychologist: 'demo:psychologist',
          startsAt: at(600),
          endsAt: at(645),
          bookedBy: 'demo:case-manager',
          cancelledAt: null,
          cancelledBy: null,
        },
      },
    });
  });

  describe('neither the room nor the psychologist is booked twice', () => {
    it('refuses an overlap in the same room, by a minute, as CONFLICT; back-to-back is allowed', async () => {
      const caseId = await adultCase();
      const other = await newPsychologist('psy-overlap');
      const at = day();
      await booked(psychologist, { caseId, startsAt: at(600), endsAt: at(660) });
      const before = await rowCounts(h);
      const taken = {
        data: null,
        errors: [
          conflict('adult room 1 at GASABO-1 is already booked for part of that time', ['bookCounsellingSession']),
        ],
      };
      // Ends one minute into the session: refused. Starts one minute before it ends: refused.
      expect(await book(other, { caseId, startsAt: at(541), endsAt: at(601) })).toEqual(taken);
      expect(await book(other, { caseId, startsAt: at(659), endsAt: at(700) })).toEqual(taken);
      // Inside it, around it: refused.
      expect(await book(other, { caseId, startsAt: at(610), endsAt: at(640) })).toEqual(taken);
      expect(await book(other, { caseId, startsAt: at(590), endsAt: at(670) })).toEqual(taken);
      expect(await rowCounts(h)).toEqual(before);
      // Ends when it starts, starts when it ends: both allowed.
      await booked(other, { caseId, startsAt: at(540), endsAt: at(600) });
      await booked(other, { caseId, startsAt: at(660), endsAt: at(720) });
      // Another room at the same time: allowed.
      await booked(await newPsychologist('psy-room-2'), { caseId, roomNumber: 2, startsAt: at(600), endsAt: at(660) });
    });

    it('refuses a psychologist a second session at the same time in another room; back-to-back is allowed', async () => {
      const adult = await adultCase();
      const child = await childCase();
      const at = day();
      await booked(psychologist, { caseId: adult, startsAt: at(600), endsAt: at(660) });
      const busy = {
        data: null,
        errors: [conflict('the psychologist already has a session for part of that time', ['bookCounsellingSession'])],
      };
      expect(
        await book(psychologist, { caseId: child, roomKind: 'CHILD', startsAt: at(659), endsAt: at(720) }),
      ).toEqual(busy);
      expect(await book(psychologist, { caseId: adult, roomNumber: 2, startsAt: at(630), endsAt: at(645) })).toEqual(
        busy,
      );
      await booked(psychologist, { caseId: child, roomKind: 'CHILD', startsAt: at(660), endsAt: at(720) });
    });

    // 20 psychologists book the same room for overlapping slots at the same moment: the database's exclusion
    // constraint lets exactly one in, whatever the interleaving, and every other one is told the room is taken.
    it('lets exactly one of 20 concurrent overlapping bookings of one room land', async () => {
      const caseId = await adultCase();
      const people = await Promise.all(Array.from({ length: 20 }, (_, i) => newPsychologist(`psy-race-${i}`)));
      const at = day();
      const before = await rowCounts(h);
      const answers = await Promise.all(
        people.map((p, i) => book(p, { caseId, startsAt: at(600 + i), endsAt: at(660 + i) })),
      );
      expect(answers.filter((a) => !a.errors)).toHaveLength(1);
      expect(answers.filter((a) => a.errors)).toEqual(
        Array(19).fill({
          data: null,
          errors: [
            conflict('adult room 1 at GASABO-1 is already booked for part of that time', ['bookCounsellingSession']),
          ],
        }),
      );
      // One session, and the log of one booking and its answer: the refused ones wrote nothing.
      expect(await rowCounts(h)).toEqual({
        ...before,
        counsellingSessions: before.counsellingSessions + 1,
        accessLog: before.accessLog + 2,
      });
      expect(await h.orm.em.fork().count(CounsellingSession, { case: caseId })).toBe(1);
    });

    it('lets exactly one of 20 concurrent overlapping bookings of one psychologist land, across two rooms', async () => {
      const adult = await adultCase();
      const child = await childCase();
      const p = await newPsychologist('psy-two-rooms');
      const at = day();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          book(
            p,
            i % 2 === 0
              ? { caseId: adult, startsAt: at(600 + i), endsAt: at(660 + i) }
              : { caseId: child, roomKind: 'CHILD', startsAt: at(600 + i), endsAt: at(660 + i) },
          ),
        ),
      );
      const landed = answers.findIndex((a) => !a.errors);
      expect(answers.filter((a) => !a.errors)).toHaveLength(1);
      // Every booking in the other room could only have been refused for the psychologist.
      answers.forEach((a, i) => {
        if (i === landed) return;
        const otherRoom = i % 2 !== landed % 2;
        expect(a).toEqual({
          data: null,
          errors: [
            otherRoom
              ? conflict('the psychologist already has a session for part of that time', ['bookCounsellingSession'])
              : expect.objectContaining({ extensions: { code: 'CONFLICT' }, path: ['bookCounsellingSession'] }),
          ],
        });
      });
      expect(await h.orm.em.fork().count(CounsellingSession, { psychologist: p.subject })).toBe(1);
    });
  });

  describe('what a session is', () => {
    it('lasts 15 minutes to 3 hours, to the minute', async () => {
      const caseId = await adultCase();
      const at = day();
      const e = ['bookCounsellingSession'];
      const length = badInput({ field: 'input.endsAt', problem: 'a session lasts from 15 minutes to 3 hours' }, e);
      expect(await book(psychologist, { caseId, startsAt: at(0), endsAt: at(14) })).toEqual({
        data: null,
        errors: [length],
      });
      expect(await book(psychologist, { caseId, startsAt: at(0), endsAt: at(181) })).toEqual({
        data: null,
        errors: [length],
      });
      expect(await book(psychologist, { caseId, startsAt: at(0), endsAt: at(0) })).toEqual({
        data: null,
        errors: [badInput({ field: 'input.endsAt', problem: 'must be after startsAt' }, e)],
      });
      await booked(psychologist, { caseId, startsAt: at(0), endsAt: at(15) });
      await booked(psychologist, { caseId, startsAt: at(15), endsAt: at(195) });
    });

    it('starts no more than a day ago and no more than 90 days ahead, to the minute', async () => {
      const caseId = await adultCase();
      const now = freezeClock(new Date(Math.floor(Date.now() / MINUTE) * MINUTE));
      const t = (m: number) => new Date(now.getTime() + m * MINUTE).toISOString();
      const e = ['bookCounsellingSession'];
      const late = badInput(
        {
          field: 'input.startsAt',
          problem: 'must not be more than a day ago: a past session is recorded within a day',
        },
        e,
      );
      const early = badInput({ field: 'input.startsAt', problem: 'must not be more than 90 days ahead' }, e);
      expect(await book(psychologist, { caseId, startsAt: t(-24 * 60 - 1), endsAt: t(-24 * 60 + 29) })).toEqual({
        data: null,
        errors: [late],
      });
      expect(await book(psychologist, { caseId, startsAt: t(90 * 24 * 60 + 1), endsAt: t(90 * 24 * 60 + 31) })).toEqual(
        {
          data: null,
          errors: [early],
        },
      );
      await booked(psychologist, { caseId, startsAt: t(-24 * 60), endsAt: t(-24 * 60 + 30) });
      await booked(psychologist, { caseId, startsAt: t(90 * 24 * 60), endsAt: t(90 * 24 * 60 + 30) });
    });

    it('is held in a room the center has, of the kind the survivor’s age asks for', async () => {
      const adult = await adultCase();
      const child = await childCase();
      const at = day();
      const e = ['bookCounsellingSession'];
      expect(await book(psychologist, { caseId: adult, roomNumber: 3, startsAt: at(0), endsAt: at(60) })).toEqual({
        data: null,
        errors: [badInput({ field: 'input.roomNumber', problem: 'the center has 2 adult rooms' }, e)],
      });
      expect(await book(psychologist, { caseId: adult, roomKind: 'CHILD', startsAt: at(0), endsAt: at(60) })).toEqual({
        data: null,
        errors: [badInput({ field: 'input.roomKind', problem: 'an adult is counselled in an adult room' }, e)],
      });
      expect(await book(psychologist, { caseId: child, startsAt: at(0), endsAt: at(60) })).toEqual({
        data: null,
        errors: [
          badInput(
            { field: 'input.roomKind', problem: 'a child (under 18 on the day) is counselled in a child room' },
            e,
          ),
        ],
      });
      const huye = await adultCase('HUYE-1');
      expect(
        await book(await newPsychologist('psy-huye', ['HUYE-1']), {
          caseId: huye,
          roomNumber: 2,
          startsAt: at(0),
          endsAt: at(60),
        }),
      ).toEqual({
        data: null,
        errors: [badInput({ field: 'input.roomNumber', problem: 'the center has 1 adult room' }, e)],
      });
    });

    it('names every problem of the form at once, and malformed values before anything is looked up', async () => {
      const caseId = await adultCase();
      const at = day();
      const e = ['bookCounsellingSession'];
      expect(
        await book(caseManager, {
          caseId,
          psychologist: 'demo:nobody',
          roomKind: 'CHILD',
          roomNumber: 5,
          startsAt: at(0),
          endsAt: at(10),
        }),
      ).toEqual({
        data: null,
        errors: [badInput({ field: 'input.endsAt', problem: 'a session lasts from 15 minutes to 3 hours' }, e)],
      });
      expect(
        await book(caseManager, {
          caseId,
          psychologist: 'demo:nobody',
          roomKind: 'CHILD',
          roomNumber: 5,
          startsAt: at(0),
          endsAt: at(30),
        }),
      ).toEqual({
        data: null,
        errors: [
          badInput(
            [
              { field: 'input.psychologist', problem: "is not known as a psychologist of this case's center" },
              { field: 'input.roomNumber', problem: 'the center has 2 child rooms' },
              { field: 'input.roomKind', problem: 'an adult is counselled in an adult room' },
            ],
            e,
          ),
        ],
      });
      expect(await book(caseManager, { caseId, startsAt: at(0), endsAt: at(30) })).toEqual({
        data: null,
        errors: [badInput({ field: 'input.psychologist', problem: 'name the psychologist the session is with' }, e)],
      });
      expect(await book(psychologist, { caseId: 'x', roomNumber: 0, startsAt: at(0), endsAt: at(30) })).toEqual({
        data: null,
        errors: [
          badInput(
            [
              { field: 'input.caseId', problem: 'caseId must be a UUID' },
              { field: 'input.roomNumber', problem: 'roomNumber must not be less than 1' },
            ],
            e,
          ),
        ],
      });
    });

    it('is not booked for a closed case (CONFLICT)', async () => {
      const caseId = await adultCase();
      await h.orm.em.fork().nativeUpdate(Case, { id: caseId }, { status: CaseStatus.CLOSED });
      const at = day();
      expect(await book(psychologist, { caseId, startsAt: at(0), endsAt: at(30) })).toEqual({
        data: null,
        errors: [conflict('the case is closed: no session is booked for it', ['bookCounsellingSession'])],
      });
    });
  });

  describe('who may not book', () => {
    const e = ['bookCounsellingSession'];
    async function refused(p: Caller | null, input: Booking) {
      return writesNothing(h, () => book(p, input));
    }

    it('a psychologist may not book another psychologist: FORBIDDEN NOT_OWN_SESSION', async () => {
      const caseId = await adultCase();
      await newPsychologist('psy-colleague');
      const at = day();
      expect(
        await refused(psychologist, { caseId, psychologist: 'demo:psy-colleague', startsAt: at(0), endsAt: at(30) }),
      ).toEqual({ data: null, errors: [forbidden('NOT_OWN_SESSION', e)] });
      // Counted among the refusals the data-protection officer sees.
      const [row] = await h.orm.em
        .fork()
        .getConnection()
        .execute(`select count, case_ids from center.access_denial where subject = ? and reason = 'NOT_OWN_SESSION'`, [
          psychologist.subject,
        ]);
      expect(row).toEqual({ count: 1, case_ids: [caseId] });
    });

    it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
      const caseId = await adultCase();
      const at = day();
      expect(await refused(anonymous, { caseId, startsAt: at(0), endsAt: at(30) })).toEqual({
        data: null,
        errors: [unauthenticated(e)],
      });
    });

    const without: Role[] = [
      'reception-officer',
      'clinician',
      'investigator',
      'social-worker',
      'local-official',
      'analyst',
      'auditor',
      'administrator',
      'ministry-system',
    ];
    it.each(without)('refuses a %s (no counselling:write) with FORBIDDEN MISSING_SCOPE', async (role) => {
      const caseId = await adultCase();
      const at = day();
      expect(await refused(gasabo(role), { caseId, startsAt: at(0), endsAt: at(30) })).toEqual({
        data: null,
        errors: [forbidden('MISSING_SCOPE', e)],
      });
    });

    it.each([
      ['a psychologist of another center', asRole('psychologist', { centers: ['HUYE-1'] })],
      ['a case manager of another center', asRole('case-manager', { centers: ['HUYE-1'] })],
    ])('refuses %s with FORBIDDEN OUT_OF_SCOPE, exactly as for a missing case', async (_who, p) => {
      const caseId = await adultCase();
      const at = day();
      const input = { caseId, psychologist: 'demo:psychologist', startsAt: at(0), endsAt: at(30) };
      expect(await refused(p, input)).toEqual({ data: null, errors: [forbidden('OUT_OF_SCOPE', e)] });
      expect(await refused(p, { ...input, caseId: MISSING })).toEqual({
        data: null,
        errors: [forbidden('OUT_OF_SCOPE', e)],
      });
    });
  });
});

describe('cancelCounsellingSession', () => {
  it('cancels a session not yet started: answered, logged, and its room and psychologist are free again', async () => {
    const caseId = await adultCase();
    const at = day();
    const s = await booked(psychologist, { caseId, startsAt: at(600), endsAt: at(660) });
    const now = freezeClock();
    const since = await lastLogId(h);
    expect(await h.run(psychologist, CANCEL, { input: { sessionId: s.id } })).toEqual({
      data: {
        cancelCounsellingSession: {
          id: s.id,
          roomKind: 'ADULT',
          roomNumber: 1,
          psychologist: 'demo:psychologist',
          startsAt: at(600),
          endsAt: at(660),
          bookedBy: 'demo:psychologist',
          cancelledAt: now.toISOString(),
          cancelledBy: 'demo:psychologist',
        },
      },
    });
    expect(await accessLogSince(h, since)).toEqual([
      entry(psychologist, { caseId, action: 'WRITE', fields: ['cancelCounsellingSession'], basis: 'CARE_TEAM' }),
      entry(psychologist, { caseId, action: 'READ', fields: SESSION_READ, basis: 'CARE_TEAM' }),
    ]);
    vi.useRealTimers();
    await booked(psychologist, { caseId, startsAt: at(600), endsAt: at(660) });
  });

  it('a case manager cancels any session of the center; a second cancellation is CONFLICT', async () => {
    const caseId = await adultCase();
    const at = day();
    const s = await booked(psychologist, { caseId, startsAt: at(600), endsAt: at(660) });
    const answers = await Promise.all(
      [caseManager, caseManager, psychologist].map((p) => h.run(p, CANCEL, { input: { sessionId: s.id } })),
    );
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    expect(answers.filter((a) => a.errors).map((a) => a.errors)).toEqual(
      Array(2).fill([conflict('this session is already cancelled', ['cancelCounsellingSession'])]),
    );
  });

  it('refuses a session that has started, another psychologist, and those without the scope', async () => {
    const caseId = await adultCase();
    const now = Date.now();
    const e = ['cancelCounsellingSession'];
    const started = await booked(psychologist, {
      caseId,
      startsAt: new Date(now - 10 * MINUTE).toISOString(),
      endsAt: new Date(now + 20 * MINUTE).toISOString(),
    });
    expect(await h.run(psychologist, CANCEL, { input: { sessionId: started.id } })).toEqual({
      data: null,
      errors: [conflict('this session has started: it can no longer be cancelled', e)],
    });
    const at = day();
    const s = await booked(psychologist, { caseId, startsAt: at(600), endsAt: at(660) });
    const before = await rowCounts(h);
    for (const [p, error] of [
      [await newPsychologist('psy-not-mine'), forbidden('NOT_OWN_SESSION', e)],
      [reception, forbidden('MISSING_SCOPE', e)],
      [asRole('case-manager', { centers: ['HUYE-1'] }), forbidden('OUT_OF_SCOPE', e)],
      [anonymous, unauthenticated(e)],
    ] as const) {
      expect(await h.run(p, CANCEL, { input: { sessionId: s.id } })).toEqual({ data: null, errors: [error] });
    }
    expect(await h.run(caseManager, CANCEL, { input: { sessionId: MISSING } })).toEqual({
      data: null,
      errors: [forbidden('OUT_OF_SCOPE', e)],
    });
    expect(await h.run(caseManager, CANCEL, { input: { sessionId: 'not-an-id' } })).toEqual({
      data: null,
      errors: [badInput({ field: 'input.sessionId', problem: 'sessionId must be a UUID' }, e)],
    });
    expect(await rowCounts(h)).toEqual(before);
  });
});

describe('recordCounsellingNotes and the notes', () => {
  it('the psychologist writes the notes of a started session; only psychologists read them', async () => {
    const caseId = await adultCase();
    const now = Date.now();
    const s = await booked(psychologist, {
      caseId,
      startsAt: new Date(now - HOUR).toISOString(),
      endsAt: new Date(now - 15 * MINUTE).toISOString(),
    });
    const written = freezeClock();
    const since = await lastLogId(h);
    expect(await h.run(psychologist, NOTES, { input: { sessionId: s.id, notes: 'Synthetic notes.' } })).toEqual({
      data: { recordCounsellingNotes: { id: s.id, notes: 'Synthetic notes.', notesWrittenAt: written.toISOString() } },
    });
    expect(await accessLogSince(h, since)).toEqual([
      entry(psychologist, { caseId, action: 'WRITE', fields: ['recordCounsellingNotes'], basis: 'CARE_TEAM' }),
      entry(psychologist, {
        caseId,
        action: 'READ',
        fields: ['counsellingSessions.id', 'counsellingSessions.notes', 'counsellingSessions.notesWrittenAt'],
        basis: 'CARE_TEAM',
      }),
    ]);
    vi.useRealTimers();
    const startsAt = new Date(now - HOUR).toISOString();
    expect(await h.run(await newPsychologist('psy-reader'), CASE_SESSIONS, { id: caseId })).toEqual({
      data: { case: { id: caseId, counsellingSessions: [{ id: s.id, startsAt, notes: 'Synthetic notes.' }] } },
    });
    // The case manager sees the session, not its notes.
    expect(await h.run(caseManager, CASE_SESSIONS, { id: caseId })).toEqual({
      data: { case: { id: caseId, counsellingSessions: [{ id: s.id, startsAt, notes: null }] } },
      errors: [forbidden('MISSING_SCOPE', ['case', 'counsellingSessions', 0, 'notes'])],
    });
    // The reception officer does not see the sessions at all.
    expect(await h.run(reception, CASE_SESSIONS, { id: caseId })).toEqual({
      data: { case: { id: caseId, counsellingSessions: null } },
      errors: [forbidden('MISSING_SCOPE', ['case', 'counsellingSessions'])],
    });
  });

  it('refuses notes before the session, of a cancelled one, by another psychologist, a case manager, or blank', async () => {
    const caseId = await adultCase();
    const at = day();
    const e = ['recordCounsellingNotes'];
    const ahead = await booked(psychologist, { caseId, startsAt: at(600), endsAt: at(660) });
    const cancelled = await booked(psychologist, { caseId, startsAt: at(700), endsAt: at(760) });
    data(await h.run(psychologist, CANCEL, { input: { sessionId: cancelled.id } }));
    const before = await rowCounts(h);
    const notes = (sessionId: string, p: Caller | null = psychologist, text = 'Synthetic notes.') =>
      h.run(p, NOTES, { input: { sessionId, notes: text } });
    expect(await notes(ahead.id)).toEqual({ data: null, errors: [conflict('this session has not started yet', e)] });
    expect(await notes(cancelled.id)).toEqual({
      data: null,
      errors: [conflict('this session was cancelled: it has no notes', e)],
    });
    expect(await notes(ahead.id, await newPsychologist('psy-other-notes'))).toEqual({
      data: null,
      errors: [forbidden('NOT_OWN_SESSION', e)],
    });
    expect(await notes(ahead.id, caseManager)).toEqual({ data: null, errors: [forbidden('MISSING_SCOPE', e)] });
    expect(await notes(ahead.id, psychologist, '   ')).toEqual({
      data: null,
      errors: [badInput({ field: 'input.notes', problem: 'must not be blank' }, e)],
    });
    expect(await rowCounts(h)).toEqual(before);
  });
});
