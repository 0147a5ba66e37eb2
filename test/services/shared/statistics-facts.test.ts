import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { health } from '../../../services/health/index.js';
import { rememberStatistics } from '../../../services/shared/delivery/known-referrals.js';
import { type CaseStatistics, parseMessage } from '../../../services/shared/delivery/message.js';
import { testDatabase } from '../../helpers/database.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';

// An agency's inbox keeps the newest statistics facts of a case, whatever order they arrive in, and refuses a message
// that does not have exactly the expected shape.

let h: SubgraphHarness;
beforeAll(async () => {
  h = await subgraphHarness(health, await testDatabase());
});

const facts = (caseId: string, version: number, withdrawn: string | null): CaseStatistics => ({
  type: 'case.statistics',
  caseId,
  version,
  centerCode: 'GASABO-1',
  district: 'Gasabo',
  incidentType: 'RAPE',
  ageBand: '18-24',
  sex: 'FEMALE',
  nationalityGroup: 'RWANDAN',
  consentFrom: '2026-01-01T08:00:00.000Z',
  consentUntil: null,
  consentWithdrawnAt: withdrawn,
});
const stored = async (caseId: string) =>
  h.orm.em
    .fork()
    .getConnection()
    .execute(`select version::text, consent_withdrawn_at::text from health.case_statistics where case_id = ?`, [
      caseId,
    ]);

describe('the agency keeps the newest facts', () => {
  it('a withdrawal delivered before the older consent stays; a redelivery changes nothing', async () => {
    const caseId = randomUUID();
    const withdrawn = facts(caseId, 2_000_000, '2026-01-02T08:00:00.000Z');
    await rememberStatistics(h.orm.em.fork(), withdrawn);
    await rememberStatistics(h.orm.em.fork(), facts(caseId, 1_000_000, null));
    await rememberStatistics(h.orm.em.fork(), withdrawn);
    expect(await stored(caseId)).toEqual([{ version: '2000000', consent_withdrawn_at: '2026-01-02 08:00:00+00' }]);
  });
});

describe('a statistics message is refused unless it has exactly its shape', () => {
  const good = facts(randomUUID(), 1, null);
  it.each([
    ['an extra field', { ...good, givenName: 'Secret' }, 'unexpected fields: givenName'],
    [
      'a window without its start',
      { ...good, consentFrom: null, consentUntil: '2026-02-01T00:00:00Z' },
      'a consent window without its start',
    ],
    ['a version that is not a positive integer', { ...good, version: 0 }, 'version must be a positive integer'],
    ['a case id that is not a UUID', { ...good, caseId: 'GASABO-1/2026/000001' }, 'caseId must be a UUID'],
  ])('%s', (_name, message, problem) => {
    expect(() => parseMessage(message)).toThrow(problem);
  });

  it('takes a well-formed one as it is', () => {
    expect(parseMessage(good)).toEqual(good);
  });
});
