import { beforeAll, describe, expect, it } from 'vitest';
import { center } from '../../../services/center/index.js';
import { statisticsToRedeliver } from '../../../services/center/policies/statistics-facts.policy.js';
import { intake } from '../../helpers/case-files.js';
import { testDatabase } from '../../helpers/database.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { gasabo, openCase, recordConsent, share, WITHDRAW_CONSENT } from './fixtures.js';

// What the center tells the agencies' statistics of a case, and when: with its first referral to an agency, to every
// agency it was referred to when consent to statistics is given or withdrawn, and all at once when an agency's table
// of facts is new. Never a name, a date of birth or a narrative.

let h: SubgraphHarness;
beforeAll(async () => {
  h = await subgraphHarness(center, await testDatabase());
});
const reception = gasabo('reception-officer');

/** The statistics messages queued for a case, oldest first, as the agencies will receive them. */
async function told(caseId: string) {
  const rows: { name: string; data: Record<string, unknown> }[] = await h.orm.em
    .fork()
    .getConnection()
    .execute(
      `select name, data from center_outbox.job where data->>'type' = 'case.statistics' and data->>'caseId' = ?
        order by created_on, (data->>'version')::bigint`,
      [caseId],
    );
  return rows.map((r) => ({
    to: r.name.replace(/^deliver-to-/, ''),
    withdrawn: r.data.consentWithdrawnAt !== null,
    facts: r.data,
  }));
}

describe('what the agencies are told', () => {
  it('at the first referral to each agency, again to each on a change of consent to statistics, and nothing more', async () => {
    const { id } = await openCase(
      h,
      intake('GASABO-1', { survivor: { sex: 'MALE', estimatedAge: 40, nationality: 'RW', givenName: 'Secret' } }),
    );
    await recordConsent(h, reception, { caseId: id, scope: 'STATISTICS', givenBy: 'SURVIVOR' });
    expect(await told(id)).toEqual([]); // referred nowhere yet
    await share(h, reception, id, 'HEALTH');
    await share(h, reception, id, 'POLICE');
    await share(h, reception, id, 'HEALTH'); // referred twice is one referral: nothing new to tell
    expect(
      (await h.run(reception, WITHDRAW_CONSENT, { input: { caseId: id, scope: 'STATISTICS' } })).errors,
    ).toBeUndefined();
    const messages = await told(id);
    expect(messages.map((m) => [m.to, m.withdrawn])).toEqual([
      ['health', false],
      ['police', false],
      ['health', true],
      ['police', true],
    ]);
    expect(messages[0]!.facts).toEqual({
      type: 'case.statistics',
      caseId: id,
      version: expect.any(Number),
      centerCode: 'GASABO-1',
      district: 'Gasabo',
      incidentType: 'RAPE',
      ageBand: '25-59',
      sex: 'MALE',
      nationalityGroup: 'RWANDAN',
      consentFrom: expect.any(String),
      consentUntil: null,
      consentWithdrawnAt: null,
    });
    // Newer facts carry a newer version: an agency keeps them whatever order they arrive in.
    const versions = messages.map((m) => m.facts.version as number);
    expect(versions[2]!).toBeGreaterThan(versions[0]!);
  });

  it('every case referred to an agency whose table of facts is new, to that agency only', async () => {
    const { id } = await openCase(h, intake('GASABO-1'));
    await share(h, reception, id, 'GENDER_MINISTRY');
    const again = await statisticsToRedeliver(h.orm.em.fork(), ['gender-ministry']);
    expect(again.filter((m) => m.message.caseId === id)).toEqual([
      {
        receiver: 'gender-ministry',
        message: expect.objectContaining({ type: 'case.statistics', caseId: id, consentFrom: null }),
      },
    ]);
    expect(again.every((m) => m.receiver === 'gender-ministry')).toBe(true);
  });
});
