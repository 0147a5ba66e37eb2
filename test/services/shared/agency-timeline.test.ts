import { beforeAll, describe, expect, it } from 'vitest';
import { health } from '../../../services/health/index.js';
import { Encounter } from '../../../services/health/entities/encounter.entity.js';
import { police } from '../../../services/police/index.js';
import { testDatabase } from '../../helpers/database.js';
import { errorsWithoutLocations, forbidden } from '../../helpers/errors.js';
import { asDemoUser } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { agencyFixtures } from '../../helpers/agency-fixtures.js';
import { accessLogOf } from '../../helpers/access-log.js';

// An agency's events of a case, as it hands them to the center for `Case.timeline` (shared/timeline/agency-events.ts),
// asked of the subgraph directly, with the sharing facts a representation carries. A caller the agency's rule refuses
// gets exactly what a case without any record gets: the timeline never says whether hidden records exist.

const fx = agencyFixtures('health', 'HEALTH');
const policeFx = agencyFixtures('police', 'POLICE');
const HEALTH_EVENTS = `query E($r: [_Any!]!) { _entities(representations: $r) { ... on Case {
  healthEvents { events { at kind summary recordId key } truncated } } } }`;
const POLICE_EVENTS = `query E($r: [_Any!]!) { _entities(representations: $r) { ... on Case {
  policeEvents { events { at kind summary recordId key } truncated } } } }`;
const NONE = { events: [], truncated: false };
const INCIDENT = new Date('2025-06-01T06:00:00.000Z');

let h: SubgraphHarness;
let p: SubgraphHarness;
let caseId: string;
let encounterId: string;

beforeAll(async () => {
  const url = await testDatabase();
  h = errorsWithoutLocations(await subgraphHarness(health, url));
  p = errorsWithoutLocations(await subgraphHarness(police, url));
  caseId = await fx.referredCase(h, 'GASABO-1', 'ACCEPTED', INCIDENT);
  const em = h.orm.em.fork();
  const e = em.create(Encounter, {
    caseId,
    centerCode: 'GASABO-1',
    seenAt: new Date('2025-06-01T08:00:00.000Z'),
    findings: 'Synthetic findings, never in a timeline.',
    injuriesObserved: true,
    recordedBy: 'test',
  });
  await em.flush();
  encounterId = e.id;
});

const clock = (name: string, at: string, status = 'missed') => ({
  at,
  kind: 'CLOCK_MISSED',
  summary: `${name} ${status}, deadline ${at}`,
  recordId: null,
  key: `clock.${name}`,
});
const visit = (after: string, at: string) => ({
  at,
  kind: 'MEDICAL_FOLLOW_UP_PROPOSED',
  summary: `Medical follow-up visit proposed (${after})`,
  recordId: null,
  key: `visit.${after}`,
});

describe("health's events", () => {
  it('a clinician with consent: the encounter, the clocks and the proposed visits, in order, without findings', async () => {
    expect(await h.run(asDemoUser('clinician'), HEALTH_EVENTS, fx.refs(caseId))).toEqual({
      data: {
        _entities: [
          {
            healthEvents: {
              events: [
                {
                  at: '2025-06-01T08:00:00.000Z',
                  kind: 'ENCOUNTER',
                  summary: 'Medical examination',
                  recordId: encounterId,
                  key: encounterId,
                },
                clock('FORENSIC_EVIDENCE', '2025-06-04T06:00:00.000Z'),
                clock('HIV_PEP', '2025-06-04T06:00:00.000Z'),
                clock('EMERGENCY_CONTRACEPTION', '2025-06-06T06:00:00.000Z'),
                visit('TWO_WEEKS', '2025-06-14T22:00:00.000Z'),
                clock('HEPATITIS_B_VACCINE', '2025-06-15T06:00:00.000Z'),
                visit('THREE_MONTHS', '2025-08-31T22:00:00.000Z'),
                visit('SIX_MONTHS', '2025-11-30T22:00:00.000Z'),
              ],
              truncated: false,
            },
          },
        ],
      },
    });
  });

  it.each([
    ['without consent', fx.sharing({ consents: [] })],
    ['not referred', fx.sharing({ referrals: [] })],
    ['at another center', fx.sharing({ centerCode: 'HUYE-1', district: 'Huye' })],
  ])('%s: no events, the answer of a case health knows nothing of, and nothing logged', async (_, facts) => {
    const before = (await accessLogOf(h, 'health', caseId)).length;
    const unknown = await h.run(
      asDemoUser('clinician'),
      HEALTH_EVENTS,
      fx.refs('6f1c1d7e-3b7a-4c55-9a51-000000000000'),
    );
    expect(unknown).toEqual({ data: { _entities: [{ healthEvents: NONE }] } });
    expect(await h.run(asDemoUser('clinician'), HEALTH_EVENTS, fx.refWith(caseId, facts))).toEqual(unknown);
    expect((await accessLogOf(h, 'health', caseId)).length).toBe(before);
  });

  it("a representation without sharing facts (never the gateway's) shows nothing", async () => {
    expect(await h.run(asDemoUser('clinician'), HEALTH_EVENTS, fx.refWith(caseId, null))).toEqual({
      data: { _entities: [{ healthEvents: NONE }] },
    });
  });

  it('a caller without timeline:read is refused by the subgraph too', async () => {
    expect(await h.run(asDemoUser('analyst'), HEALTH_EVENTS, fx.refs(caseId))).toEqual({
      data: { _entities: [{ healthEvents: null }] },
      errors: [forbidden('MISSING_SCOPE', ['_entities', 0, 'healthEvents'])],
    });
  });

  it('a case manager (police:read, medical:read) sees health events on the care-team basis', async () => {
    const r = await h.run(asDemoUser('case-manager'), HEALTH_EVENTS, fx.refs(caseId));
    expect(
      (r.data as { _entities: [{ healthEvents: { events: unknown[] } }] })._entities[0].healthEvents.events,
    ).toHaveLength(8);
  });
});

describe("the police's events, field scopes per kind", () => {
  it('a clinician, whose facts the police accept, holds no police scope: no events', async () => {
    const id = await policeFx.referredCase(p);
    expect(await p.run(asDemoUser('clinician'), POLICE_EVENTS, { r: [fx.caseRef(id)] })).toEqual({
      data: { _entities: [{ policeEvents: NONE }] },
    });
  });
});
