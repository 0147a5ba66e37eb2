import { beforeAll, describe, expect, it } from 'vitest';
import { demoClaims, demoUser } from '../../services/hub/demo-users.js';
import { testDatabase } from '../helpers/database.js';
import { type Stack, startStack } from '../helpers/stack.js';

// Each signed-in caller's fair share through the gateway (gateway/fair-share.ts), here 2 requests at once and 3
// waiting: what one caller sends beyond that is refused before its body is read, and nobody else notices.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(await testDatabase(), { fairShare: { inFlight: 2, waiting: 3 } });
});

const PAGE = '{ cases(first: 5) { nodes { caseNumber } } }';
const TOO_MANY = {
  status: 429,
  body: {
    errors: [
      {
        message: 'Too many requests at once from this caller; wait for answers before sending more',
        extensions: { code: 'RATE_LIMITED' },
      },
    ],
  },
};

describe("a signed-in caller's fair share", () => {
  it('answers as many at once as the share and its queue hold, in turn', async () => {
    const token = await stack.token('reception');
    const answers = await Promise.all(Array.from({ length: 5 }, () => stack.query(token, PAGE)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.every((a) => a.body.errors === undefined)).toBe(true);
  });

  it('refuses one caller beyond its share with 429, while another caller sending at the same moment is answered', async () => {
    const greedy = await stack.token('reception');
    const other = await stack.tokenFor({ ...demoClaims(demoUser('reception')), sub: 'demo:reception-colleague' });
    const [flood, others] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, () => stack.query(greedy, PAGE))),
      Promise.all(Array.from({ length: 3 }, () => stack.query(other, PAGE))),
    ]);
    const refused = flood.filter((a) => a.status === 429);
    const answered = flood.filter((a) => a.status === 200);
    expect(refused.length + answered.length).toBe(20);
    expect(refused.length).toBeGreaterThan(0);
    expect(answered.length).toBeGreaterThan(0);
    for (const r of refused) expect(r).toEqual(TOO_MANY);
    for (const a of answered) expect(a.body.errors).toBeUndefined();
    expect(others.map((a) => [a.status, a.body.errors])).toEqual([
      [200, undefined],
      [200, undefined],
      [200, undefined],
    ]);
    // Shares are given back: the same caller is answered again afterwards.
    expect((await stack.query(greedy, PAGE)).status).toBe(200);
  });
});
