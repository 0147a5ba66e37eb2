import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { Center } from '../../../services/center/entities/center.entity.js';
import { SafeRoomStay } from '../../../services/center/entities/safe-room-stay.entity.js';
import { demoClaims } from '../../../services/hub/demo-users.js';
import type { Role } from '../../../services/shared/catalogue.js';
import { type Caller, callerFromClaims } from '../../../services/shared/caller.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, conflict, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { anonymous, asDemoUser } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogSince,
  caseNumberOf,
  data,
  entry,
  gasabo,
  HOUR,
  intake,
  lastLogId,
  openCase,
  signIn,
  survivorInput,
  UUID,
} from './fixtures.js';

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
});
afterEach(() => {
  vi.useRealTimers();
});

const admin = asDemoUser('admin');
const CENTER_FIELDS = 'id code name district province hospital safeRoomBeds childRooms adultRooms';
const OPEN = `mutation Open($input: OpenCenterInput!) { openCenter(input: $input) { ${CENTER_FIELDS} } }`;
const UPDATE = `mutation Update($input: UpdateCenterInput!) {
  updateCenter(input: $input) { ${CENTER_FIELDS} safeRoom { beds occupied free } }
}`;
const ADMIT = `mutation Admit($input: AdmitToSafeRoomInput!) { admitToSafeRoom(input: $input) { id } }`;
const BOOK = `mutation Book($input: BookCounsellingSessionInput!) { bookCounsellingSession(input: $input) { id } }`;
const CANCEL = `mutation Cancel($input: CounsellingSessionInput!) { cancelCounsellingSession(input: $input) { id } }`;

let codes = 0;
/** A code no other test of this file uses, in Gasabo. */
const newCode = () => `GASABO-${10 + codes++}`;

function newCenter(code: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code,
    name: `Isange One Stop Center, ${code} site`,
    district: 'Gasabo',
    province: 'Kigali City',
    hospital: `${code} Hospital`,
    safeRoomBeds: 2,
    childRooms: 1,
    adultRooms: 1,
    ...over,
  };
}

async function opened(input: Record<string, unknown>): Promise<{ id: string }> {
  return data<{ openCenter: { id: string } }>(await h.run(admin, OPEN, { input })).openCenter;
}

/** A center role at `centers`, with a subject of its own. */
const staff = (login: string, role: Role, centers: string[]): Caller =>
  callerFromClaims(demoClaims({ login, role, centers }));

const centerCount = () => h.orm.em.fork().count(Center, {});

describe('openCenter', () => {
  it('an administrator opens a center: answered, written, logged without a case, and public at once', async () => {
    const code = newCode();
    const input = newCenter(code);
    const since = await lastLogId(h);
    const res = await h.run(admin, OPEN, { input });
    expect(res).toEqual({ data: { openCenter: { id: expect.stringMatching(UUID), ...input } } });
    expect(await accessLogSince(h, since)).toEqual([
      entry(admin, { caseId: null, action: 'WRITE', fields: [`openCenter.${code}`], basis: 'ADMINISTRATION' }),
    ]);
    const { id: _id, ...shown } = (res.data as { openCenter: Record<string, unknown> }).openCenter;
    expect(
      await h.run(
        anonymous,
        `{ center(code: "${code}") { code name district province hospital safeRoomBeds childRooms adultRooms } }`,
      ),
    ).toEqual({
      data: { center: shown },
    });
    const all = data<{ centers: { code: string }[] }>(await h.run(anonymous, '{ centers { code } }')).centers;
    expect(all.map((c) => c.code)).toContain(code);
  });

  // Nothing in the hub lists the centers in code: tokens name them, cases and deliveries carry their code and district.
  it('a new center works at once: intake, the Safe Room and counselling, by its own staff', async () => {
    const code = newCode();
    await opened(newCenter(code, { safeRoomBeds: 1 }));
    const reception = staff(`reception-${code}`, 'reception-officer', [code]);
    const c = await openCase(h, intake(code, { survivor: survivorInput({ estimatedAge: 12 }) }), reception);
    expect(c.caseNumber).toMatch(caseNumberOf(code));
    expect(c.caseNumber.endsWith('/000001')).toBe(true);
    expect(c.view.center).toEqual({ code, district: 'Gasabo' });
    data(await h.run(reception, ADMIT, { input: { caseId: c.id } }));
    const other = await openCase(h, intake(code), reception);
    expect(await h.run(reception, ADMIT, { input: { caseId: other.id } })).toEqual({
      data: null,
      errors: [conflict(`the Safe Room at ${code} is full: its one bed is taken`, ['admitToSafeRoom'])],
    });
    const psychologist = staff(`psychologist-${code}`, 'psychologist', [code]);
    const startsAt = new Date(Math.ceil(Date.now() / HOUR) * HOUR + HOUR);
    data(
      await h.run(psychologist, BOOK, {
        input: {
          caseId: c.id,
          roomKind: 'CHILD',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
        },
      }),
    );
    // Staff of the first Gasabo center do not reach it.
    expect(await h.run(asDemoUser('reception'), ADMIT, { input: { caseId: other.id } })).toEqual({
      data: null,
      errors: [forbidden('OUT_OF_SCOPE', ['admitToSafeRoom'])],
    });
  });

  describe('bad input, nothing written', () => {
    const e = ['openCenter'];
    async function refused(input: Record<string, unknown>) {
      const before = await centerCount();
      const res = await h.run(admin, OPEN, { input });
      expect(await centerCount()).toBe(before);
      return res;
    }

    it('refuses a malformed or empty code, blank names and numbers out of range, all at once', async () => {
      expect(
        await refused(newCenter('', { name: '  ', hospital: '', safeRoomBeds: -1, childRooms: 21, adultRooms: -3 })),
      ).toEqual({
        data: null,
        errors: [
          badInput(
            [
              {
                field: 'input.code',
                problem: 'must be upper-case letters and digits, in parts joined by hyphens (e.g. GASABO-3)',
              },
              { field: 'input.name', problem: 'must not be blank' },
              { field: 'input.hospital', problem: 'must not be blank' },
              { field: 'input.safeRoomBeds', problem: 'safeRoomBeds must not be less than 0' },
              { field: 'input.childRooms', problem: 'childRooms must not be greater than 20' },
              { field: 'input.adultRooms', problem: 'adultRooms must not be less than 0' },
            ],
            e,
          ),
        ],
      });
      for (const code of ['gasabo-9', 'GASABO 9', 'GASABO--9', '-GASABO', 'GASABO-9/2026']) {
        expect(await refused(newCenter(code)), code).toEqual({
          data: null,
          errors: [
            badInput(
              {
                field: 'input.code',
                problem: 'must be upper-case letters and digits, in parts joined by hyphens (e.g. GASABO-3)',
              },
              e,
            ),
          ],
        });
      }
    });

    it("refuses a district that is not one of Rwanda's 30, and a province that is not the district's", async () => {
      expect(await refused(newCenter(newCode(), { district: 'Gotham' }))).toEqual({
        data: null,
        errors: [badInput({ field: 'input.district', problem: "is not one of Rwanda's 30 districts" }, e)],
      });
      expect(await refused(newCenter(newCode(), { district: 'gasabo' }))).toEqual({
        data: null,
        errors: [badInput({ field: 'input.district', problem: "is not one of Rwanda's 30 districts" }, e)],
      });
      expect(await refused(newCenter(newCode(), { district: 'Huye' }))).toEqual({
        data: null,
        errors: [badInput({ field: 'input.province', problem: 'Huye is in Southern Province' }, e)],
      });
    });

    it('refuses a code already used as CONFLICT; of five administrators opening one code at once, one does', async () => {
      expect(await refused(newCenter('GASABO-1'))).toEqual({
        data: null,
        errors: [conflict('a center with code GASABO-1 already exists', e)],
      });
      const code = newCode();
      const admins = Array.from({ length: 5 }, (_, i) =>
        callerFromClaims(demoClaims({ login: `admin-${i}`, role: 'administrator' })),
      );
      const answers = await Promise.all(admins.map((a) => h.run(a, OPEN, { input: newCenter(code) })));
      expect(answers.filter((a) => !a.errors)).toHaveLength(1);
      expect(answers.filter((a) => a.errors)).toEqual(
        Array(4).fill({ data: null, errors: [conflict(`a center with code ${code} already exists`, e)] }),
      );
      expect(await h.orm.em.fork().count(Center, { code })).toBe(1);
    });
  });

  describe('who may not open a center', () => {
    const e = ['openCenter'];
    it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
      const before = await centerCount();
      expect(await h.run(anonymous, OPEN, { input: newCenter(newCode()) })).toEqual({
        data: null,
        errors: [unauthenticated(e)],
      });
      expect(await centerCount()).toBe(before);
    });

    it.each([
      'reception-officer',
      'case-manager',
      'psychologist',
      'clinician',
      'investigator',
      'social-worker',
      'local-official',
      'analyst',
      'auditor',
      'ministry-system',
    ] as Role[])('refuses a %s (no hub:admin) with FORBIDDEN MISSING_SCOPE', async (role) => {
      const before = await centerCount();
      expect(await h.run(gasabo(role), OPEN, { input: newCenter(newCode()) })).toEqual({
        data: null,
        errors: [forbidden('MISSING_SCOPE', e)],
      });
      expect(await centerCount()).toBe(before);
    });
  });
});

describe('updateCenter', () => {
  const e = ['updateCenter'];

  it('changes what is given and keeps the rest; answered and logged', async () => {
    const code = newCode();
    const { id } = await opened(newCenter(code));
    const since = await lastLogId(h);
    expect(
      await h.run(admin, UPDATE, { input: { code, name: 'Renamed', safeRoomBeds: 6, childRooms: 2, hospital: null } }),
    ).toEqual({
      data: {
        updateCenter: {
          ...newCenter(code),
          id,
          name: 'Renamed',
          safeRoomBeds: 6,
          childRooms: 2,
          safeRoom: { beds: 6, occupied: 0, free: 6 },
        },
      },
    });
    expect(await accessLogSince(h, since)).toEqual([
      entry(admin, { caseId: null, action: 'WRITE', fields: [`updateCenter.${code}`], basis: 'ADMINISTRATION' }),
    ]);
  });

  it('refuses fewer beds than the survivors staying as CONFLICT; as many is allowed', async () => {
    const code = newCode();
    await opened(newCenter(code, { safeRoomBeds: 3 }));
    const reception = staff(`reception-${code}`, 'reception-officer', [code]);
    for (let i = 0; i < 2; i++) {
      const c = await openCase(h, intake(code), reception);
      data(await h.run(reception, ADMIT, { input: { caseId: c.id } }));
    }
    expect(await h.run(admin, UPDATE, { input: { code, safeRoomBeds: 1 } })).toEqual({
      data: null,
      errors: [conflict(`the Safe Room at ${code} has 2 survivors staying: it cannot have fewer beds`, e)],
    });
    expect(data(await h.run(admin, UPDATE, { input: { code, safeRoomBeds: 2 } }))).toMatchObject({
      updateCenter: { safeRoomBeds: 2, safeRoom: { beds: 2, occupied: 2, free: 0 } },
    });
  });

  it('refuses taking away a room with a session booked ahead; a cancelled one does not stand in the way', async () => {
    const code = newCode();
    await opened(newCenter(code, { adultRooms: 2 }));
    const psychologist = staff(`psychologist-${code}`, 'psychologist', [code]);
    await signIn(h, psychologist);
    const c = await openCase(h, intake(code), staff(`reception-${code}`, 'reception-officer', [code]));
    const startsAt = new Date(Math.ceil(Date.now() / HOUR) * HOUR + 2 * HOUR);
    const session = data<{ bookCounsellingSession: { id: string } }>(
      await h.run(psychologist, BOOK, {
        input: {
          caseId: c.id,
          roomKind: 'ADULT',
          roomNumber: 2,
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
        },
      }),
    ).bookCounsellingSession;
    expect(await h.run(admin, UPDATE, { input: { code, adultRooms: 1 } })).toEqual({
      data: null,
      errors: [conflict(`adult room 2 at ${code} has sessions booked ahead: cancel them first`, e)],
    });
    // Taking the child room away, which has none, is allowed.
    data(await h.run(admin, UPDATE, { input: { code, childRooms: 0 } }));
    data(await h.run(psychologist, CANCEL, { input: { sessionId: session.id } }));
    expect(data(await h.run(admin, UPDATE, { input: { code, adultRooms: 1 } }))).toMatchObject({
      updateCenter: { adultRooms: 1, childRooms: 0 },
    });
    // A room taken away is booked no more.
    expect(
      await h.run(psychologist, BOOK, {
        input: {
          caseId: c.id,
          roomKind: 'ADULT',
          roomNumber: 2,
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
        },
      }),
    ).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.roomNumber', problem: 'the center has 1 adult room' }, ['bookCounsellingSession']),
      ],
    });
  });

  it('refuses an unknown code, nothing to change, and bad values', async () => {
    expect(await h.run(admin, UPDATE, { input: { code: 'NOWHERE-1', safeRoomBeds: 3 } })).toEqual({
      data: null,
      errors: [badInput({ field: 'input.code', problem: 'no center has this code' }, e)],
    });
    expect(await h.run(admin, UPDATE, { input: { code: 'GASABO-1' } })).toEqual({
      data: null,
      errors: [badInput({ field: 'input', problem: 'give at least one thing to change' }, e)],
    });
    expect(await h.run(admin, UPDATE, { input: { code: 'GASABO-1', safeRoomBeds: -1, name: '' } })).toEqual({
      data: null,
      errors: [
        badInput(
          [
            { field: 'input.name', problem: 'must not be blank' },
            { field: 'input.safeRoomBeds', problem: 'safeRoomBeds must not be less than 0' },
          ],
          e,
        ),
      ],
    });
  });

  it('is refused to everyone but administrators', async () => {
    const before = await h.orm.em.fork().findOneOrFail(Center, { code: 'GASABO-1' });
    for (const p of [anonymous, gasabo('reception-officer'), gasabo('case-manager'), gasabo('auditor')]) {
      expect(await h.run(p, UPDATE, { input: { code: 'GASABO-1', safeRoomBeds: 0 } })).toEqual({
        data: null,
        errors: [p === null ? unauthenticated(e) : forbidden('MISSING_SCOPE', e)],
      });
    }
    expect((await h.orm.em.fork().findOneOrFail(Center, { code: 'GASABO-1' })).safeRoomBeds).toBe(before.safeRoomBeds);
  });

  // An administrator lowers the beds while receptionists admit, at the same moment: one lock decides the order, and
  // the room never holds more survivors than its beds, whoever wins.
  it('never leaves more survivors staying than beds when beds are lowered during admissions', async () => {
    for (let round = 0; round < 5; round++) {
      const code = newCode();
      await opened(newCenter(code, { safeRoomBeds: 4 }));
      const desk = [0, 1, 2].map((i) => staff(`reception-${code}-${i}`, 'reception-officer', [code]));
      const cases = [];
      for (const p of desk) cases.push(await openCase(h, intake(code), p));
      data(await h.run(desk[0]!, ADMIT, { input: { caseId: cases[0]!.id } }));
      const answers = await Promise.all([
        h.run(desk[1]!, ADMIT, { input: { caseId: cases[1]!.id } }),
        h.run(admin, UPDATE, { input: { code, safeRoomBeds: 1 } }),
        h.run(desk[2]!, ADMIT, { input: { caseId: cases[2]!.id } }),
      ]);
      for (const a of answers) {
        if (a.errors) expect(a.errors.map((x) => x.extensions?.code)).toEqual(['CONFLICT']);
      }
      const row = await h.orm.em.fork().findOneOrFail(Center, { code });
      const staying = await h.orm.em.fork().count(SafeRoomStay, { center: row.id, dischargedAt: null });
      expect(staying).toBeLessThanOrEqual(row.safeRoomBeds);
      // The change landed only if it came before both admissions, which were then refused; otherwise it came after
      // at least one of them, and was refused.
      if (row.safeRoomBeds === 1) expect(staying).toBe(1);
      else expect(staying).toBeGreaterThanOrEqual(2);
    }
  });
});
