import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { health } from '../../../services/health/index.js';
import { agencyFixtures } from '../../helpers/agency-fixtures.js';
import { testDatabase } from '../../helpers/database.js';
import { forbidden } from '../../helpers/errors.js';
import { asDemoUser } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';

// An agency counts the slices it refuses itself (services/shared/agency-case.ts), in its own denial record.

let h: SubgraphHarness;
const { refWith, sharing } = agencyFixtures('health', 'HEALTH');
const MEDICAL =
  'query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id medical { encounters { findings } } } } }';
const rows = async () =>
  (await h.orm.em
    .fork()
    .getConnection()
    .execute('select subject, reason, count, case_ids from health.access_denial order by reason')) as {
    subject: string;
    reason: string;
    count: number;
    case_ids: string[];
  }[];

beforeAll(async () => {
  h = await subgraphHarness(health, await testDatabase());
});

describe("an agency's refusals", () => {
  it('are counted per person and reason, with the cases named, and add up within the hour', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const clinician = asDemoUser('clinician');
    expect((await h.run(clinician, MEDICAL, refWith(a, sharing({ consents: [] })))).errors?.[0]?.extensions).toEqual(
      forbidden('CONSENT_REQUIRED').extensions,
    );
    expect((await h.run(clinician, MEDICAL, refWith(b, sharing({ consents: [] })))).errors?.[0]?.extensions).toEqual(
      forbidden('CONSENT_REQUIRED').extensions,
    );
    expect((await h.run(clinician, MEDICAL, refWith(a, null))).errors?.[0]?.extensions).toEqual(
      forbidden('OUT_OF_SCOPE').extensions,
    );
    const found = await rows();
    expect(found.map((r) => ({ ...r, case_ids: [...r.case_ids].sort() }))).toEqual([
      { subject: 'demo:clinician', reason: 'CONSENT_REQUIRED', count: 2, case_ids: [a, b].sort() },
      { subject: 'demo:clinician', reason: 'OUT_OF_SCOPE', count: 1, case_ids: [a] },
    ]);
  });

  it('a read allowed is not counted', async () => {
    const before = await rows();
    const id = randomUUID();
    expect((await h.run(asDemoUser('clinician'), MEDICAL, refWith(id, sharing()))).errors).toBeUndefined();
    expect(await rows()).toEqual(before);
  });
});
