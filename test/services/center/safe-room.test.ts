import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { Case } from '../../../services/center/entities/case.entity.js';
import { SafeRoomStay } from '../../../services/center/entities/safe-room-stay.entity.js';
import { CaseStatus } from '../../../services/center/types/case-enums.js';
import type { Role } from '../../../services/shared/catalogue.js';
import { type Caller } from '../../../services/shared/caller.js';
import { demoCenters } from '../../../services/shared/demo-plan.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, conflict, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { anonymous, asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  accessLogOf,
  accessLogSince,
  data,
  entry,
  freezeClock,
  gasabo,
  intake,
  lastLogId,
  openCase,
  rowCounts,
  share,
  UUID,
  writesNothing,
  receptionist,
} from './fixtures.js';

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
});
afterEach(async () => {
  vi.useRealTimers();
  // Every test starts with empty Safe Rooms: what one admitted does not fill the beds of the next.
  await h.orm.em
    .fork()
    .getConnection()
    .execute(
      `update center.safe_room_stay set discharged_at = greatest(now(), admitted_at), discharged_by = 'test-cleanup'
        where discharged_at is null`,
    );
});

const reception = asDemoUser('reception');
const MISSING = '6f1c1d7e-3b7a-4c55-9a51-000000000000';

const STAY_FIELDS = 'id admittedAt admittedBy dischargedAt dischargedBy center { code }';
/** STAY_FIELDS as the access log names them, under the case's `safeRoomStays`. */
const STAY_READ = [
  'safeRoomStays.admittedAt',
  'safeRoomStays.admittedBy',
  'safeRoomStays.center.code',
  'safeRoomStays.dischargedAt',
  'safeRoomStays.dischargedBy',
  'safeRoomStays.id',
];
const ADMIT = `mutation Admit($input: AdmitToSafeRoomInput!) { admitToSafeRoom(input: $input) { ${STAY_FIELDS} } }`;
const DISCHARGE = `mutation Discharge($input: DischargeFromSafeRoomInput!) {
  dischargeFromSafeRoom(input: $input) { ${STAY_FIELDS} }
}`;
const OCCUPANCY = `query Occupancy($code: String!) { center(code: $code) { code safeRoom { beds occupied free } } }`;
const CASE_STAYS = `query Stays($id: ID!) { case(id: $id) { id safeRoomStays { ${STAY_FIELDS} } } }`;

/** `n` new cases at `centerCode`, each for a survivor of their own, opened through the API ten at a time. */
async function casesAt(centerCode: string, n: number): Promise<{ id: string; survivorId: string }[]> {
  const out: { id: string; survivorId: string }[] = [];
  for (let i = 0; i < n; i += 10) {
    const batch = await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => openCase(h, intake(centerCode))));
    out.push(...batch.map((c) => ({ id: c.id, survivorId: c.survivorId })));
  }
  return out;
}

async function admit(p: Caller, caseId: string): Promise<{ id: string; admittedAt: string }> {
  return data<{ admitToSafeRoom: { id: string; admittedAt: string } }>(await h.run(p, ADMIT, { input: { caseId } }))
    .admitToSafeRoom;
}

async function occupancy(p: Caller | null, code: string) {
  return h.run(p, OCCUPANCY, { code });
}

/** A demo center with exactly `beds` beds. */
function centerWithBeds(beds: number): string {
  const c = demoCenters().find((x) => x.safeRoomBeds === beds);
  if (!c) throw new Error(`no demo center with ${beds} beds`);
  return c.code;
}

describe('admitToSafeRoom', () => {
  it("admits the survivor of a case to its center's Safe Room, answers the stay and logs the write and the read", async () => {
    const c = await openCase(h, intake('GASABO-1'));
    const now = freezeClock();
    const since = await lastLogId(h);
    const res = await h.run(reception, ADMIT, { input: { caseId: c.id } });
    expect(res).toEqual({
      data: {
        admitToSafeRoom: {
          id: expect.stringMatching(UUID),
          admittedAt: now.toISOString(),
          admittedBy: 'demo:reception',
          dischargedAt: null,
          dischargedBy: null,
          center: { code: 'GASABO-1' },
        },
      },
    });
    expect(await accessLogSince(h, since)).toEqual([
      entry(reception, { caseId: c.id, action: 'WRITE', fields: ['admitToSafeRoom'], basis: 'CARE_TEAM' }),
      entry(reception, { caseId: c.id, action: 'READ', fields: STAY_READ, basis: 'CARE_TEAM' }),
    ]);
    const row = await h.orm.em.fork().findOneOrFail(SafeRoomStay, { case: c.id });
    expect({ survivor: row.survivor.id, center: row.center.id }).toEqual({
      survivor: c.survivorId,
      center: demoCenters().find((x) => x.code === 'GASABO-1')!.id,
    });
    // The stay is part of the case file, for those who may see it.
    expect(await h.run(asDemoUser('psychologist'), CASE_STAYS, { id: c.id })).toEqual({
      data: { case: { id: c.id, safeRoomStays: [(res.data as { admitToSafeRoom: unknown }).admitToSafeRoom] } },
    });
  });

  it('a case manager of the center admits too', async () => {
    const c = await openCase(h, intake('GASABO-1'));
    const res = await h.run(asDemoUser('case-manager'), ADMIT, { input: { caseId: c.id } });
    expect(res).toEqual({
      data: {
        admitToSafeRoom: {
          id: expect.stringMatching(UUID),
          admittedAt: expect.any(String),
          admittedBy: 'demo:case-manager',
          dischargedAt: null,
          dischargedBy: null,
          center: { code: 'GASABO-1' },
        },
      },
    });
  });

  // 100 admissions at the same moment for a Safe Room of 4 beds, by four receptionists: the center's lock lets them in
  // one at a time, so exactly 4 land and every other one is told the room is full, having written nothing.
  it('never overbooks: 100 admissions at once for 4 beds admit exactly 4, and refuse 96 with CONFLICT', async () => {
    const code = centerWithBeds(4);
    const cases = await casesAt(code, 100);
    const staff = [0, 1, 2, 3].map((i) => receptionist(`reception-${code}-${i}`, [code]));
    const before = await rowCounts(h);
    const since = await lastLogId(h);
    const answers = await Promise.all(
      cases.map((c, i) => h.run(staff[i % staff.length]!, ADMIT, { input: { caseId: c.id } })),
    );
    const admitted = answers.filter((a) => !a.errors);
    expect(admitted).toHaveLength(4);
    expect(answers.filter((a) => a.errors)).toEqual(
      Array(96).fill({
        data: null,
        errors: [conflict(`the Safe Room at ${code} is full: all 4 beds are taken`, ['admitToSafeRoom'])],
      }),
    );
    // Nothing half-written: four stays, and in the log the four admissions and their answers, nothing else.
    expect(await rowCounts(h)).toEqual({
      ...before,
      safeRoomStays: before.safeRoomStays + 4,
      accessLog: before.accessLog + 8,
    });
    const log = await accessLogSince(h, since);
    expect(log.filter((e) => e.action === 'WRITE').map((e) => e.fields)).toEqual(Array(4).fill(['admitToSafeRoom']));
    expect(new Set(log.map((e) => e.caseId)).size).toBe(4);
    expect(data(await occupancy(staff[0]!, code))).toEqual({
      center: { code, safeRoom: { beds: 4, occupied: 4, free: 0 } },
    });
  });

  it('refuses the survivor of a case at a full Safe Room, and admits once a discharge frees a bed', async () => {
    const code = centerWithBeds(4);
    const staff = receptionist(`reception-${code}`, [code]);
    const cases = await casesAt(code, 5);
    const stays = [];
    for (const c of cases.slice(0, 4)) stays.push(await admit(staff, c.id));
    const before = await rowCounts(h);
    expect(await h.run(staff, ADMIT, { input: { caseId: cases[4]!.id } })).toEqual({
      data: null,
      errors: [conflict(`the Safe Room at ${code} is full: all 4 beds are taken`, ['admitToSafeRoom'])],
    });
    expect(await rowCounts(h)).toEqual(before);
    data(await h.run(staff, DISCHARGE, { input: { stayId: stays[0]!.id } }));
    expect(data(await occupancy(staff, code))).toEqual({
      center: { code, safeRoom: { beds: 4, occupied: 3, free: 1 } },
    });
    await admit(staff, cases[4]!.id);
    expect(data(await occupancy(staff, code))).toEqual({
      center: { code, safeRoom: { beds: 4, occupied: 4, free: 0 } },
    });
  });

  it('does not admit a survivor who already stays: not twice under one case, nor under a second case', async () => {
    const first = await openCase(h, intake('GASABO-1'));
    const second = await openCase(h, intake('GASABO-1', { survivor: null, survivorId: first.survivorId }));
    await admit(reception, first.id);
    const before = await rowCounts(h);
    const e = conflict('this survivor is already staying in a Safe Room: discharge them there first', [
      'admitToSafeRoom',
    ]);
    expect(await h.run(reception, ADMIT, { input: { caseId: first.id } })).toEqual({ data: null, errors: [e] });
    expect(await h.run(reception, ADMIT, { input: { caseId: second.id } })).toEqual({ data: null, errors: [e] });
    expect(await rowCounts(h)).toEqual(before);
  });

  // Two centers, two locks: only the database's index on the survivor's open stay stops the second admission.
  it('admits a survivor once when their cases at two centers are admitted at the same moment', async () => {
    const both = receptionist('reception-two-centers', ['GASABO-1', 'GASABO-2']);
    for (let round = 0; round < 5; round++) {
      const a = await openCase(h, intake('GASABO-1'), both);
      const em = h.orm.em.fork();
      // The same survivor's case at the other center, written directly: a second intake for a returning survivor.
      const other = await openCase(h, intake('GASABO-2'), both);
      await em.nativeUpdate(Case, { id: other.id }, { survivor: a.survivorId });
      const answers = await Promise.all([a.id, other.id].map((caseId) => h.run(both, ADMIT, { input: { caseId } })));
      expect(answers.filter((x) => !x.errors)).toHaveLength(1);
      expect(answers.filter((x) => x.errors).map((x) => x.errors)).toEqual([
        [conflict('this survivor is already staying in a Safe Room: discharge them there first', ['admitToSafeRoom'])],
      ]);
      expect(await em.count(SafeRoomStay, { survivor: a.survivorId })).toBe(1);
      // Discharged before the next round: GASABO-2 has 4 beds, and a fifth win there would answer "full" instead.
      await em.nativeUpdate(
        SafeRoomStay,
        { survivor: a.survivorId, dischargedAt: null },
        { dischargedAt: new Date(), dischargedBy: 'test' },
      );
    }
  });

  it('refuses the survivor of a closed case with CONFLICT, writing nothing', async () => {
    const c = await openCase(h, intake('GASABO-1'));
    await h.orm.em.fork().nativeUpdate(Case, { id: c.id }, { status: CaseStatus.CLOSED });
    const before = await rowCounts(h);
    expect(await h.run(reception, ADMIT, { input: { caseId: c.id } })).toEqual({
      data: null,
      errors: [conflict('the case is closed: only the survivor of an open case is admitted', ['admitToSafeRoom'])],
    });
    expect(await rowCounts(h)).toEqual(before);
  });

  it('refuses an id that is not a case id as BAD_USER_INPUT, before looking anything up', async () => {
    const before = await rowCounts(h);
    expect(await h.run(reception, ADMIT, { input: { caseId: 'not-a-uuid' } })).toEqual({
      data: null,
      errors: [badInput({ field: 'input.caseId', problem: 'caseId must be a UUID' }, ['admitToSafeRoom'])],
    });
    expect(await rowCounts(h)).toEqual(before);
  });

  describe('who may not admit', () => {
    const e = ['admitToSafeRoom'];
    async function refused(p: Caller | null, caseId: string) {
      return writesNothing(h, () => h.run(p, ADMIT, { input: { caseId } }));
    }

    it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
      const c = await openCase(h, intake('GASABO-1'));
      expect(await refused(anonymous, c.id)).toEqual({ data: null, errors: [unauthenticated(e)] });
    });

    const withoutWrite: Role[] = [
      'psychologist',
      'clinician',
      'investigator',
      'social-worker',
      'local-official',
      'analyst',
      'auditor',
      'administrator',
      'ministry-system',
    ];
    it.each(withoutWrite)('refuses a %s (no safe-room:write) with FORBIDDEN MISSING_SCOPE', async (role) => {
      const c = await openCase(h, intake('GASABO-1'));
      expect(await refused(gasabo(role), c.id)).toEqual({ data: null, errors: [forbidden('MISSING_SCOPE', e)] });
    });

    it.each([
      ['a receptionist of another center', asRole('reception-officer', { centers: ['HUYE-1'] })],
      ['a case manager of another center', asRole('case-manager', { centers: ['HUYE-1'] })],
    ])('refuses %s with FORBIDDEN OUT_OF_SCOPE, exactly as for a missing case', async (_who, p) => {
      const c = await openCase(h, intake('GASABO-1'));
      expect(await refused(p, c.id)).toEqual({ data: null, errors: [forbidden('OUT_OF_SCOPE', e)] });
      expect(await refused(p, MISSING)).toEqual({ data: null, errors: [forbidden('OUT_OF_SCOPE', e)] });
    });
  });
});

describe('dischargeFromSafeRoom', () => {
  it('ends the stay, answers it and logs the write and the read; the bed is free again', async () => {
    const code = 'GASABO-1';
    const c = await openCase(h, intake(code));
    const stay = await admit(reception, c.id);
    const before = data<{ center: { safeRoom: { occupied: number } } }>(await occupancy(reception, code)).center
      .safeRoom.occupied;
    const now = freezeClock(new Date(Date.now() + 60_000));
    const cm = asDemoUser('case-manager');
    const since = await lastLogId(h);
    expect(await h.run(cm, DISCHARGE, { input: { stayId: stay.id } })).toEqual({
      data: {
        dischargeFromSafeRoom: {
          id: stay.id,
          admittedAt: stay.admittedAt,
          admittedBy: 'demo:reception',
          dischargedAt: now.toISOString(),
          dischargedBy: 'demo:case-manager',
          center: { code },
        },
      },
    });
    expect(await accessLogSince(h, since)).toEqual([
      entry(cm, { caseId: c.id, action: 'WRITE', fields: ['dischargeFromSafeRoom'], basis: 'CARE_TEAM' }),
      entry(cm, { caseId: c.id, action: 'READ', fields: STAY_READ, basis: 'CARE_TEAM' }),
    ]);
    expect(data(await occupancy(reception, code))).toEqual({
      center: { code, safeRoom: { beds: 12, occupied: before - 1, free: 12 - before + 1 } },
    });
    // Discharged, the survivor may be admitted again later.
    await admit(reception, c.id);
  });

  it('refuses a stay already ended with CONFLICT; of several discharges at once, one ends it', async () => {
    const c = await openCase(h, intake('GASABO-1'));
    const stay = await admit(reception, c.id);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => h.run(reception, DISCHARGE, { input: { stayId: stay.id } })),
    );
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    expect(answers.filter((a) => a.errors)).toEqual(
      Array(5).fill({ data: null, errors: [conflict('this stay has already ended', ['dischargeFromSafeRoom'])] }),
    );
    const writes = (await accessLogOf(h, c.id)).filter((x) => x.fields.includes('dischargeFromSafeRoom'));
    expect(writes).toHaveLength(1);
  });

  describe('who may not discharge', () => {
    const e = ['dischargeFromSafeRoom'];
    it.each([
      ['anonymous', anonymous, unauthenticated(e)],
      ['a psychologist (no safe-room:write)', asDemoUser('psychologist'), forbidden('MISSING_SCOPE', e)],
      ['an administrator (no safe-room:write)', asDemoUser('admin'), forbidden('MISSING_SCOPE', e)],
      [
        'a receptionist of another center',
        asRole('reception-officer', { centers: ['HUYE-1'] }),
        forbidden('OUT_OF_SCOPE', e),
      ],
    ])('refuses %s, writing nothing', async (_who, p, error) => {
      const c = await openCase(h, intake('GASABO-1'));
      const stay = await admit(reception, c.id);
      const before = await rowCounts(h);
      expect(await h.run(p, DISCHARGE, { input: { stayId: stay.id } })).toEqual({ data: null, errors: [error] });
      expect(await rowCounts(h)).toEqual(before);
    });

    it('answers a stay that does not exist as one the caller may not see', async () => {
      expect(await h.run(reception, DISCHARGE, { input: { stayId: MISSING } })).toEqual({
        data: null,
        errors: [forbidden('OUT_OF_SCOPE', e)],
      });
      expect(await h.run(reception, DISCHARGE, { input: { stayId: 'x' } })).toEqual({
        data: null,
        errors: [badInput({ field: 'input.stayId', problem: 'stayId must be a UUID' }, e)],
      });
    });
  });
});

describe('Center.safeRoom', () => {
  it('shows beds, occupied and free to the staff of that center and to administrators', async () => {
    const code = 'HUYE-2';
    const staff = receptionist('reception-huye-2', [code]);
    const [c] = await casesAt(code, 1);
    await admit(staff, c!.id);
    const expected = { data: { center: { code, safeRoom: { beds: 6, occupied: 1, free: 5 } } } };
    for (const p of [
      staff,
      asRole('case-manager', { centers: [code] }),
      asRole('psychologist', { centers: [code] }),
      asDemoUser('admin'),
    ]) {
      expect(await occupancy(p, code)).toEqual(expected);
    }
  });

  it('is refused to staff of other centers (OUT_OF_SCOPE) and to roles without the scope (MISSING_SCOPE)', async () => {
    const path = ['center', 'safeRoom'];
    const refusedAs = (error: unknown) => ({
      data: { center: { code: 'GASABO-1', safeRoom: null } },
      errors: [error],
    });
    expect(await occupancy(asRole('reception-officer', { centers: ['HUYE-1'] }), 'GASABO-1')).toEqual(
      refusedAs(forbidden('OUT_OF_SCOPE', path)),
    );
    for (const role of [
      'clinician',
      'investigator',
      'social-worker',
      'local-official',
      'analyst',
      'auditor',
      'ministry-system',
    ] as Role[]) {
      expect(await occupancy(gasabo(role), 'GASABO-1'), role).toEqual(refusedAs(forbidden('MISSING_SCOPE', path)));
    }
    expect(await occupancy(anonymous, 'GASABO-1')).toEqual(refusedAs(unauthenticated(path)));
  });

  it('the public directory without it is still public', async () => {
    expect(await h.run(anonymous, '{ center(code: "GASABO-1") { code safeRoomBeds } }')).toEqual({
      data: { center: { code: 'GASABO-1', safeRoomBeds: 12 } },
    });
  });

  // The occupancy loader lives in one request: callers at different places asking at the same moment each get their
  // own answer, never one computed for another.
  it('answers each of several callers at the same moment as they would be answered alone', async () => {
    const principals = [
      ...['GASABO-2', 'NGOMA-1', 'HUYE-1'].map((code) => receptionist(`reception-${code}-alone`, [code])),
      asDemoUser('admin'),
      asDemoUser('psychologist'),
    ];
    const query = '{ centers { code safeRoom { beds occupied free } } }';
    const alone = [];
    for (const p of principals) alone.push(await h.run(p, query));
    // Each receptionist sees the one center they work at; the administrator sees all 44.
    const shown = alone.map(
      (r) => (r.data as { centers: { safeRoom: unknown }[] }).centers.filter((x) => x.safeRoom !== null).length,
    );
    expect(shown).toEqual([1, 1, 1, 44, 1]);
    for (let round = 0; round < 10; round++) {
      expect(await Promise.all([...principals, ...principals].map((p) => h.run(p, query)))).toEqual([
        ...alone,
        ...alone,
      ]);
    }
  });
});

describe('Case.safeRoomStays', () => {
  it('is shown to center staff of the case, logged as read with the case', async () => {
    const c = await openCase(h, intake('GASABO-1'));
    const stay = await admit(reception, c.id);
    const since = await lastLogId(h);
    const psychologist = asDemoUser('psychologist');
    const shown = { ...stay, admittedBy: 'demo:reception', dischargedAt: null, dischargedBy: null };
    expect(await h.run(psychologist, CASE_STAYS, { id: c.id })).toEqual({
      data: { case: { id: c.id, safeRoomStays: [{ ...shown, center: { code: 'GASABO-1' } }] } },
    });
    expect(await accessLogSince(h, since)).toEqual([
      entry(psychologist, { caseId: c.id, action: 'READ', fields: ['id', ...STAY_READ].sort(), basis: 'CARE_TEAM' }),
    ]);
  });

  it('is refused to roles without safe-room:read, and the case to staff of another center', async () => {
    const c = await openCase(h, intake('GASABO-1'));
    await admit(reception, c.id);
    // A clinician the case is referred to, with consent, reads the case but not its Safe Room stays.
    await share(h, reception, c.id, 'HEALTH');
    expect(await h.run(gasabo('clinician'), CASE_STAYS, { id: c.id })).toEqual({
      data: { case: { id: c.id, safeRoomStays: null } },
      errors: [forbidden('MISSING_SCOPE', ['case', 'safeRoomStays'])],
    });
    expect(await h.run(asRole('psychologist', { centers: ['HUYE-1'] }), CASE_STAYS, { id: c.id })).toEqual({
      data: { case: null },
      errors: [forbidden('OUT_OF_SCOPE', ['case'])],
    });
  });
});
