import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { FollowUpPlan } from '../../../services/gender-ministry/entities/follow-up-plan.entity.js';
import { Visit } from '../../../services/gender-ministry/entities/visit.entity.js';
import { genderMinistry } from '../../../services/gender-ministry/index.js';
import { RiskLevel, VisitorRole } from '../../../services/gender-ministry/types/follow-up-enums.js';
import { anonymous } from '../../helpers/principals.js';
import { testDatabase } from '../../helpers/database.js';
import {
  badInput,
  conflict,
  errorsWithoutLocations,
  type ExpectedError,
  forbidden,
  type Problem,
  unauthenticated,
} from '../../helpers/errors.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { accessLogOf, entry, referredCase, SOCIAL_WORKER } from './fixtures.js';

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(genderMinistry, await testDatabase()));
});

// A write answers the id of the visit and its case (RecordWritten); what was stored is read from the database here.
const SCHEDULE_VISIT = `
  mutation Schedule($input: ScheduleVisitInput!) {
    scheduleVisit(input: $input) { id caseId }
  }`;
const RECORD_VISIT = `
  mutation Record($input: RecordVisitInput!) {
    recordVisit(input: $input) { id caseId }
  }`;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const SCHEDULED_FOR = '2025-07-01T07:00:00.000Z';

// Only the social worker holds followup:write; the local official reads follow-up but may not schedule or record.
const WITHOUT_FOLLOWUP_WRITE = [
  'local-official',
  'ministry-system',
  'case-manager',
  'reception',
  'psychologist',
  'clinician',
  'huye-clinician',
  'investigator',
  'analyst',
  'auditor',
  'admin',
];

/** The case each plan or visit made here belongs to, for its access log. */
const caseOf = new Map<string, string>();

/** A case the gender ministry knows, at the first center of `district` (as createFollowUpPlan requires of a plan's case). */
const caseIn = (district: string) => referredCase(h, `${district.toUpperCase()}-1`);

/** A plan made by `district`, on a case of that district. */
async function followUpPlan(district = 'Gasabo'): Promise<string> {
  const caseId = await caseIn(district);
  const em = h.orm.em.fork();
  const p = em.create(FollowUpPlan, {
    caseId,
    district,
    riskLevel: RiskLevel.HIGH,
    plan: 'Weekly home visit.',
    recordedBy: 'demo:social-worker',
  });
  await em.flush();
  caseOf.set(p.id, p.caseId);
  return p.id;
}

/** A visit scheduled on a fresh plan made by `district`; done already when `doneAt` is given. */
async function scheduledVisit(
  doneAt: Date | null = null,
  notes: string | null = null,
  district = 'Gasabo',
): Promise<string> {
  const caseId = await caseIn(district);
  const em = h.orm.em.fork();
  const p = em.create(FollowUpPlan, {
    caseId,
    district,
    riskLevel: RiskLevel.MEDIUM,
    plan: 'Fortnightly visit.',
    recordedBy: 'demo:social-worker',
  });
  const v = em.create(Visit, {
    plan: p,
    scheduledFor: new Date(SCHEDULED_FOR),
    visitorRole: VisitorRole.LOCAL_OFFICIAL,
    doneAt,
    notes,
    recordedBy: 'demo:social-worker',
  });
  await em.flush();
  caseOf.set(v.id, p.caseId);
  return v.id;
}

/** The gender ministry's access log of the case a plan or visit belongs to. */
const logOf = (planOrVisitId: string) => accessLogOf(h, caseOf.get(planOrVisitId)!);
const writeEntry = (planOrVisitId: string, what: Field, who = SOCIAL_WORKER) =>
  entry({ ...who, caseId: caseOf.get(planOrVisitId)!, action: 'WRITE', fields: [what], basis: 'OWN_RECORD' });

const huyeSocialWorker = asRole('social-worker', { district: 'Huye' });
const HUYE_SOCIAL_WORKER = { subject: 'demo:test-social-worker', agency: 'gender-ministry', roles: ['social-worker'] };

const visitsOn = (planId: string) => h.orm.em.fork().count(Visit, { plan: planId });
const countAll = () => h.orm.em.fork().count(Visit, {});
async function visitRow(id: string) {
  const v = await h.orm.em.fork().findOneOrFail(Visit, { id });
  return { doneAt: v.doneAt?.toISOString() ?? null, notes: v.notes ?? null };
}
/** A visit as stored, whole. */
async function storedVisit(id: string) {
  const v = await h.orm.em.fork().findOneOrFail(Visit, { id });
  return {
    plan: v.plan.id,
    scheduledFor: v.scheduledFor.toISOString(),
    visitorRole: v.visitorRole,
    doneAt: v.doneAt?.toISOString() ?? null,
    notes: v.notes ?? null,
    recordedBy: v.recordedBy,
  };
}

/** What a write answers: the visit's id (the new one's, when scheduled) and the case of the plan or visit. */
const written = (field: Field, planOrVisitId: string, id: unknown = planOrVisitId) => ({
  data: { [field]: { id, caseId: caseOf.get(planOrVisitId)! } },
});
const idOf = (field: Field, res: { data?: Record<string, unknown> | null }) => (res.data?.[field] as { id: string }).id;

type Field = 'scheduleVisit' | 'recordVisit';
/** A refused write: no data, and the one error. */
const refused = (e: ExpectedError) => ({ data: null, errors: [e] });
const refusedInput = (field: Field, ...problems: Problem[]) => refused(badInput(problems, [field]));
const missingScope = (field: Field) => refused(forbidden('MISSING_SCOPE', [field]));
const notSignedIn = (field: Field) => refused(unauthenticated([field]));
const ALREADY_DONE = refused(conflict('this visit is already recorded as done', ['recordVisit']));

describe('scheduleVisit', () => {
  it("a social worker schedules a visit; it is not done yet; the write is logged on the plan's case", async () => {
    const planId = await followUpPlan();
    const res = await h.run(asDemoUser('social-worker'), SCHEDULE_VISIT, {
      input: { planId, scheduledFor: SCHEDULED_FOR, visitorRole: 'LOCAL_OFFICIAL' },
    });
    expect(res).toEqual(written('scheduleVisit', planId, expect.any(String)));
    expect(await storedVisit(idOf('scheduleVisit', res))).toEqual({
      plan: planId,
      scheduledFor: SCHEDULED_FOR,
      visitorRole: 'LOCAL_OFFICIAL',
      doneAt: null,
      notes: null,
      recordedBy: 'demo:social-worker',
    });
    expect(await visitsOn(planId)).toBe(1);
    expect(await logOf(planId)).toEqual([writeEntry(planId, 'scheduleVisit')]);
  });

  it('a visit may be scheduled weeks ahead', async () => {
    const planId = await followUpPlan();
    const scheduledFor = new Date(Date.now() + 21 * 24 * 60 * MINUTE).toISOString();
    const res = await h.run(asDemoUser('social-worker'), SCHEDULE_VISIT, {
      input: { planId, scheduledFor, visitorRole: 'SOCIAL_WORKER' },
    });
    expect(res).toEqual(written('scheduleVisit', planId, expect.any(String)));
    expect(await storedVisit(idOf('scheduleVisit', res))).toEqual({
      plan: planId,
      scheduledFor,
      visitorRole: 'SOCIAL_WORKER',
      doneAt: null,
      notes: null,
      recordedBy: 'demo:social-worker',
    });
    expect(await logOf(planId)).toEqual([writeEntry(planId, 'scheduleVisit')]);
  });

  it.each(WITHOUT_FOLLOWUP_WRITE)(
    '%s may not schedule a visit (FORBIDDEN, MISSING_SCOPE); nothing is written or logged',
    async (login) => {
      const planId = await followUpPlan();
      const res = await h.run(asDemoUser(login), SCHEDULE_VISIT, {
        input: { planId, scheduledFor: SCHEDULED_FOR, visitorRole: 'LOCAL_OFFICIAL' },
      });
      expect(res).toEqual(missingScope('scheduleVisit'));
      expect(await visitsOn(planId)).toBe(0);
      expect(await logOf(planId)).toEqual([]);
    },
  );

  // A plan of another district is as good as absent: the same answer as an unknown id.
  it('a social worker may not schedule a visit on another district\'s plan ("no follow-up plan has this id")', async () => {
    const planId = await followUpPlan('Huye');
    const res = await h.run(asDemoUser('social-worker'), SCHEDULE_VISIT, {
      input: { planId, scheduledFor: SCHEDULED_FOR, visitorRole: 'SOCIAL_WORKER' },
    });
    expect(res).toEqual(
      refusedInput('scheduleVisit', { field: 'input.planId', problem: 'no follow-up plan has this id' }),
    );
    expect(await visitsOn(planId)).toBe(0);
    expect(await logOf(planId)).toEqual([]);
  });

  it('the social worker of that district may', async () => {
    const planId = await followUpPlan('Huye');
    const res = await h.run(huyeSocialWorker, SCHEDULE_VISIT, {
      input: { planId, scheduledFor: SCHEDULED_FOR, visitorRole: 'SOCIAL_WORKER' },
    });
    expect(res).toEqual(written('scheduleVisit', planId, expect.any(String)));
    expect(await storedVisit(idOf('scheduleVisit', res))).toEqual({
      plan: planId,
      scheduledFor: SCHEDULED_FOR,
      visitorRole: 'SOCIAL_WORKER',
      doneAt: null,
      notes: null,
      recordedBy: 'demo:test-social-worker',
    });
    expect(await logOf(planId)).toEqual([writeEntry(planId, 'scheduleVisit', HUYE_SOCIAL_WORKER)]);
  });

  it('an anonymous caller is refused (UNAUTHENTICATED) and nothing is written', async () => {
    const planId = await followUpPlan();
    const res = await h.run(anonymous, SCHEDULE_VISIT, {
      input: { planId, scheduledFor: SCHEDULED_FOR, visitorRole: 'SOCIAL_WORKER' },
    });
    expect(res).toEqual(notSignedIn('scheduleVisit'));
    expect(await visitsOn(planId)).toBe(0);
    expect(await logOf(planId)).toEqual([]);
  });

  it('a caller without the scope cannot probe plan ids: FORBIDDEN, not "no follow-up plan has this id"', async () => {
    const res = await h.run(asDemoUser('local-official'), SCHEDULE_VISIT, {
      input: { planId: randomUUID(), scheduledFor: SCHEDULED_FOR, visitorRole: 'LOCAL_OFFICIAL' },
    });
    expect(res).toEqual(missingScope('scheduleVisit'));
  });

  it('refuses an unknown planId, naming input.planId, and writes nothing', async () => {
    const before = await countAll();
    const res = await h.run(asDemoUser('social-worker'), SCHEDULE_VISIT, {
      input: { planId: randomUUID(), scheduledFor: SCHEDULED_FOR, visitorRole: 'SOCIAL_WORKER' },
    });
    expect(res).toEqual(
      refusedInput('scheduleVisit', { field: 'input.planId', problem: 'no follow-up plan has this id' }),
    );
    expect(await countAll()).toBe(before);
  });

  // The first Isange center opened on 1 January 2009, Kigali time (2008-12-31T22:00:00Z): no visit was ever due before.
  it('accepts scheduledFor at the opening of the first center (2009-01-01, Kigali) and refuses a millisecond earlier, naming input.scheduledFor', async () => {
    const planId = await followUpPlan();
    const early = await h.run(asDemoUser('social-worker'), SCHEDULE_VISIT, {
      input: { planId, scheduledFor: '2008-12-31T21:59:59.999Z', visitorRole: 'SOCIAL_WORKER' },
    });
    expect(early).toEqual(
      refusedInput('scheduleVisit', {
        field: 'input.scheduledFor',
        problem: 'must not be before 2009, when the first Isange center opened',
      }),
    );
    expect(await visitsOn(planId)).toBe(0);
    expect(await logOf(planId)).toEqual([]);

    const first = await h.run(asDemoUser('social-worker'), SCHEDULE_VISIT, {
      input: { planId, scheduledFor: '2008-12-31T22:00:00.000Z', visitorRole: 'SOCIAL_WORKER' },
    });
    expect(first).toEqual(written('scheduleVisit', planId, expect.any(String)));
    expect((await storedVisit(idOf('scheduleVisit', first))).scheduledFor).toBe('2008-12-31T22:00:00.000Z');
    expect(await visitsOn(planId)).toBe(1);
    expect(await logOf(planId)).toEqual([writeEntry(planId, 'scheduleVisit')]);
  });

  // "Two years" is at least 730 days and at most two calendar years (731 days when a 29 February falls in between):
  // a minute inside the shorter reading is accepted, a minute beyond the longer one refused.
  it('accepts scheduledFor a minute within the next two years and refuses it a minute beyond, naming input.scheduledFor', async () => {
    const planId = await followUpPlan();
    const beyond = new Date();
    beyond.setUTCFullYear(beyond.getUTCFullYear() + 2);
    const tooLate = await h.run(asDemoUser('social-worker'), SCHEDULE_VISIT, {
      input: { planId, scheduledFor: new Date(beyond.getTime() + MINUTE).toISOString(), visitorRole: 'SOCIAL_WORKER' },
    });
    expect(tooLate).toEqual(
      refusedInput('scheduleVisit', { field: 'input.scheduledFor', problem: 'must be within the next two years' }),
    );
    expect(await visitsOn(planId)).toBe(0);
    expect(await logOf(planId)).toEqual([]);

    const scheduledFor = new Date(Date.now() + 730 * DAY - MINUTE).toISOString();
    const latest = await h.run(asDemoUser('social-worker'), SCHEDULE_VISIT, {
      input: { planId, scheduledFor, visitorRole: 'SOCIAL_WORKER' },
    });
    expect(latest).toEqual(written('scheduleVisit', planId, expect.any(String)));
    expect((await storedVisit(idOf('scheduleVisit', latest))).scheduledFor).toBe(scheduledFor);
    expect(await visitsOn(planId)).toBe(1);
    expect(await logOf(planId)).toEqual([writeEntry(planId, 'scheduleVisit')]);
  });

  it('a caller without the scope learns nothing of the date either: FORBIDDEN, not "must be within the next two years"', async () => {
    const planId = await followUpPlan();
    const res = await h.run(asDemoUser('local-official'), SCHEDULE_VISIT, {
      input: { planId, scheduledFor: '2001-01-01T00:00:00.000Z', visitorRole: 'LOCAL_OFFICIAL' },
    });
    expect(res).toEqual(missingScope('scheduleVisit'));
    expect(await visitsOn(planId)).toBe(0);
  });

  it('refuses a planId that is not a UUID, naming input.planId, and writes nothing', async () => {
    const before = await countAll();
    const res = await h.run(asDemoUser('social-worker'), SCHEDULE_VISIT, {
      input: { planId: 'plan-1', scheduledFor: SCHEDULED_FOR, visitorRole: 'SOCIAL_WORKER' },
    });
    expect(res).toEqual(refusedInput('scheduleVisit', { field: 'input.planId', problem: 'planId must be a UUID' }));
    expect(await countAll()).toBe(before);
  });
});

describe('recordVisit', () => {
  it("a social worker records that a scheduled visit took place; the write is logged on the plan's case", async () => {
    const visitId = await scheduledVisit();
    const doneAt = '2025-07-01T08:15:00.000Z';
    const res = await h.run(asDemoUser('social-worker'), RECORD_VISIT, {
      input: { visitId, doneAt, notes: 'Survivor safe; back at school.' },
    });
    expect(res).toEqual(written('recordVisit', visitId));
    expect(await storedVisit(visitId)).toEqual({
      plan: expect.any(String),
      scheduledFor: SCHEDULED_FOR,
      visitorRole: 'LOCAL_OFFICIAL',
      doneAt,
      notes: 'Survivor safe; back at school.',
      recordedBy: 'demo:social-worker',
    });
    expect(await logOf(visitId)).toEqual([writeEntry(visitId, 'recordVisit')]);
  });

  it.each(WITHOUT_FOLLOWUP_WRITE)(
    '%s may not record a visit (FORBIDDEN, MISSING_SCOPE); the visit stays scheduled, nothing is logged',
    async (login) => {
      const visitId = await scheduledVisit();
      const res = await h.run(asDemoUser(login), RECORD_VISIT, {
        input: { visitId, doneAt: '2025-07-01T08:15:00.000Z', notes: 'Visited.' },
      });
      expect(res).toEqual(missingScope('recordVisit'));
      expect(await visitRow(visitId)).toEqual({ doneAt: null, notes: null });
      expect(await logOf(visitId)).toEqual([]);
    },
  );

  // A visit on another district's plan is as good as absent: the same answer as an unknown id.
  it('a social worker may not record a visit of another district\'s plan ("no visit has this id"); it stays scheduled', async () => {
    const visitId = await scheduledVisit(null, null, 'Huye');
    const res = await h.run(asDemoUser('social-worker'), RECORD_VISIT, {
      input: { visitId, doneAt: '2025-07-01T08:15:00.000Z', notes: 'Visited.' },
    });
    expect(res).toEqual(refusedInput('recordVisit', { field: 'input.visitId', problem: 'no visit has this id' }));
    expect(await visitRow(visitId)).toEqual({ doneAt: null, notes: null });
    expect(await logOf(visitId)).toEqual([]);
  });

  it('a visit of another district already done is still "no visit has this id": its state is not disclosed', async () => {
    const visitId = await scheduledVisit(new Date('2025-07-01T08:15:00Z'), 'Done.', 'Huye');
    const res = await h.run(asDemoUser('social-worker'), RECORD_VISIT, {
      input: { visitId, doneAt: '2025-07-02T08:15:00.000Z' },
    });
    expect(res).toEqual(refusedInput('recordVisit', { field: 'input.visitId', problem: 'no visit has this id' }));
  });

  it('the social worker of that district may record it', async () => {
    const visitId = await scheduledVisit(null, null, 'Huye');
    const doneAt = '2025-07-01T08:15:00.000Z';
    const res = await h.run(huyeSocialWorker, RECORD_VISIT, { input: { visitId, doneAt } });
    expect(res).toEqual(written('recordVisit', visitId));
    expect(await visitRow(visitId)).toEqual({ doneAt, notes: null });
    expect(await logOf(visitId)).toEqual([writeEntry(visitId, 'recordVisit', HUYE_SOCIAL_WORKER)]);
  });

  it('an anonymous caller is refused (UNAUTHENTICATED); the visit stays scheduled', async () => {
    const visitId = await scheduledVisit();
    const res = await h.run(anonymous, RECORD_VISIT, { input: { visitId, doneAt: '2025-07-01T08:15:00.000Z' } });
    expect(res).toEqual(notSignedIn('recordVisit'));
    expect(await visitRow(visitId)).toEqual({ doneAt: null, notes: null });
    expect(await logOf(visitId)).toEqual([]);
  });

  it('refuses to record a visit twice (CONFLICT); the first record stays', async () => {
    const visitId = await scheduledVisit(new Date('2025-07-01T08:15:00Z'), 'First record.');
    const res = await h.run(asDemoUser('social-worker'), RECORD_VISIT, {
      input: { visitId, doneAt: '2025-07-02T08:15:00.000Z', notes: 'Second record.' },
    });
    expect(res).toEqual(ALREADY_DONE);
    expect(await visitRow(visitId)).toEqual({ doneAt: '2025-07-01T08:15:00.000Z', notes: 'First record.' });
    expect(await logOf(visitId)).toEqual([]);
  });

  it('refuses recording twice through the API as well', async () => {
    const visitId = await scheduledVisit();
    const first = await h.run(asDemoUser('social-worker'), RECORD_VISIT, {
      input: { visitId, doneAt: '2025-07-01T08:15:00.000Z' },
    });
    expect(first).toEqual(written('recordVisit', visitId));
    const second = await h.run(asDemoUser('social-worker'), RECORD_VISIT, {
      input: { visitId, doneAt: '2025-07-01T09:00:00.000Z', notes: 'Again.' },
    });
    expect(second).toEqual(ALREADY_DONE);
    expect(await visitRow(visitId)).toEqual({ doneAt: '2025-07-01T08:15:00.000Z', notes: null });
    expect(await logOf(visitId)).toEqual([writeEntry(visitId, 'recordVisit')]);
  });

  // The update is conditional on the visit still being open: of two social workers recording it at once, one wins,
  // and only the winner's write is logged.
  it('of two simultaneous records of the same visit, one succeeds and the other gets CONFLICT', async () => {
    const visitId = await scheduledVisit();
    const results = await Promise.all([
      h.run(asDemoUser('social-worker'), RECORD_VISIT, {
        input: { visitId, doneAt: '2025-07-01T08:15:00.000Z', notes: 'Record A.' },
      }),
      h.run(asDemoUser('social-worker'), RECORD_VISIT, {
        input: { visitId, doneAt: '2025-07-02T08:15:00.000Z', notes: 'Record B.' },
      }),
    ]);
    const succeeded = results.filter((r) => r.errors === undefined);
    const refused = results.filter((r) => r.errors !== undefined);
    expect(refused).toEqual([ALREADY_DONE]);
    expect(succeeded).toEqual([written('recordVisit', visitId)]);
    // The stored record is the winner's, whole: not a mix of the two.
    const won =
      results.indexOf(succeeded[0]!) === 0
        ? { doneAt: '2025-07-01T08:15:00.000Z', notes: 'Record A.' }
        : { doneAt: '2025-07-02T08:15:00.000Z', notes: 'Record B.' };
    expect(await visitRow(visitId)).toEqual(won);
    expect(await logOf(visitId)).toEqual([writeEntry(visitId, 'recordVisit')]);
  });

  it('refuses an unknown visitId, naming input.visitId', async () => {
    const res = await h.run(asDemoUser('social-worker'), RECORD_VISIT, {
      input: { visitId: randomUUID(), doneAt: '2025-07-01T08:15:00.000Z' },
    });
    expect(res).toEqual(refusedInput('recordVisit', { field: 'input.visitId', problem: 'no visit has this id' }));
  });

  it('refuses a visitId that is not a UUID, naming input.visitId', async () => {
    const res = await h.run(asDemoUser('social-worker'), RECORD_VISIT, {
      input: { visitId: '7', doneAt: '2025-07-01T08:15:00.000Z' },
    });
    expect(res).toEqual(refusedInput('recordVisit', { field: 'input.visitId', problem: 'visitId must be a UUID' }));
  });

  it('accepts doneAt 5 minutes ahead of now (clock-skew tolerance)', async () => {
    const visitId = await scheduledVisit();
    const doneAt = new Date(Date.now() + 5 * MINUTE).toISOString();
    const res = await h.run(asDemoUser('social-worker'), RECORD_VISIT, { input: { visitId, doneAt } });
    expect(res).toEqual(written('recordVisit', visitId));
    expect(await visitRow(visitId)).toEqual({ doneAt, notes: null });
    expect(await logOf(visitId)).toEqual([writeEntry(visitId, 'recordVisit')]);
  });

  it('refuses doneAt 6 minutes ahead of now, naming input.doneAt; the visit stays scheduled', async () => {
    const visitId = await scheduledVisit();
    const res = await h.run(asDemoUser('social-worker'), RECORD_VISIT, {
      input: { visitId, doneAt: new Date(Date.now() + 6 * MINUTE).toISOString(), notes: 'Too early.' },
    });
    expect(res).toEqual(refusedInput('recordVisit', { field: 'input.doneAt', problem: 'must not be in the future' }));
    expect(await visitRow(visitId)).toEqual({ doneAt: null, notes: null });
    expect(await logOf(visitId)).toEqual([]);
  });

  it('accepts doneAt at the opening of the first center (2009-01-01, Kigali) and refuses a millisecond earlier, naming input.doneAt', async () => {
    const visitId = await scheduledVisit();
    const early = await h.run(asDemoUser('social-worker'), RECORD_VISIT, {
      input: { visitId, doneAt: '2008-12-31T21:59:59.999Z' },
    });
    expect(early).toEqual(
      refusedInput('recordVisit', {
        field: 'input.doneAt',
        problem: 'must not be before 2009, when the first Isange center opened',
      }),
    );
    expect(await visitRow(visitId)).toEqual({ doneAt: null, notes: null });
    expect(await logOf(visitId)).toEqual([]);

    const first = await h.run(asDemoUser('social-worker'), RECORD_VISIT, {
      input: { visitId, doneAt: '2008-12-31T22:00:00.000Z' },
    });
    expect(first).toEqual(written('recordVisit', visitId));
    expect(await visitRow(visitId)).toEqual({ doneAt: '2008-12-31T22:00:00.000Z', notes: null });
    expect(await logOf(visitId)).toEqual([writeEntry(visitId, 'recordVisit')]);
  });

  // Inputs are trimmed before validation: the length rule judges what is stored.
  it('stores notes without their surrounding blanks, their length counted without them', async () => {
    const visitId = await scheduledVisit();
    const doneAt = '2025-07-01T08:15:00.000Z';
    const res = await h.run(asDemoUser('social-worker'), RECORD_VISIT, {
      input: { visitId, doneAt, notes: `  ${'n'.repeat(20_000)}\n` },
    });
    expect(res).toEqual(written('recordVisit', visitId));
    expect(await visitRow(visitId)).toEqual({ doneAt, notes: 'n'.repeat(20_000) });
    expect(await logOf(visitId)).toEqual([writeEntry(visitId, 'recordVisit')]);
  });

  it('refuses notes over 20 000 characters, naming input.notes; the visit stays scheduled', async () => {
    const visitId = await scheduledVisit();
    const res = await h.run(asDemoUser('social-worker'), RECORD_VISIT, {
      input: { visitId, doneAt: '2025-07-01T08:15:00.000Z', notes: 'n'.repeat(20_001) },
    });
    expect(res).toEqual(
      refusedInput('recordVisit', {
        field: 'input.notes',
        problem: 'notes must be shorter than or equal to 20000 characters',
      }),
    );
    expect(await visitRow(visitId)).toEqual({ doneAt: null, notes: null });
    expect(await logOf(visitId)).toEqual([]);
  });
});
