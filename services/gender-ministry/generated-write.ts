import type pg from 'pg';
import { logGeneratedBatch } from '../shared/seed/access-log.js';
import { writeKnownReferrals } from '../shared/seed/known-referrals.js';
import { GENERATOR, type GeneratedBatch } from '../shared/seed/plan.js';
import { demoFollowUp } from './demo.js';

// The gender ministry's rows for a batch of generated cases (`npm run seed`), drawn as the demo draws them (demo.ts:
// a follow-up plan where the assessment calls for one, and its visits, done or to come as of the run's end) for every
// case referred to the ministry that needed follow-up, and the referrals the ministry was told of; in the batch's
// transaction, one INSERT per table. Reintegration support is not generated.

export async function writeGeneratedGenderMinistry(client: pg.ClientBase, b: GeneratedBatch): Promise<void> {
  await writeKnownReferrals(client, 'gender-ministry', 'gender_ministry', b.referrals, b.statistics);
  const p = {
    id: [] as string[],
    caseId: [] as string[],
    district: [] as string[],
    risk: [] as string[],
    factors: [] as string[],
    plan: [] as string[],
    at: [] as Date[],
  };
  const v = {
    id: [] as string[],
    planId: [] as string[],
    scheduledFor: [] as Date[],
    role: [] as string[],
    doneAt: [] as (Date | null)[],
    notes: [] as (string | null)[],
    at: [] as Date[],
  };
  for (const c of b.cases) {
    const f = demoFollowUp(c, b.run.until);
    if (!f) continue;
    p.id.push(f.id);
    p.caseId.push(c.id);
    p.district.push(c.center.district);
    p.risk.push(f.riskLevel);
    // One text per plan, split in SQL: unnest would flatten an array of arrays.
    p.factors.push(f.factors.join(','));
    p.plan.push(f.plan);
    p.at.push(c.openedAt);
    for (const x of f.visits) {
      v.id.push(x.id);
      v.planId.push(f.id);
      v.scheduledFor.push(x.scheduledFor);
      v.role.push(x.visitorRole);
      v.doneAt.push(x.doneAt);
      v.notes.push(x.notes);
      v.at.push(c.openedAt);
    }
  }
  await client.query(
    `insert into gender_ministry.follow_up_plan (id, created_at, case_id, risk_level, plan, recorded_by, district, factors)
     select u.id, u.at, u.case_id, u.risk, u.plan, $8, u.district, string_to_array(u.factors, ',')
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
       as u(id, case_id, district, risk, factors, plan, at)`,
    [p.id, p.caseId, p.district, p.risk, p.factors, p.plan, p.at, GENERATOR],
  );
  await client.query(
    `insert into gender_ministry.visit (id, created_at, plan_id, scheduled_for, visitor_role, done_at, notes, recorded_by)
     select u.id, u.at, u.plan_id, u.scheduled_for, u.role, u.done_at, u.notes, $8
     from unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[], $5::timestamptz[], $6::text[], $7::timestamptz[])
       as u(id, plan_id, scheduled_for, role, done_at, notes, at)`,
    [v.id, v.planId, v.scheduledFor, v.role, v.doneAt, v.notes, v.at, GENERATOR],
  );
  await logGeneratedBatch(client, 'gender-ministry', 'gender_ministry', b);
}
