import { beforeAll, describe, expect, it } from 'vitest';
import { FollowUpPlan } from '../../services/gender-ministry/entities/follow-up-plan.entity.js';
import { Visit } from '../../services/gender-ministry/entities/visit.entity.js';
import { VisitorRole } from '../../services/gender-ministry/types/follow-up-enums.js';
import { writeCaseFile } from '../helpers/case-files.js';
import { testDatabase } from '../helpers/database.js';
import { forbidden } from '../helpers/errors.js';
import { type Stack, startStack, testPlanner } from '../helpers/stack.js';

// The districts' worklist of overdue follow-up, through the whole graph. The gender ministry lists cases by key; what
// a client asks of each comes from the center and the ministry under their read rules, so a survivor who withdrew
// consent for the ministry shows up as an id and a refusal, never as a case file.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(await testDatabase());
});

const DAY = 24 * 60 * 60_000;
const WORKLIST = `{ overdueFollowUps { id caseNumber followUp { visits { scheduledFor doneAt } } } }`;

/** A case file at GASABO-1 whose follow-up has one visit, due `daysAgo` days ago and not done. */
async function overdueCase(daysAgo: number): Promise<{ id: string; caseNumber: string; scheduledFor: string }> {
  const file = await writeCaseFile(stack.orms, { centerCode: 'GASABO-1', consent: 'given' });
  const em = stack.orms.get('gender-ministry')!.em.fork();
  const plan = await em.findOneOrFail(FollowUpPlan, { caseId: file.id });
  const scheduledFor = new Date(Date.now() - daysAgo * DAY);
  em.create(Visit, {
    plan,
    scheduledFor,
    visitorRole: VisitorRole.SOCIAL_WORKER,
    doneAt: null,
    notes: null,
    recordedBy: 'test',
  });
  await em.flush();
  return { id: file.id, caseNumber: file.caseNumber, scheduledFor: scheduledFor.toISOString() };
}

describe('overdueFollowUps through the gateway', () => {
  it('the social worker gets each overdue case with its follow-up; after consent is withdrawn, only a refusal', async () => {
    const kept = await overdueCase(40);
    const withdrawn = await overdueCase(30);
    const reception = await stack.token('reception');
    const w = await stack.query(
      reception,
      'mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) { active } }',
      { i: { caseId: withdrawn.id, scope: 'GENDER_MINISTRY' } },
    );
    expect(w.body).toEqual({ data: { withdrawConsent: { active: false } } });
    const r = await stack.query(await stack.token('social-worker'), WORKLIST);
    const body = r.body as {
      data: { overdueFollowUps: ({ id: string } | null)[] };
      errors?: { path: (string | number)[] }[];
    };
    const list = body.data.overdueFollowUps;
    const k = list.findIndex((c) => c?.id === kept.id);
    expect(list[k]).toEqual({
      id: kept.id,
      caseNumber: kept.caseNumber,
      followUp: { visits: [{ scheduledFor: kept.scheduledFor, doneAt: null }] },
    });
    // The withdrawn case, ten days less overdue, comes after it: null, with the center's refusal and the ministry's.
    const i = k + 1;
    expect(list[i]).toBeNull();
    // Each planner reports the center's refusal its own way: the Rust planner at the case (and health's refusal of the
    // facts it went on to ask without), the JavaScript planner at the first field asked of it, without the index.
    expect(body.errors).toEqual(
      testPlanner === 'rust'
        ? [
            forbidden('CONSENT_REQUIRED', ['overdueFollowUps', i]),
            forbidden('OUT_OF_SCOPE', ['overdueFollowUps', i, 'followUp']),
          ]
        : [forbidden('CONSENT_REQUIRED', ['overdueFollowUps', 'caseNumber'])],
    );
    expect(list.some((c) => c?.id === withdrawn.id)).toBe(false);
  });

  it('a clinician may not ask for the worklist (the field is removed at the gateway)', async () => {
    const r = await stack.query(await stack.token('clinician'), WORKLIST);
    expect(r.body).toEqual({
      data: null,
      errors: [
        {
          message: 'Unauthorized field or type',
          path: ['overdueFollowUps'],
          extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' },
        },
      ],
    });
  });
});
