import { beforeAll, describe, expect, it } from 'vitest';
import { center } from '../../../services/center/index.js';
import { testDatabase } from '../../helpers/database.js';
import { errorsWithoutLocations, forbidden } from '../../helpers/errors.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { intake, openCase, type OpenedCase } from './fixtures.js';

// What the center does with the agencies' events a Case representation carries (the fields `Case.timeline`
// @requires). Only the gateway can send one, signed; these tests send what a forger would, straight to the subgraph:
// the center merges what it is given and nothing more. It never lets it open a case, show one of its own events, or
// speak for another agency.

const TIMELINE = `query T($r: [_Any!]!) { _entities(representations: $r) { ... on Case {
  timeline { events { agency kind summary recordId } gaps { agency reason } } } } }`;
const ENCOUNTER_ID = '6f1c1d7e-3b7a-4c55-9a51-00000000000e';

let h: SubgraphHarness;
let g1: OpenedCase;
let hu: OpenedCase;

beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
  g1 = await openCase(h, intake('GASABO-1'));
  hu = await openCase(h, intake('HUYE-1'));
});

const event = (kind: string, over: Record<string, unknown> = {}) => ({
  at: '2026-01-02T03:04:05.000Z',
  kind,
  summary: `forged ${kind}`,
  recordId: ENCOUNTER_ID,
  key: ENCOUNTER_ID,
  ...over,
});

describe('a forged representation', () => {
  it('opens no case: a case at another center is refused whatever events come with it', async () => {
    const r = await h.run(asDemoUser('reception'), TIMELINE, {
      r: [{ __typename: 'Case', id: hu.id, healthEvents: { events: [event('ENCOUNTER')], truncated: false } }],
    });
    expect(r).toEqual({ data: { _entities: [null] }, errors: [forbidden('OUT_OF_SCOPE', ['_entities', 0])] });
  });

  it("keeps an agency's own kinds only, drops malformed ones, and names a missing or malformed agency as a gap", async () => {
    const reception = asRole('reception-officer', { centers: ['GASABO-1'] });
    const r = await h.run(reception, TIMELINE, {
      r: [
        {
          __typename: 'Case',
          id: g1.id,
          healthEvents: {
            events: [
              event('ENCOUNTER'),
              event('CASE_OPENED'), // the center's kind: not health's to tell
              event('STATEMENT_TAKEN'), // the police's
              event('TREATMENT_GIVEN', { at: 'yesterday' }),
              event('TREATMENT_GIVEN', { recordId: 'not-an-id' }),
              event('TREATMENT_GIVEN', { key: 'no spaces allowed' }),
            ],
            truncated: false,
          },
          genderMinistryEvents: { events: 'many', truncated: false },
        },
      ],
    });
    expect(r).toEqual({
      data: {
        _entities: [
          {
            timeline: {
              events: [
                { agency: 'HEALTH', kind: 'ENCOUNTER', summary: 'forged ENCOUNTER', recordId: ENCOUNTER_ID },
                // The center's own events, under its own rules, whatever came with the representation.
                { agency: 'CENTER', kind: 'CASE_OPENED', summary: 'Case opened', recordId: g1.id },
              ],
              gaps: [
                { agency: 'POLICE', reason: 'UNAVAILABLE' },
                { agency: 'GENDER_MINISTRY', reason: 'UNAVAILABLE' },
              ],
            },
          },
        ],
      },
    });
  });
});
