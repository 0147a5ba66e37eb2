import { beforeAll, describe, expect, it } from 'vitest';
import { center } from '../../../services/center/index.js';
import { demoCenters } from '../../../services/shared/demo-plan.js';
import { anonymous } from '../../../services/shared/principal.js';
import { testDatabase } from '../../helpers/database.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { forbiddenError, intake, openCase, type OpenedCase, unauthenticatedError } from './fixtures.js';

// The gateway resolves Case, Survivor and Center references through `_entities`. The reference resolvers are the
// subgraph's second line of defence: a request that reaches the subgraph without the gateway's field filtering (a
// misconfigured gateway, a replayed request) must still meet the same rules as `case(id)`.

let h: SubgraphHarness;
let g1: OpenedCase;
let hu: OpenedCase;
const MISSING = '6f1c1d7e-3b7a-4c55-9a51-000000000000';

beforeAll(async () => {
  h = await subgraphHarness(center, await testDatabase());
  g1 = await openCase(h, intake('GASABO-1', { survivor: { sex: 'FEMALE', estimatedAge: 19, givenName: 'Aline' } }));
  hu = await openCase(h, intake('HUYE-1'));
});

const CASES = `query Refs($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id caseNumber } } }`;
const SURVIVORS = `query Refs($r: [_Any!]!) { _entities(representations: $r) { ... on Survivor { id code identity { givenName } } } }`;
const CENTERS = `query Refs($r: [_Any!]!) { _entities(representations: $r) { ... on Center { code district } } }`;
const caseRef = (id: string) => ({ __typename: 'Case', id });
const survivorRef = (id: string) => ({ __typename: 'Survivor', id });
const entitiesError = { query: CASES, path: ['_entities', 0], token: '_entities' };

describe('Case references', () => {
  it('resolve a case for staff of its center', async () => {
    expect(await h.run(asDemoUser('clinician'), CASES, { r: [caseRef(g1.id)] })).toEqual({
      data: { _entities: [{ id: g1.id, caseNumber: g1.caseNumber }] },
    });
  });

  it('resolve the visible case and deny the hidden one in the same batch', async () => {
    expect(await h.run(asDemoUser('huye-clinician'), CASES, { r: [caseRef(g1.id), caseRef(hu.id)] })).toEqual({
      data: { _entities: [null, { id: hu.id, caseNumber: hu.caseNumber }] },
      errors: [forbiddenError(entitiesError, 'OUT_OF_SCOPE')],
    });
  });

  it('deny a case of another center with OUT_OF_SCOPE, exactly as a missing one', async () => {
    const hidden = await h.run(asDemoUser('huye-clinician'), CASES, { r: [caseRef(g1.id)] });
    expect(hidden).toEqual({ data: { _entities: [null] }, errors: [forbiddenError(entitiesError, 'OUT_OF_SCOPE')] });
    expect(await h.run(asDemoUser('huye-clinician'), CASES, { r: [caseRef(MISSING)] })).toEqual(hidden);
  });

  it('deny an anonymous caller with UNAUTHENTICATED, as case(id) does', async () => {
    expect(await h.run(anonymous, CASES, { r: [caseRef(g1.id)] })).toEqual({
      data: { _entities: [null] },
      errors: [unauthenticatedError(entitiesError)],
    });
  });

  // readableCase checks only the organisational scope: every national role passes it, whether or not it holds
  // case:read. The analyst (stats:read), the auditor and the administrator thereby read any case by reference.
  it.each([['analyst'], ['auditor'], ['admin']])('deny the %s (national, no case:read) with FORBIDDEN MISSING_SCOPE', async (login) => {
    expect(await h.run(asDemoUser(login), CASES, { r: [caseRef(g1.id)] })).toEqual({
      data: { _entities: [null] },
      errors: [forbiddenError(entitiesError, 'MISSING_SCOPE')],
    });
  });
});

describe('Survivor references', () => {
  const e = { query: SURVIVORS, path: ['_entities', 0], token: '_entities' };

  it('resolve a survivor, with identity, for reception of the center that has their case', async () => {
    expect(await h.run(asDemoUser('reception'), SURVIVORS, { r: [survivorRef(g1.survivorId)] })).toEqual({
      data: { _entities: [{ id: g1.survivorId, code: g1.survivorCode, identity: { givenName: 'Aline' } }] },
    });
  });

  it('withhold the identity from a clinician of that center', async () => {
    expect(await h.run(asDemoUser('clinician'), SURVIVORS, { r: [survivorRef(g1.survivorId)] })).toEqual({
      data: { _entities: [{ id: g1.survivorId, code: g1.survivorCode, identity: null }] },
      errors: [forbiddenError({ query: SURVIVORS, path: ['_entities', 0, 'identity'] }, 'MISSING_SCOPE')],
    });
  });

  it('deny a survivor with no case in the caller\'s scope, exactly as a missing one', async () => {
    const huyeReception = asRole('reception-officer', { centers: ['HUYE-1'] });
    const hidden = await h.run(huyeReception, SURVIVORS, { r: [survivorRef(g1.survivorId)] });
    expect(hidden).toEqual({ data: { _entities: [null] }, errors: [forbiddenError(e, 'OUT_OF_SCOPE')] });
    expect(await h.run(huyeReception, SURVIVORS, { r: [survivorRef(MISSING)] })).toEqual(hidden);
  });

  it.each([['analyst'], ['auditor'], ['admin']])('deny the %s (national, no case:read) with FORBIDDEN MISSING_SCOPE', async (login) => {
    expect(await h.run(asDemoUser(login), SURVIVORS, { r: [survivorRef(g1.survivorId)] })).toEqual({
      data: { _entities: [null] },
      errors: [forbiddenError(e, 'MISSING_SCOPE')],
    });
  });
});

describe('Center references', () => {
  it('resolve for anyone: centers are public', async () => {
    const gasabo = demoCenters().find((c) => c.code === 'GASABO-1')!;
    expect(await h.run(anonymous, CENTERS, { r: [{ __typename: 'Center', id: gasabo.id }] })).toEqual({
      data: { _entities: [{ code: 'GASABO-1', district: 'Gasabo' }] },
    });
  });
});
