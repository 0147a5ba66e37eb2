import { beforeAll, describe, expect, it } from 'vitest';
import { demoClaims, demoUser } from '../../services/hub/demo-users.js';
import { Visit } from '../../services/gender-ministry/entities/visit.entity.js';
import { FollowUpPlan } from '../../services/gender-ministry/entities/follow-up-plan.entity.js';
import { VisitorRole } from '../../services/gender-ministry/types/follow-up-enums.js';
import { testDatabase } from '../helpers/database.js';
import { badInput, forbidden, unauthorized } from '../helpers/errors.js';
import { type Stack, startStack } from '../helpers/stack.js';
import { type TcpProxy, tcpProxy, viaProxy } from '../helpers/tcp-proxy.js';
import { type TimelineCase, type TimelineEventShape, writeTimelineCase } from '../helpers/timeline-case.js';

// `Case.timeline` through the whole federated graph: the center merges its own events with those each agency hands
// it through @requires, each under that agency's own rules, in one total order. The police subgraph is reached through
// a proxy, so that one test can stop it.

let stack: Stack;
let police: TcpProxy;
let file: TimelineCase;

const TIMELINE = `query($id: ID!, $first: Int, $after: String) { case(id: $id) { caseNumber
  timeline(first: $first, after: $after) { events { id at agency kind summary recordId }
    pageInfo { hasNextPage endCursor } gaps { agency reason } } } }`;

beforeAll(async () => {
  police = await tcpProxy({ host: '127.0.0.1', port: 1 });
  stack = await startStack(await testDatabase(), {
    gateway: { upstreamTimeoutMs: 1500 },
    subgraphUrl: (name, u) => (name === 'police' ? viaProxy(u, police) : u),
  });
  police.setTarget({ host: '127.0.0.1', port: Number(new URL(stack.subgraphs.get('police')!.url).port) });
  file = await writeTimelineCase(stack.orms, { centerCode: 'GASABO-1', consent: 'given' });
});

const tokenAt = (login: string, where: { centers?: string[]; district?: string }) =>
  stack.tokenFor(demoClaims({ ...demoUser(login), ...where }));

/** The whole answer of a timeline holding `events`, all of them on one page, every agency heard in full. */
const whole = (f: TimelineCase, events: TimelineEventShape[], gaps: unknown[] = []) => ({
  status: 200,
  body: {
    data: {
      case: {
        caseNumber: f.caseNumber,
        timeline: {
          events,
          pageInfo: { hasNextPage: false, endCursor: events.length > 0 ? expect.any(String) : null },
          gaps,
        },
      },
    },
  },
});

const ask = async (token: string, f: TimelineCase = file, first = 100) =>
  stack.query(token, TIMELINE, { id: f.id, first });

const only = (f: TimelineCase, keep: (e: TimelineEventShape) => boolean) => f.events.filter(keep);
const custody = (e: TimelineEventShape) => e.kind.startsWith('FORENSIC_SAMPLE_');
const caseManagerSees = (e: TimelineEventShape) => e.kind !== 'STATEMENT_TAKEN' && !custody(e);
const referralTo = (f: TimelineCase, agency: string) => (e: TimelineEventShape) =>
  e.kind.startsWith('REFERRAL_') && e.recordId === f.referralAgency[agency];

describe('the whole timeline', () => {
  it("the case manager sees every agency's events in time order, ties by agency, kind and record", async () => {
    expect(file.events.map((e) => e.agency)).toEqual(
      expect.arrayContaining(['CENTER', 'HEALTH', 'POLICE', 'GENDER_MINISTRY']),
    );
    // Statements stay with the investigators, and forensic custody with clinicians and investigators (forensic:read),
    // in the timeline as in the case file.
    expect(await ask(await stack.token('case-manager'))).toEqual(whole(file, only(file, caseManagerSees)));
  });

  it('pages: the first three, then the rest after the cursor, the same events in the same order', async () => {
    const token = await stack.token('case-manager');
    const all = only(file, caseManagerSees);
    const first = await stack.query(token, TIMELINE, { id: file.id, first: 3 });
    const page1 = (first.body.data as { case: { timeline: { pageInfo: { endCursor: string } } } }).case.timeline;
    expect(first.body).toEqual({
      data: {
        case: {
          caseNumber: file.caseNumber,
          timeline: {
            events: all.slice(0, 3),
            pageInfo: { hasNextPage: true, endCursor: expect.any(String) },
            gaps: [],
          },
        },
      },
    });
    const rest = await stack.query(token, TIMELINE, { id: file.id, first: 200, after: page1.pageInfo.endCursor });
    expect(rest).toEqual(whole(file, all.slice(3)));
  });
});

describe('each agency applies its own rules to its own events', () => {
  it("a clinician sees the center events it may, health's, and of the police's only the sample's custody", async () => {
    // The chain of custody is read from both sides (Case.forensicSamples, Case.forensicCustody: forensic:read), each
    // under the caller's own agency's consent and referral: the clinician sees the police's receipt of the sample.
    expect(await ask(await stack.token('clinician'))).toEqual(
      whole(
        file,
        only(
          file,
          (e) => e.agency === 'HEALTH' || custody(e) || e.kind === 'CASE_OPENED' || referralTo(file, 'HEALTH')(e),
        ),
      ),
    );
  });

  it("an investigator sees police events, statements included, the referral to the police and health's custody", async () => {
    expect(await ask(await stack.token('investigator'))).toEqual(
      whole(
        file,
        only(
          file,
          (e) => e.agency === 'POLICE' || custody(e) || e.kind === 'CASE_OPENED' || referralTo(file, 'POLICE')(e),
        ),
      ),
    );
  });

  it("a social worker sees the gender ministry's events and the referral to it", async () => {
    expect(await ask(await stack.token('social-worker'))).toEqual(
      whole(
        file,
        only(
          file,
          (e) => e.agency === 'GENDER_MINISTRY' || e.kind === 'CASE_OPENED' || referralTo(file, 'GENDER_MINISTRY')(e),
        ),
      ),
    );
  });

  it("a psychologist sees the center's care (sessions, the Safe Room), nothing of the agencies'", async () => {
    const kinds = new Set(['CASE_OPENED', 'SAFE_ROOM_ADMITTED', 'COUNSELLING_SESSION']);
    expect(await ask(await stack.token('psychologist'))).toEqual(
      whole(
        file,
        only(file, (e) => kinds.has(e.kind)),
      ),
    );
  });

  it('reception sees the call, the intake, the referrals and the Safe Room, not the sessions', async () => {
    expect(await ask(await stack.token('reception'))).toEqual(
      whole(
        file,
        only(file, (e) => e.agency === 'CENTER' && e.kind !== 'COUNSELLING_SESSION'),
      ),
    );
  });

  it('no consent to health: the clinician is refused the case, as every read of it is', async () => {
    const withdrawn = await writeTimelineCase(stack.orms, { centerCode: 'GASABO-1', consent: 'withdrawn' });
    expect(await ask(await stack.token('clinician'), withdrawn)).toEqual({
      status: 200,
      body: { data: { case: null }, errors: [forbidden('CONSENT_REQUIRED', ['case'])] },
    });
  });

  it('a case manager at another center: FORBIDDEN OUT_OF_SCOPE, as for the case itself', async () => {
    expect(await ask(await tokenAt('case-manager', { centers: ['HUYE-1'] }))).toEqual({
      status: 200,
      body: { data: { case: null }, errors: [forbidden('OUT_OF_SCOPE', ['case'])] },
    });
  });

  it('an analyst sees nothing: the gateway removes the case before planning', async () => {
    expect(await ask(await stack.token('analyst'))).toEqual({
      status: 200,
      body: { data: null, errors: [unauthorized(['case'])] },
    });
  });

  it('a caller without timeline:read gets the case without its timeline; no agency is asked for events', async () => {
    const claims = demoClaims(demoUser('case-manager'));
    const scope = String(claims.scope)
      .split(' ')
      .filter((s) => s !== 'timeline:read')
      .join(' ');
    stack.resetStatements();
    expect(await ask(await stack.tokenFor({ ...claims, scope }))).toEqual({
      status: 200,
      body: {
        data: { case: { caseNumber: file.caseNumber, timeline: null } },
        errors: [unauthorized(['case', 'timeline'])],
      },
    });
    expect([stack.statements.get('health'), stack.statements.get('police')]).toEqual([0, 0]);
  });
});

describe("the agencies' events fields", () => {
  it('are not in the schema clients see: asking for one is refused before any subgraph is asked', async () => {
    stack.resetStatements();
    const r = await stack.query(
      await stack.token('case-manager'),
      'query($id: ID!) { case(id: $id) { healthEvents { truncated } } }',
      {
        id: file.id,
      },
    );
    // The center is left out: its every-minute housekeeping may run meanwhile.
    expect(['health', 'police', 'gender-ministry'].map((n) => stack.statements.get(n))).toEqual([0, 0, 0]);
    expect(r).toEqual({
      status: 200,
      body: {
        errors: [
          {
            message: 'Cannot query field "healthEvents" on type "Case".',
            locations: [{ line: 1, column: 35 }],
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      },
    });
  });
});

describe('bad input', () => {
  const token = () => stack.token('case-manager');
  it.each([0, -1, 201])('first: %i is BAD_USER_INPUT, the case still answered', async (first) => {
    expect(await stack.query(await token(), TIMELINE, { id: file.id, first })).toEqual({
      status: 200,
      body: {
        data: { case: { caseNumber: file.caseNumber, timeline: null } },
        errors: [badInput({ field: 'first', problem: 'must be between 1 and 200' }, ['case', 'timeline'])],
      },
    });
  });

  it.each(['nope', Buffer.from('[1,2,3]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')])(
    'after: %s is BAD_USER_INPUT',
    async (after) => {
      expect(await stack.query(await token(), TIMELINE, { id: file.id, first: 5, after })).toEqual({
        status: 200,
        body: {
          data: { case: { caseNumber: file.caseNumber, timeline: null } },
          errors: [badInput({ field: 'after', problem: 'is not a cursor from this timeline' }, ['case', 'timeline'])],
        },
      });
    },
  );
});

describe('every caller gets their own answer', () => {
  it('callers of different roles and centers asking at the same moment each get exactly their own timeline', async () => {
    const principals: [string, { centers?: string[]; district?: string }][] = [
      ['case-manager', { centers: ['GASABO-1'] }],
      ['case-manager', { centers: ['HUYE-1'] }],
      ['clinician', { centers: ['GASABO-1'] }],
      ['clinician', { centers: ['HUYE-1'] }],
      ['investigator', { centers: ['GASABO-1'] }],
      ['social-worker', { district: 'Gasabo' }],
      ['social-worker', { district: 'Huye' }],
      ['psychologist', { centers: ['GASABO-1'] }],
      ['reception', { centers: ['GASABO-1'] }],
      ['analyst', {}],
    ];
    const tokens = await Promise.all(principals.map(([login, where]) => tokenAt(login, where)));
    const alone = [];
    for (const t of tokens) alone.push(JSON.stringify((await ask(t)).body));
    // Those who may see the case see different timelines; those who may not, a refusal: no two alike by accident.
    expect(new Set(alone).size).toBeGreaterThanOrEqual(7);
    for (let round = 0; round < 15; round++) {
      const together = await Promise.all(tokens.map(async (t) => JSON.stringify((await ask(t)).body)));
      expect(together).toEqual(alone);
    }
  });
});

describe('the access log', () => {
  it('each subgraph logs the kinds of events it showed, as a read on its legal basis', async () => {
    const f = await writeTimelineCase(stack.orms, { centerCode: 'GASABO-1', consent: 'given' });
    await ask(await stack.token('clinician'), f);
    const logged = async (name: string, schema: string) =>
      (await stack.orms
        .get(name)!
        .em.fork()
        .getConnection()
        .execute(
          `select subject, action, basis, fields from ${schema}.access_log where case_id = ? and fields::text like '%timeline.%' order by id`,
          [f.id],
        )) as unknown[];
    expect(await logged('center', 'center')).toEqual([
      {
        subject: 'demo:clinician',
        action: 'READ',
        basis: 'CONSENT',
        // The kinds of events shown, and the timeline's fields as the case's read logs every field asked of it.
        fields: [
          'timeline.CASE_OPENED',
          'timeline.REFERRAL_ACCEPTED',
          'timeline.REFERRAL_REQUESTED',
          'timeline.events.agency',
          'timeline.events.at',
          'timeline.events.id',
          'timeline.events.kind',
          'timeline.events.recordId',
          'timeline.events.summary',
          'timeline.gaps.agency',
          'timeline.gaps.reason',
          'timeline.pageInfo.endCursor',
          'timeline.pageInfo.hasNextPage',
        ],
      },
    ]);
    expect(await logged('health', 'health')).toEqual([
      {
        subject: 'demo:clinician',
        action: 'READ',
        basis: 'CONSENT',
        fields: [
          'timeline.CLOCK_MET',
          'timeline.CLOCK_MISSED',
          'timeline.ENCOUNTER',
          'timeline.FORENSIC_SAMPLE_COLLECTED',
          'timeline.FORENSIC_SAMPLE_HANDED_TO_POLICE',
          'timeline.FORENSIC_SAMPLE_SEALED',
          'timeline.MEDICAL_FOLLOW_UP_PROPOSED',
          'timeline.TREATMENT_GIVEN',
        ],
      },
    ]);
    // The police showed this caller only the sample's custody on their side, and logged just that.
    expect(await logged('police', 'police')).toEqual([
      {
        subject: 'demo:clinician',
        action: 'READ',
        basis: 'CONSENT',
        fields: [
          'timeline.FORENSIC_SAMPLE_HANDED_TO_LAB',
          'timeline.FORENSIC_SAMPLE_RECEIVED',
          'timeline.FORENSIC_SAMPLE_RECEIVED_BY_LAB',
        ],
      },
    ]);
  });
});

describe('limits', () => {
  it('an agency holding more than 1000 events of a case sends the oldest 1000 and the timeline names the gap', async () => {
    const f = await writeTimelineCase(stack.orms, { centerCode: 'GASABO-1', consent: 'given' });
    const em = stack.orms.get('gender-ministry')!.em.fork();
    const plan = await em.findOneOrFail(FollowUpPlan, { caseId: f.id });
    for (let i = 0; i < 1000; i++)
      em.create(Visit, {
        plan,
        scheduledFor: new Date(f.base.getTime() + 86_400_000 + i * 60_000),
        visitorRole: VisitorRole.LOCAL_OFFICIAL,
        recordedBy: 'test',
      });
    await em.flush();
    const r = await stack.query(await stack.token('social-worker'), TIMELINE, { id: f.id, first: 2 });
    expect(r.body).toEqual({
      data: {
        case: {
          caseNumber: f.caseNumber,
          timeline: {
            events: [
              f.events.find((e) => e.kind === 'CASE_OPENED'),
              expect.objectContaining({ kind: 'REFERRAL_REQUESTED', summary: 'Referred to GENDER_MINISTRY' }),
            ],
            pageInfo: { hasNextPage: true, endCursor: expect.any(String) },
            gaps: [{ agency: 'GENDER_MINISTRY', reason: 'TOO_MANY_EVENTS' }],
          },
        },
      },
    });
  });
});

describe('a fault in one agency', () => {
  it('police stopped: the rest of the timeline answers, the gap is named, and it heals by itself', async () => {
    const token = await stack.token('case-manager');
    const all = only(file, caseManagerSees);
    police.setMode('stopped');
    try {
      expect(await ask(token)).toEqual(
        whole(
          file,
          all.filter((e) => e.agency !== 'POLICE'),
          [{ agency: 'POLICE', reason: 'UNAVAILABLE' }],
        ),
      );
    } finally {
      police.setMode('pass');
    }
    const deadline = Date.now() + 15_000;
    let healed = await ask(token);
    while (JSON.stringify(healed).includes('UNAVAILABLE') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      healed = await ask(token);
    }
    expect(healed).toEqual(whole(file, all));
  });
});
