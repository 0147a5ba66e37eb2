import { beforeAll, describe, expect, it } from 'vitest';
import { center } from '../../../services/center/index.js';
import { demoCenters } from '../../../services/shared/demo-plan.js';
import type { Caller } from '../../../services/shared/caller.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, errorsWithoutLocations, unauthenticated } from '../../helpers/errors.js';
import { asDemoUser } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { intake, openCase } from './fixtures.js';

// The only public part of the graph: where to go and whom to call. Everybody gets the same answer, signed in or not.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
  // A case in the database must change nothing in the public answers.
  await openCase(h, intake('GASABO-1'));
});

const callers: [string, Caller | null][] = [
  ['anonymous', anonymous],
  ['reception (GASABO-1)', asDemoUser('reception')],
  ['huye-clinician', asDemoUser('huye-clinician')],
  ['social-worker (Gasabo)', asDemoUser('social-worker')],
  ['analyst (national, stats only)', asDemoUser('analyst')],
];

const CENTER_FIELDS = 'id code name district province hospital safeRoomBeds';

describe('centers', () => {
  const query = `{ centers { ${CENTER_FIELDS} } }`;

  it.each(callers)('lists all 44 centers by province, district and code to %s', async (_who, principal) => {
    const expected = demoCenters()
      .map(({ id, code, name, district, province, hospital, safeRoomBeds }) => ({
        id,
        code,
        name,
        district,
        province,
        hospital,
        safeRoomBeds,
      }))
      .sort((a, b) =>
        a.province < b.province
          ? -1
          : a.province > b.province
            ? 1
            : a.district < b.district
              ? -1
              : a.district > b.district
                ? 1
                : a.code < b.code
                  ? -1
                  : a.code > b.code
                    ? 1
                    : 0,
      );
    expect(expected).toHaveLength(44);

    expect(await h.run(principal, query)).toEqual({ data: { centers: expected } });
  });

  it('starts with the Eastern Province and names the first Isange center as it is known', async () => {
    const res = await h.run(anonymous, `{ centers { code district province } }`);
    const centers = (res.data as { centers: { code: string; district: string; province: string }[] }).centers;
    expect(centers.slice(0, 3)).toEqual([
      { code: 'BUGESERA-1', district: 'Bugesera', province: 'Eastern Province' },
      { code: 'BUGESERA-2', district: 'Bugesera', province: 'Eastern Province' },
      { code: 'GATSIBO-1', district: 'Gatsibo', province: 'Eastern Province' },
    ]);
    expect(centers.filter((c) => c.district === 'Gasabo').map((c) => c.code)).toEqual(['GASABO-1', 'GASABO-2']);
  });
});

describe('center(code)', () => {
  const query = `query One($code: String!) { center(code: $code) { ${CENTER_FIELDS} } }`;

  it.each(callers)('answers GASABO-1 to %s', async (_who, principal) => {
    expect(await h.run(principal, query, { code: 'GASABO-1' })).toEqual({
      data: {
        center: {
          id: demoCenters().find((c) => c.code === 'GASABO-1')!.id,
          code: 'GASABO-1',
          name: 'Isange One Stop Center, Kacyiru Police Hospital',
          district: 'Gasabo',
          province: 'Kigali City',
          hospital: 'Kacyiru Police Hospital',
          safeRoomBeds: 12,
        },
      },
    });
  });

  it('answers a second site with its own hospital', async () => {
    expect(await h.run(anonymous, query, { code: 'HUYE-2' })).toEqual({
      data: {
        center: {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          code: 'HUYE-2',
          name: 'Isange One Stop Center, Huye second site',
          district: 'Huye',
          province: 'Southern Province',
          hospital: 'Huye second site',
          safeRoomBeds: 4 + ('HUYE-2'.length % 4),
        },
      },
    });
  });

  it.each([['NOWHERE-1'], ['gasabo-1'], [''], ['GASABO-1 ']])(
    'answers null, without an error, for the unknown code %j',
    async (code) => {
      expect(await h.run(anonymous, query, { code })).toEqual({ data: { center: null } });
    },
  );

  it('refuses a code with a NUL byte as bad input, naming the argument (not an internal error)', async () => {
    expect(await h.run(anonymous, query, { code: 'GASABO\u00001' })).toEqual({
      data: { center: null },
      errors: [badInput({ field: 'code', problem: 'must not contain control characters' }, ['center'])],
    });
  });
  it('refuses a code with a lone surrogate as bad input, naming the argument', async () => {
    const problem = 'must be well-formed Unicode (a lone surrogate is no character)';
    expect(await h.run(anonymous, query, { code: 'GASABO-\udc001' })).toEqual({
      data: { center: null },
      errors: [badInput({ field: 'code', problem }, ['center'])],
    });
  });

  it('answers null for a code of 1,000 characters, and refuses 1,001 as bad input before any lookup', async () => {
    expect(await h.run(anonymous, query, { code: 'A'.repeat(1000) })).toEqual({ data: { center: null } });
    expect(await h.run(anonymous, query, { code: 'A'.repeat(1001) })).toEqual({
      data: { center: null },
      errors: [badInput({ field: 'code', problem: 'must be at most 1000 characters' }, ['center'])],
    });
  });
});

describe('hotlines', () => {
  it.each(callers)('lists the toll-free numbers to %s', async (_who, principal) => {
    expect(await h.run(principal, `{ hotlines { number purpose sms } }`)).toEqual({
      data: {
        hotlines: [
          { number: '3512', purpose: 'Gender-based violence (toll-free)', sms: true },
          { number: '3029', purpose: 'Isange One Stop Center', sms: false },
          { number: '116', purpose: 'Child helpline', sms: false },
        ],
      },
    });
  });
});

describe('the public part leads nowhere private', () => {
  it('an anonymous caller asking for centers and cases in one request gets the centers and UNAUTHENTICATED for the cases', async () => {
    const query = `{ center(code: "GASABO-1") { code } cases { totalCount } }`;
    expect(await h.run(anonymous, query)).toEqual({
      data: { center: { code: 'GASABO-1' }, cases: null },
      errors: [unauthenticated(['cases'])],
    });
  });
});
