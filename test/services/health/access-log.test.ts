import { beforeAll, describe, expect, it } from 'vitest';
import { health } from '../../../services/health/index.js';
import { testDatabase } from '../../helpers/database.js';
import { type DenialReason, errorsWithoutLocations, forbidden } from '../../helpers/errors.js';
import { asDemoUser } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  CLINICIAN,
  HUYE_CLINICIAN,
  inMinutes,
  referredCase as referredAt,
  refs,
  refWith,
  sharing,
} from './fixtures.js';
import { accessLogKey } from '../../helpers/access-log.js';

/**
 * A case referred to health whose incident happened before the first center opened: care is never recorded before
 * the incident, and these tests write at every time since then.
 */
const referredCase = (h: SubgraphHarness, centerCode = 'GASABO-1') =>
  referredAt(h, centerCode, 'REQUESTED', new Date('2008-12-31T00:00:00Z'));

// AccessLog.health: what only health's part of "who saw this survivor's data" shows. Who may read it, and what a
// reading logs, is the same for the three agencies (one factory) and tested for each in
// test/services/shared/agency-access-log.test.ts.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(health, await testDatabase()));
});

const HEALTH_LOG = `
  query Log($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on AccessLog { caseId health { at subject agency roles action fields basis reason requestId } }
    }
  }`;

const logRef = accessLogKey;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const RECORD_ENCOUNTER = `
  mutation Record($input: RecordEncounterInput!) { recordEncounter(input: $input) { id caseId } }`;
const READ_FINDINGS = `
  query Medical($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id medical { encounters { findings } } } } }`;

/** A case at GASABO-1 a clinician there wrote to and then read: two entries in health's log. */
async function caseWithHistory(): Promise<string> {
  const caseId = await referredCase(h);
  const wrote = await h.run(asDemoUser('clinician'), RECORD_ENCOUNTER, {
    input: { caseId, seenAt: '2025-06-01T08:30:00.000Z', findings: 'Examined.', injuriesObserved: false },
  });
  expect(wrote).toEqual({ data: { recordEncounter: { id: expect.any(String), caseId: caseId } } });
  const read = await h.run(asDemoUser('clinician'), READ_FINDINGS, refs(caseId));
  expect(read).toEqual({ data: { _entities: [{ id: caseId, medical: { encounters: [{ findings: 'Examined.' }] } }] } });
  return caseId;
}

/** The two entries of `caseWithHistory`, as AccessLog.health shows them. */
const HISTORY = [
  {
    at: expect.stringMatching(ISO),
    ...CLINICIAN,
    action: 'WRITE',
    fields: ['recordEncounter'],
    basis: 'OWN_RECORD',
    reason: null,
    requestId: 'test',
  },
  {
    at: expect.stringMatching(ISO),
    ...CLINICIAN,
    action: 'READ',
    fields: ['medical.encounters.findings'],
    basis: 'CONSENT',
    reason: null,
    requestId: 'test',
  },
];

const forbiddenAtHealth = (reason: DenialReason, index = 0) => forbidden(reason, ['_entities', index, 'health']);

describe('AccessLog.health: what only health shows', () => {
  it('a malformed key is still decided on its case manager first (FORBIDDEN, NOT_CASE_MANAGER)', async () => {
    const caseId = await caseWithHistory();
    const res = await h.run(asDemoUser('case-manager'), HEALTH_LOG, {
      r: [logRef(caseId), logRef('not-a-uuid', 'demo:someone-else')],
    });
    expect(res).toEqual({
      data: {
        _entities: [
          { caseId, health: HISTORY },
          { caseId: 'not-a-uuid', health: null },
        ],
      },
      errors: [forbiddenAtHealth('NOT_CASE_MANAGER', 1)],
    });
  });

  it('a read under an override or break-glass shows the reason stated for it; other entries have none', async () => {
    const caseId = await caseWithHistory();
    const override = 'The guardian is the suspect; treatment cannot wait for consent.';
    const emergency = 'Survivor unconscious in the emergency room; her record is needed now.';
    const overridden = await h.run(
      asDemoUser('clinician'),
      READ_FINDINGS,
      refWith(
        caseId,
        sharing({
          consents: [{ agency: 'HEALTH', basis: 'OVERRIDE', expiresAt: inMinutes(60), reason: override }],
        }),
      ),
    );
    expect(overridden.errors).toBeUndefined();
    const brokeGlass = await h.run(
      asDemoUser('huye-clinician'),
      READ_FINDINGS,
      refWith(
        caseId,
        sharing({
          consents: [],
          referrals: [],
          breakGlass: [
            { subject: 'demo:huye-clinician', agency: 'HEALTH', expiresAt: inMinutes(30), reason: emergency },
          ],
        }),
      ),
    );
    expect(brokeGlass.errors).toBeUndefined();
    const res = await h.run(asDemoUser('auditor'), HEALTH_LOG, { r: [logRef(caseId)] });
    const read = (who: typeof CLINICIAN, basis: string, reason: string) => ({
      at: expect.stringMatching(ISO),
      ...who,
      action: 'READ',
      fields: ['medical.encounters.findings'],
      basis,
      reason,
      requestId: 'test',
    });
    expect(res).toEqual({
      data: {
        _entities: [
          {
            caseId,
            health: [...HISTORY, read(CLINICIAN, 'OVERRIDE', override), read(HUYE_CLINICIAN, 'BREAK_GLASS', emergency)],
          },
        ],
      },
    });
  });
});
