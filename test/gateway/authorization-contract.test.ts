import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoNarrative, demoSurvivor } from '../../services/center/demo.js';
import type { DemoPlan } from '../../services/shared/demo-plan.js';
import { testDatabase } from '../helpers/database.js';
import { unauthorized } from '../helpers/errors.js';
import { seedDemo } from '../helpers/seed.js';
import { type Stack, startStack } from '../helpers/stack.js';

// The static layer's answers, pinned to Apollo Router's contract: HTTP 200; the field null with
// {"message":"Unauthorized field or type","path":[...],"extensions":{"code":"UNAUTHORIZED_FIELD_OR_TYPE"}};
// "@" for list positions; a non-null protected field nulls its nearest nullable parent; a null parent is not turned
// into an object; the rest of the query answered; nothing left to ask -> data null and no subgraph called.
// These are the places where the stock Hive runtime answers differently (401, other paths, invented objects).

let url: string;
let plan: DemoPlan;
let stack: Stack;
let showcase: DemoPlan['cases'][number];
const totalStatements = () => [...stack.statements.values()].reduce((a, b) => a + b, 0);

beforeAll(async () => {
  url = await testDatabase();
  plan = await seedDemo(url, 40);
  stack = await startStack(url);
  showcase = plan.cases.find((c) => c.id === plan.cases.filter((x) => x.center.code === 'GASABO-1').at(-1)!.id)!;
});

describe('filter mode (the default)', () => {
  it('anonymous: public fields answered, a protected root field null with its error, HTTP 200', async () => {
    const r = await stack.query(null, '{ hotlines { number } cases(first: 1) { totalCount } }');
    expect(r).toEqual({
      status: 200,
      body: {
        data: { hotlines: [{ number: '3512' }, { number: '3029' }, { number: '116' }], cases: null },
        errors: [unauthorized(['cases'])],
      },
    });
  });

  it('protected fields inside a list: one error per field path with "@", null in every element', async () => {
    const token = await stack.token('psychologist');
    const r = await stack.query(
      token,
      `{ cases(first: 2, centerCode: "GASABO-1") {
      nodes { caseNumber survivor { code identity { givenName } } medical { encounters { seenAt } } } } }`,
    );
    const expected = plan.cases
      .filter((c) => c.center.code === 'GASABO-1')
      .sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime())
      .slice(0, 2);
    expect(r).toEqual({
      status: 200,
      body: {
        data: {
          cases: {
            nodes: expected.map((c) => ({
              caseNumber: c.caseNumber,
              survivor: { code: demoSurvivor(c).code, identity: null },
              medical: null,
            })),
          },
        },
        errors: [
          unauthorized(['cases', 'nodes', '@', 'survivor', 'identity']),
          unauthorized(['cases', 'nodes', '@', 'medical']),
        ],
      },
    });
  });

  it('a protected non-null field nulls its nearest nullable parent', async () => {
    // Case.consents is [Consent!]! and nodes is [Case!]!: the null climbs to `cases`, the first nullable position.
    const token = await stack.token('psychologist');
    const r = await stack.query(
      token,
      '{ cases(first: 2, centerCode: "GASABO-1") { totalCount nodes { caseNumber consents { scope } } } hotlines { number } }',
    );
    expect(r).toEqual({
      status: 200,
      body: {
        data: { cases: null, hotlines: [{ number: '3512' }, { number: '3029' }, { number: '116' }] },
        errors: [unauthorized(['cases', 'nodes', '@', 'consents'])],
      },
    });
  });

  it('a protected field under a null parent: the error is reported, no object is invented', async () => {
    const token = await stack.token('clinician');
    const r = await stack.query(token, `{ case(id: "${randomUUID()}") { caseNumber narrative } }`);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ case: null });
    expect(r.body.errors).toContainEqual(unauthorized(['case', 'narrative']));
  });

  it('every field unauthorized: data null, one error each, and no subgraph is asked', async () => {
    const token = await stack.token('analyst');
    stack.resetStatements();
    const r = await stack.query(token, `{ cases(first: 1) { totalCount } case(id: "${showcase.id}") { id } }`);
    expect(r).toEqual({ status: 200, body: { data: null, errors: [unauthorized(['cases']), unauthorized(['case'])] } });
    expect(totalStatements()).toBe(0);
  });

  it('a selection whose every field is removed takes its parent with it, without an error of its own', async () => {
    const token = await stack.token('psychologist');
    const r = await stack.query(
      token,
      `query($id: ID!) { case(id: $id) { caseNumber medical { encounters { seenAt } } } }`,
      { id: showcase.id },
    );
    expect(r).toEqual({
      status: 200,
      body: {
        data: { case: { caseNumber: showcase.caseNumber, medical: null } },
        errors: [unauthorized(['case', 'medical'])],
      },
    });
    // Case.survivor is non-null: emptied of its only field, it nulls the case, as GraphQL's null propagation says.
    const emptied = await stack.query(
      token,
      `query($id: ID!) { case(id: $id) { caseNumber survivor { identity { givenName } } } }`,
      { id: showcase.id },
    );
    expect(emptied).toEqual({
      status: 200,
      body: { data: { case: null }, errors: [unauthorized(['case', 'survivor', 'identity'])] },
    });
  });

  it('aliases and fragments: paths follow the response keys', async () => {
    const token = await stack.token('clinician');
    const r = await stack.query(
      token,
      `query($id: ID!) { file: case(id: $id) { ...Parts ... on Case { story: narrative } } } fragment Parts on Case { number: caseNumber consents { scope } }`,
      { id: showcase.id },
    );
    expect(r.status).toBe(200);
    expect(r.body.errors?.filter((e) => e.extensions?.code === 'UNAUTHORIZED_FIELD_OR_TYPE')).toEqual([
      unauthorized(['file', 'consents']),
      unauthorized(['file', 'story']),
    ]);
  });

  it('@skip and @include: a field that is not asked for is not reported', async () => {
    const token = await stack.token('clinician');
    const q =
      'query($hide: Boolean!) { case(id: "00000000-0000-4000-8000-000000000000") { id narrative @skip(if: $hide) } }';
    const skipped = await stack.query(token, q, { hide: true });
    const asked = await stack.query(token, q, { hide: false });
    expect(skipped.body.errors?.map((e) => e.extensions?.code)).not.toContain('UNAUTHORIZED_FIELD_OR_TYPE');
    expect(asked.body.errors).toContainEqual(unauthorized(['case', 'narrative']));
  });

  it('what the filter leaves is all skipped: the removed fields null with their errors, no subgraph asked', async () => {
    stack.resetStatements();
    const literal = await stack.query(null, '{ cases(first: 1) { totalCount } centers @skip(if: true) { code } }');
    const variable = await stack.query(
      null,
      'query($hide: Boolean = true) { cases(first: 1) { totalCount } centers @skip(if: $hide) { code } }',
    );
    const expected = { status: 200, body: { data: { cases: null }, errors: [unauthorized(['cases'])] } };
    expect([literal, variable]).toEqual([expected, expected]);
    expect(totalStatements()).toBe(0);
  });

  it('what the filter leaves is only __typename: answered by the gateway, no subgraph asked', async () => {
    stack.resetStatements();
    const r = await stack.query(null, '{ ... on Query { __typename } cases(first: 1) { totalCount } }');
    expect(r).toEqual({
      status: 200,
      body: { data: { __typename: 'Query', cases: null }, errors: [unauthorized(['cases'])] },
    });
    expect(totalStatements()).toBe(0);
  });

  it('every field skipped, nothing filtered: empty data, as GraphQL answers it, and no subgraph asked', async () => {
    const token = await stack.token('case-manager');
    stack.resetStatements();
    const r = await stack.query(
      token,
      'query($id: ID!, $show: Boolean!) { case(id: $id) @include(if: $show) { caseNumber } centers @skip(if: true) { code } }',
      { id: showcase.id, show: false },
    );
    expect(r).toEqual({ status: 200, body: { data: {} } });
    expect(totalStatements()).toBe(0);
  });

  it('a mutation without the scope is refused before any subgraph runs it', async () => {
    const token = await stack.token('psychologist');
    stack.resetStatements();
    const r = await stack.query(
      token,
      `mutation { openCase(input: { centerCode: "GASABO-1", incidentAt: "2026-01-01T00:00:00Z",
      incidentType: RAPE, needs: [MEDICAL], survivor: { sex: FEMALE, estimatedAge: 30 } }) { id } }`,
    );
    expect(r).toEqual({ status: 200, body: { data: null, errors: [unauthorized(['openCase'])] } });
    expect(totalStatements()).toBe(0);
  });

  it('a holder of every scope asked gets the whole answer and no error', async () => {
    const token = await stack.token('case-manager');
    const r = await stack.query(
      token,
      'query($id: ID!) { case(id: $id) { caseNumber narrative survivor { identity { familyName } } } }',
      { id: showcase.id },
    );
    expect(r).toEqual({
      status: 200,
      body: {
        data: {
          case: {
            caseNumber: showcase.caseNumber,
            narrative: demoNarrative(showcase),
            survivor: { identity: { familyName: demoSurvivor(showcase).familyName } },
          },
        },
      },
    });
  });
});

describe('reject mode (a setting)', () => {
  let strict: Stack;
  beforeAll(async () => {
    strict = await startStack(url, { unauthorizedMode: 'reject' });
  });

  it('one unauthorized field rejects the whole operation: data null, every error listed, no subgraph asked', async () => {
    const token = await strict.token('psychologist');
    strict.resetStatements();
    const r = await strict.query(
      token,
      '{ hotlines { number } cases(first: 1) { nodes { caseNumber survivor { identity { givenName } } medical { treatments { kind } } } } }',
    );
    expect(r).toEqual({
      status: 200,
      body: {
        data: null,
        errors: [
          unauthorized(['cases', 'nodes', '@', 'survivor', 'identity']),
          unauthorized(['cases', 'nodes', '@', 'medical']),
        ],
      },
    });
    expect([...strict.statements.values()].reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('an authorized operation is answered as usual', async () => {
    const r = await strict.query(null, '{ hotlines { number } }');
    expect(r).toEqual({
      status: 200,
      body: { data: { hotlines: [{ number: '3512' }, { number: '3029' }, { number: '116' }] } },
    });
  });
});
