import { beforeAll, describe, expect, it } from 'vitest';
import { demoClaims, demoUser } from '../../services/hub/demo-users.js';
import { demoCenters } from '../../services/shared/demo-plan.js';
import { intake } from '../helpers/case-files.js';
import { testDatabase } from '../helpers/database.js';
import { conflict, forbidden, unauthorized } from '../helpers/errors.js';
import { type Stack, startStack } from '../helpers/stack.js';

// The center's own work through the whole graph: a center an administrator opens serves intake at once, and the
// agencies learn where its cases are from the center's deliveries, as for any other; a Safe Room's occupancy is kept
// from whoever may not see it by the gateway before any subgraph is asked, and by the center per record.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(await testDatabase());
});

const OPEN_CENTER = `mutation($i: OpenCenterInput!) { openCenter(input: $i) { code district childRooms adultRooms } }`;
const OPEN_CASE = `mutation($i: OpenCaseInput!) { openCase(input: $i) { id caseNumber center { code district } } }`;
const CONSENT = `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`;
const REFER = `mutation($i: ReferCaseInput!) { referCase(input: $i) { id status } }`;
const ADMIT = `mutation($i: AdmitToSafeRoomInput!) { admitToSafeRoom(input: $i) { admittedBy center { code } } }`;
const OCCUPANCY = `query($code: String!) { center(code: $code) { code safeRoom { beds occupied free } } }`;

/** A token for a demo user of a center role, placed at `centers`, with a subject of its own. */
const tokenAt = (login: string, centers: string[]) =>
  stack.tokenFor({ ...demoClaims(demoUser(login)), sub: `test:${login}:${centers.join(',')}`, centers });

async function eventually<T>(probe: () => Promise<T>, done: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a center opened by an administrator', () => {
  it('serves intake at once, and the agencies learn where its cases are', async () => {
    const admin = await stack.token('admin');
    const input = {
      code: 'GASABO-3',
      name: 'Isange One Stop Center, Gasabo third site',
      district: 'Gasabo',
      province: 'Kigali City',
      hospital: 'Gasabo third site',
      safeRoomBeds: 2,
      childRooms: 1,
      adultRooms: 1,
    };
    expect(await stack.query(admin, OPEN_CENTER, { i: input })).toEqual({
      status: 200,
      body: { data: { openCenter: { code: 'GASABO-3', district: 'Gasabo', childRooms: 1, adultRooms: 1 } } },
    });
    const reception = await tokenAt('reception', ['GASABO-3']);
    const opened = await stack.query(reception, OPEN_CASE, { i: intake('GASABO-3') });
    const c = (opened.body.data as { openCase: { id: string; caseNumber: string } }).openCase;
    expect(opened).toEqual({
      status: 200,
      body: {
        data: {
          openCase: {
            id: c.id,
            caseNumber: expect.stringMatching(/^GASABO-3\/\d{4}\/000001$/),
            center: { code: 'GASABO-3', district: 'Gasabo' },
          },
        },
      },
    });
    expect(
      (await stack.query(reception, CONSENT, { i: { caseId: c.id, scope: 'HEALTH', givenBy: 'SURVIVOR' } })).body
        .errors,
    ).toBeUndefined();
    expect(
      (await stack.query(reception, REFER, { i: { caseId: c.id, agency: 'HEALTH' } })).body.errors,
    ).toBeUndefined();
    // The center tells health where the case is, through its outbox; a clinician of the new center then reads it.
    const known = await eventually(
      () =>
        stack.orms
          .get('health')!
          .em.fork()
          .getConnection()
          .execute(`select center_code, district from health.known_referral where case_id = ?`, [c.id]),
      (rows) => rows.length > 0,
    );
    expect(known).toEqual([{ center_code: 'GASABO-3', district: 'Gasabo' }]);
    const clinician = await tokenAt('clinician', ['GASABO-3']);
    expect(await stack.query(clinician, `{ case(id: "${c.id}") { caseNumber center { code } } }`)).toEqual({
      status: 200,
      body: { data: { case: { caseNumber: c.caseNumber, center: { code: 'GASABO-3' } } } },
    });
    // Its Safe Room takes the survivor; the administrator sees it taken.
    expect(await stack.query(reception, ADMIT, { i: { caseId: c.id } })).toEqual({
      status: 200,
      body: { data: { admitToSafeRoom: { admittedBy: 'test:reception:GASABO-3', center: { code: 'GASABO-3' } } } },
    });
    expect(await stack.query(admin, OCCUPANCY, { code: 'GASABO-3' })).toEqual({
      status: 200,
      body: { data: { center: { code: 'GASABO-3', safeRoom: { beds: 2, occupied: 1, free: 1 } } } },
    });
    // Staff of the first Gasabo center do not reach it.
    expect(await stack.query(await stack.token('reception'), ADMIT, { i: { caseId: c.id } })).toEqual({
      status: 200,
      body: { data: null, errors: [forbidden('OUT_OF_SCOPE', ['admitToSafeRoom'])] },
    });
  });

  it('is refused to anyone but an administrator, before any subgraph is asked', async () => {
    const token = await stack.token('case-manager');
    stack.resetStatements();
    expect(
      await stack.query(token, OPEN_CENTER, {
        i: {
          code: 'GASABO-4',
          name: 'x',
          district: 'Gasabo',
          province: 'Kigali City',
          hospital: 'x',
          safeRoomBeds: 1,
          childRooms: 1,
          adultRooms: 1,
        },
      }),
    ).toEqual({ status: 200, body: { data: null, errors: [unauthorized(['openCenter'])] } });
    expect([...stack.statements.values()].reduce((a, b) => a + b, 0)).toBe(0);
  });
});

describe('a Safe Room through the gateway', () => {
  it('shows occupancy to the center staff of that center and to administrators, and to nobody else', async () => {
    const all = '{ centers { code safeRoom { free } } }';
    const admin = await stack.query(await stack.token('admin'), all);
    const listed = (admin.body.data as { centers: { safeRoom: unknown }[] }).centers;
    // The 44 demo centers, and any a test here opened.
    expect(listed.length).toBeGreaterThanOrEqual(demoCenters().length);
    expect(listed.every((c) => c.safeRoom !== null)).toBe(true);
    expect(admin.body.errors).toBeUndefined();
    // Without a token, or with a role that has no business there, the gateway removes the field: one error, "@" for
    // the list, and the public directory answered.
    for (const token of [null, await stack.token('clinician'), await stack.token('analyst')]) {
      const r = await stack.query(token, all);
      expect(r.body.errors).toEqual([unauthorized(['centers', '@', 'safeRoom'])]);
      expect((r.body.data as { centers: { safeRoom: unknown }[] }).centers.every((c) => c.safeRoom === null)).toBe(
        true,
      );
    }
    // A receptionist sees their own center's, and is refused another's, per record.
    const reception = await stack.token('reception');
    expect(await stack.query(reception, OCCUPANCY, { code: 'GASABO-1' })).toEqual({
      status: 200,
      body: { data: { center: { code: 'GASABO-1', safeRoom: { beds: 12, occupied: 0, free: 12 } } } },
    });
    expect(await stack.query(reception, OCCUPANCY, { code: 'HUYE-1' })).toEqual({
      status: 200,
      body: {
        data: { center: { code: 'HUYE-1', safeRoom: null } },
        errors: [forbidden('OUT_OF_SCOPE', ['center', 'safeRoom'])],
      },
    });
  });

  it('answers a full room with CONFLICT through the gateway', async () => {
    const reception = await tokenAt('reception', ['GASABO-2']);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await stack.query(reception, OPEN_CASE, { i: intake('GASABO-2') });
      ids.push((r.body.data as { openCase: { id: string } }).openCase.id);
    }
    const answers = await Promise.all(ids.map((id) => stack.query(reception, ADMIT, { i: { caseId: id } })));
    expect(answers.filter((a) => !a.body.errors)).toHaveLength(4);
    expect(answers.filter((a) => a.body.errors).map((a) => a.body)).toEqual([
      {
        data: null,
        errors: [conflict('the Safe Room at GASABO-2 is full: all 4 beds are taken', ['admitToSafeRoom'])],
      },
    ]);
  });
});
