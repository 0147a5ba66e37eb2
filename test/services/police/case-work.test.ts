import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Investigation } from '../../../services/police/entities/investigation.entity.js';
import { InvestigationTransition } from '../../../services/police/entities/investigation-transition.entity.js';
import { ProtectionMeasure } from '../../../services/police/entities/protection-measure.entity.js';
import { Statement } from '../../../services/police/entities/statement.entity.js';
import { police } from '../../../services/police/index.js';
import { InvestigationStatus } from '../../../services/police/types/police-enums.js';
import type { ReferralStatus } from '../../../services/shared/referral-lifecycle.js';
import { anonymous, asDemoUser, asRole } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, conflict, errorsWithoutLocations, forbidden, unauthenticated } from '../../helpers/errors.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, entry, INVESTIGATOR, referredCase, refWith, sharing } from './fixtures.js';

// The investigators' work beyond the complaint: each move of the investigation with its reason and history,
// statements (read by investigators only), and protection measures ordered and lifted. Every one is an agency write:
// the investigator's own center, an open referral of the case to the police, and its access-log entry.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(police, await testDatabase()));
});

const investigator = asDemoUser('investigator');
const REASON = 'The survivor named the suspect in her statement.';
const MOVE = `mutation M($input: UpdateInvestigationStatusInput!) { updateInvestigationStatus(input: $input) { id caseId } }`;
const STATEMENT = `mutation S($input: RecordStatementInput!) { recordStatement(input: $input) { id caseId } }`;
const ORDER = `mutation O($input: OrderProtectionInput!) { orderProtection(input: $input) { id caseId } }`;
const LIFT = `mutation L($input: LiftProtectionInput!) { liftProtection(input: $input) { id caseId } }`;
const HOUR = 3_600_000;

/** An investigation at GASABO-1 on a case referred to the police (in `status`), in investigation `state`. */
async function investigation(
  state = InvestigationStatus.UNDER_INVESTIGATION,
  referral: ReferralStatus = 'ACCEPTED',
): Promise<Investigation> {
  const caseId = await referredCase(h, 'GASABO-1', referral);
  const em = h.orm.em.fork();
  const i = em.create(Investigation, {
    caseId,
    centerCode: 'GASABO-1',
    complaintNumber: `RIB/GSB/${randomUUID().slice(0, 8)}`,
    status: state,
    receivedAt: new Date(Date.now() - 48 * HOUR),
    recordedBy: 'demo:investigator',
  });
  await em.flush();
  return i;
}

const writes = async (caseId: string) =>
  (await accessLogOf(h, caseId)).filter((e) => e.action === 'WRITE').map((e) => e.fields[0]);
const writeEntry = (caseId: string, what: string) =>
  entry({ ...INVESTIGATOR, caseId, action: 'WRITE', fields: [what], basis: 'OWN_RECORD' });

/** The investigation slice as a reader of `caseId` gets it through the gateway's representation. */
const READ = `query R($r: [_Any!]!) { _entities(representations: $r) { ... on Case { investigation {
  status history { fromStatus toStatus reason by }
  protectionMeasures { kind details until liftedReason }
  statements { givenBy text takenBy } } } } }`;

describe('updateInvestigationStatus: every move with its reason', () => {
  it('the move is kept with its reason and shown in the history, oldest first', async () => {
    const i = await investigation(InvestigationStatus.COMPLAINT_RECEIVED);
    const move = (status: string, reason: string) =>
      h.run(investigator, MOVE, { input: { investigationId: i.id, status, reason } });
    expect(await move('UNDER_INVESTIGATION', 'Statement taken; suspect named.')).toEqual({
      data: { updateInvestigationStatus: { id: i.id, caseId: i.caseId } },
    });
    expect((await move('CLOSED', 'The survivor withdrew her complaint.')).errors).toBeUndefined();
    const read = await h.run(investigator, READ, refWith(i.caseId, sharing()));
    expect(read).toEqual({
      data: {
        _entities: [
          {
            investigation: {
              status: 'CLOSED',
              history: [
                {
                  fromStatus: 'COMPLAINT_RECEIVED',
                  toStatus: 'UNDER_INVESTIGATION',
                  reason: 'Statement taken; suspect named.',
                  by: 'demo:investigator',
                },
                {
                  fromStatus: 'UNDER_INVESTIGATION',
                  toStatus: 'CLOSED',
                  reason: 'The survivor withdrew her complaint.',
                  by: 'demo:investigator',
                },
              ],
              protectionMeasures: [],
              statements: [],
            },
          },
        ],
      },
    });
  });

  it('a move without a reason, or with one of fewer than 5 letters, is refused and nothing moves', async () => {
    const i = await investigation();
    expect(
      await h.run(investigator, MOVE, { input: { investigationId: i.id, status: 'CLOSED', reason: '1 2 3' } }),
    ).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.reason', problem: 'must say why in at least 5 letters' }, [
          'updateInvestigationStatus',
        ]),
      ],
    });
    expect(await h.orm.em.fork().count(InvestigationTransition, { investigation: i.id })).toBe(0);
    expect((await h.orm.em.fork().findOneOrFail(Investigation, { id: i.id })).status).toBe('UNDER_INVESTIGATION');
  });

  it('once the referral is closed, the answer is NOT_REFERRED, before anything about the state is told', async () => {
    const i = await investigation(InvestigationStatus.UNDER_INVESTIGATION, 'REVOKED');
    for (const status of ['UNDER_INVESTIGATION', 'CLOSED']) {
      expect(await h.run(investigator, MOVE, { input: { investigationId: i.id, status, reason: REASON } })).toEqual({
        data: null,
        errors: [forbidden('NOT_REFERRED', ['updateInvestigationStatus'])],
      });
    }
  });

  it('two investigators moving one investigation at the same moment: one move per state, each seen by the next', async () => {
    const i = await investigation(InvestigationStatus.UNDER_INVESTIGATION);
    const other = asRole('investigator', { centers: ['GASABO-1'] });
    const [a, b] = await Promise.all([
      h.run(investigator, MOVE, {
        input: { investigationId: i.id, status: 'REFERRED_TO_PROSECUTION', reason: REASON },
      }),
      h.run(other, MOVE, { input: { investigationId: i.id, status: 'REFERRED_TO_PROSECUTION', reason: REASON } }),
    ]);
    // The second finds the first's result: prosecution to prosecution is no move.
    expect([a, b].filter((r) => r.errors === undefined)).toHaveLength(1);
    expect([a, b].find((r) => r.errors)?.errors?.[0]?.message).toBe(
      'input.status: an investigation REFERRED_TO_PROSECUTION cannot become REFERRED_TO_PROSECUTION',
    );
    const history = await h.orm.em.fork().find(InvestigationTransition, { investigation: i.id });
    expect(history.map((t) => [t.fromStatus, t.toStatus])).toEqual([
      ['UNDER_INVESTIGATION', 'REFERRED_TO_PROSECUTION'],
    ]);
  });
});

describe('recordStatement', () => {
  it('an investigator records a statement; only investigators read it, the case manager reads the rest', async () => {
    const i = await investigation();
    const takenAt = new Date(Date.now() - HOUR).toISOString();
    const input = { investigationId: i.id, givenBy: 'SURVIVOR', takenAt, text: 'Her account, as she gave it.' };
    expect(await h.run(investigator, STATEMENT, { input })).toEqual({
      data: { recordStatement: { id: expect.any(String), caseId: i.caseId } },
    });
    expect(await writes(i.caseId)).toEqual(['recordStatement']);
    const read = await h.run(
      investigator,
      `query R($r: [_Any!]!) { _entities(representations: $r) { ... on Case { investigation { statements { givenBy text takenBy takenAt } } } } }`,
      refWith(i.caseId, sharing()),
    );
    expect(read).toEqual({
      data: {
        _entities: [
          {
            investigation: {
              statements: [
                { givenBy: 'SURVIVOR', text: 'Her account, as she gave it.', takenBy: 'demo:investigator', takenAt },
              ],
            },
          },
        ],
      },
    });
    const manager = await h.run(
      asDemoUser('case-manager'),
      `query R($r: [_Any!]!) { _entities(representations: $r) { ... on Case { investigation { status statements { text } } } } }`,
      refWith(i.caseId, sharing()),
    );
    expect(manager).toEqual({
      data: { _entities: [{ investigation: { status: 'UNDER_INVESTIGATION', statements: null } }] },
      errors: [forbidden('MISSING_SCOPE', ['_entities', 0, 'investigation', 'statements'])],
    });
  });

  it('who may not record: a case manager (MISSING_SCOPE), another center (as absent), no open referral, anonymous', async () => {
    const i = await investigation();
    const input = { investigationId: i.id, givenBy: 'WITNESS', takenAt: new Date().toISOString(), text: 'Seen.' };
    expect(await h.run(asDemoUser('case-manager'), STATEMENT, { input })).toEqual({
      data: null,
      errors: [forbidden('MISSING_SCOPE', ['recordStatement'])],
    });
    expect(await h.run(asRole('investigator', { centers: ['HUYE-2'] }), STATEMENT, { input })).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.investigationId', problem: 'no investigation has this id' }, ['recordStatement']),
      ],
    });
    const rejected = await investigation(InvestigationStatus.UNDER_INVESTIGATION, 'REJECTED');
    expect(await h.run(investigator, STATEMENT, { input: { ...input, investigationId: rejected.id } })).toEqual({
      data: null,
      errors: [forbidden('NOT_REFERRED', ['recordStatement'])],
    });
    expect(await h.run(anonymous, STATEMENT, { input })).toEqual({
      data: null,
      errors: [unauthenticated(['recordStatement'])],
    });
    expect(await h.orm.em.fork().count(Statement, { investigation: { $in: [i.id, rejected.id] } })).toBe(0);
  });

  it('bad input: a statement in the future, an empty one, on a closed investigation', async () => {
    const i = await investigation();
    const input = { investigationId: i.id, givenBy: 'SURVIVOR', takenAt: new Date().toISOString(), text: 'Words.' };
    const refused = (field: string, problem: string) => ({
      data: null,
      errors: [badInput({ field, problem }, ['recordStatement'])],
    });
    expect(
      await h.run(investigator, STATEMENT, { input: { ...input, takenAt: new Date(Date.now() + HOUR).toISOString() } }),
    ).toEqual(refused('input.takenAt', 'must not be in the future'));
    expect(await h.run(investigator, STATEMENT, { input: { ...input, text: '   ' } })).toEqual(
      refused('input.text', 'must not be blank'),
    );
    const closed = await investigation(InvestigationStatus.CLOSED);
    expect(await h.run(investigator, STATEMENT, { input: { ...input, investigationId: closed.id } })).toEqual(
      refused('input.investigationId', 'the investigation is closed: reopen it first'),
    );
    expect(await h.orm.em.fork().count(Statement, { investigation: { $in: [i.id, closed.id] } })).toBe(0);
  });
});

describe('orderProtection and liftProtection', () => {
  it('an investigator orders a no-contact order and lifts it with a reason; the case manager sees both', async () => {
    const i = await investigation();
    const issuedAt = new Date(Date.now() - HOUR).toISOString();
    const until = new Date(Date.now() + 90 * 24 * HOUR).toISOString();
    const ordered = await h.run(investigator, ORDER, {
      input: {
        investigationId: i.id,
        kind: 'NO_CONTACT_ORDER',
        details: 'No contact with the survivor.',
        issuedAt,
        until,
      },
    });
    expect(ordered).toEqual({ data: { orderProtection: { id: expect.any(String), caseId: i.caseId } } });
    const measureId = (ordered.data?.orderProtection as { id: string }).id;
    expect(
      await h.run(investigator, LIFT, { input: { measureId, reason: 'The court replaced it with its own order.' } }),
    ).toEqual({ data: { liftProtection: { id: measureId, caseId: i.caseId } } });
    const read = await h.run(
      asDemoUser('case-manager'),
      `query R($r: [_Any!]!) { _entities(representations: $r) { ... on Case { investigation { protectionMeasures { kind until liftedReason } } } } }`,
      refWith(i.caseId, sharing()),
    );
    expect(read).toEqual({
      data: {
        _entities: [
          {
            investigation: {
              protectionMeasures: [
                { kind: 'NO_CONTACT_ORDER', until, liftedReason: 'The court replaced it with its own order.' },
              ],
            },
          },
        ],
      },
    });
    expect(await accessLogOf(h, i.caseId)).toEqual([
      writeEntry(i.caseId, 'orderProtection.NO_CONTACT_ORDER'),
      writeEntry(i.caseId, 'liftProtection'),
      entry({
        subject: 'demo:case-manager',
        agency: 'center',
        roles: ['case-manager'],
        caseId: i.caseId,
        action: 'READ',
        fields: [
          'investigation.protectionMeasures.kind',
          'investigation.protectionMeasures.liftedReason',
          'investigation.protectionMeasures.until',
        ],
        basis: 'CARE_TEAM',
      }),
    ]);
  });

  it('two investigators lifting one measure at the same moment: one lifts it, the other is told it is no longer in force', async () => {
    const i = await investigation();
    const ordered = await h.run(investigator, ORDER, {
      input: {
        investigationId: i.id,
        kind: 'STAY_AWAY_ORDER',
        details: 'At least 500 m from her home.',
        issuedAt: new Date(Date.now() - HOUR).toISOString(),
      },
    });
    const measureId = (ordered.data?.orderProtection as { id: string }).id;
    const other = asRole('investigator', { centers: ['GASABO-1'] });
    const answers = await Promise.all([
      h.run(investigator, LIFT, { input: { measureId, reason: 'Suspect moved to another province.' } }),
      h.run(other, LIFT, { input: { measureId, reason: 'Suspect arrested and held.' } }),
    ]);
    expect(answers.filter((a) => a.errors === undefined)).toHaveLength(1);
    expect(answers.find((a) => a.errors)).toEqual({
      data: null,
      errors: [conflict('this protection measure is no longer in force', ['liftProtection'])],
    });
    const m = await h.orm.em.fork().findOneOrFail(ProtectionMeasure, { id: measureId });
    expect(['Suspect moved to another province.', 'Suspect arrested and held.']).toContain(m.liftedReason);
  });

  it('bad input and who may not: an end before the start, a measure of another center, a case manager', async () => {
    const i = await investigation();
    const issuedAt = new Date(Date.now() - HOUR).toISOString();
    const input = { investigationId: i.id, kind: 'SAFE_RELOCATION', details: 'Moved to a relative.', issuedAt };
    expect(await h.run(investigator, ORDER, { input: { ...input, until: issuedAt } })).toEqual({
      data: null,
      errors: [badInput({ field: 'input.until', problem: 'must be after issuedAt' }, ['orderProtection'])],
    });
    expect(await h.run(asDemoUser('case-manager'), ORDER, { input })).toEqual({
      data: null,
      errors: [forbidden('MISSING_SCOPE', ['orderProtection'])],
    });
    const ordered = await h.run(investigator, ORDER, { input });
    const measureId = (ordered.data?.orderProtection as { id: string }).id;
    expect(
      await h.run(asRole('investigator', { centers: ['HUYE-2'] }), LIFT, { input: { measureId, reason: REASON } }),
    ).toEqual({
      data: null,
      errors: [
        badInput({ field: 'input.measureId', problem: 'no protection measure has this id' }, ['liftProtection']),
      ],
    });
    expect(await h.run(investigator, LIFT, { input: { measureId, reason: 'ok' } })).toEqual({
      data: null,
      errors: [badInput({ field: 'input.reason', problem: 'must say why in at least 5 letters' }, ['liftProtection'])],
    });
    expect((await h.orm.em.fork().findOneOrFail(ProtectionMeasure, { id: measureId })).liftedAt).toBeNull();
  });
});
