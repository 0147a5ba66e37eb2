import { beforeAll, describe, expect, it } from 'vitest';
import { demoClaims, demoUser } from '../../services/hub/demo-users.js';
import { demoCenters } from '../../services/shared/demo-plan.js';
import { testDatabase } from '../helpers/database.js';
import { seedDemo } from '../helpers/seed.js';
import { type Stack, startStack } from '../helpers/stack.js';

// Entity lookups are batched: a page of 500 cases, with slices from all four subgraphs, costs the same number of SQL
// statements per subgraph as a page of one. The counts are printed for the record.

const CASE_FILE = `query($first: Int!) { cases(first: $first) { totalCount nodes {
  caseNumber center { code district } survivor { code sex child } consents { scope active }
  medical { encounters { seenAt } treatments { kind givenAt } }
  investigation { complaintNumber status }
  followUp { riskLevel visits { scheduledFor doneAt } }
} } }`;

let stack: Stack;
let token: string;

beforeAll(async () => {
  const url = await testDatabase();
  await seedDemo(url, 520);
  stack = await startStack(url);
  // A case manager whose centers are all 44: every seeded case is in scope.
  token = await stack.tokenFor({ ...demoClaims(demoUser('case-manager')), centers: demoCenters().map((c) => c.code) });
});

describe('SQL statements per request do not grow with page size', () => {
  it('page sizes 1, 50 and 500 cost the same statements in every subgraph', async () => {
    // A caller's first request also notes them in the center's staff directory (once every few minutes): not counted.
    await stack.query(token, CASE_FILE, { first: 1 });
    const counts: Record<number, Record<string, number>> = {};
    for (const first of [1, 50, 500]) {
      stack.resetStatements();
      const r = await stack.query(token, CASE_FILE, { first });
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
      expect((r.body.data as { cases: { nodes: unknown[] } }).cases.nodes).toHaveLength(first);
      counts[first] = Object.fromEntries(stack.statements);
    }
    console.log(`SQL statements per request, by page size: ${JSON.stringify(counts)}`);
    // A page of one may skip a lookup (the newest case may have no follow-up plan, so no visits to load); beyond
    // that, ten times the cases costs exactly the same statements.
    for (const [name, n] of Object.entries(counts[1]!)) expect(n).toBeLessThanOrEqual(counts[50]![name]!);
    expect(counts[500]).toEqual(counts[50]);
  });
});

describe('the lean read path of the center', () => {
  // The page of the case file the bench asks for: slices from all four subgraphs, no count.
  const PAGE = `{ cases(first: 20) { nodes {
    caseNumber center { code } survivor { code sex }
    medical { treatments { kind givenAt } } investigation { status } followUp { riskLevel }
  } } }`;
  const WITH_COUNT = PAGE.replace('{ cases(first: 20) {', '{ cases(first: 20) { totalCount');

  it('a page with its sharing facts: the signature nonce, the page, the facts, then the access-log append', async () => {
    await stack.query(token, PAGE);
    stack.resetStatements();
    const r = await stack.query(token, PAGE);
    expect(r.body.errors).toBeUndefined();
    expect((r.body.data as { cases: { nodes: unknown[] } }).cases.nodes).toHaveLength(20);
    expect(stack.statements.get('center')).toBe(4);
  });

  it('the total is counted only when asked for: one statement more', async () => {
    stack.resetStatements();
    const r = await stack.query(token, WITH_COUNT);
    expect((r.body.data as { cases: { totalCount: number } }).cases.totalCount).toBe(520);
    expect(stack.statements.get('center')).toBe(5);
  });
});
