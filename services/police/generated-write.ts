import type pg from 'pg';
import { logGeneratedBatch } from '../shared/seed/access-log.js';
import { writeKnownReferrals } from '../shared/seed/known-referrals.js';
import { GENERATOR, type GeneratedBatch } from '../shared/seed/plan.js';
import { demoInvestigation } from './demo.js';

// The police's rows for a batch of generated cases (`npm run seed`), drawn as the demo draws them (demo.ts: the
// complaint, the moves of its investigation up to the run's end, and its suspects) for every case referred to the
// police that needed them, and the referrals the police were told of; in the batch's transaction, one INSERT per
// table. Forensic receipts, statements and protection measures are not generated.

export async function writeGeneratedPolice(client: pg.ClientBase, b: GeneratedBatch): Promise<void> {
  await writeKnownReferrals(client, 'police', 'police', b.referrals, b.statistics);
  const i = {
    id: [] as string[],
    caseId: [] as string[],
    center: [] as string[],
    number: [] as string[],
    status: [] as string[],
    at: [] as Date[],
  };
  const s = {
    id: [] as string[],
    investigationId: [] as string[],
    name: [] as (string | null)[],
    sex: [] as string[],
    age: [] as (number | null)[],
    relationship: [] as string[],
    status: [] as string[],
    at: [] as Date[],
  };
  const m = {
    id: [] as string[],
    investigationId: [] as string[],
    from: [] as string[],
    to: [] as string[],
    reason: [] as string[],
    at: [] as Date[],
  };
  for (const c of b.cases) {
    const v = demoInvestigation(c, b.run.until);
    if (!v) continue;
    for (const x of v.history) {
      m.id.push(x.id);
      m.investigationId.push(v.id);
      m.from.push(x.fromStatus);
      m.to.push(x.toStatus);
      m.reason.push(x.reason);
      m.at.push(x.at);
    }
    i.id.push(v.id);
    i.caseId.push(c.id);
    i.center.push(c.center.code);
    i.number.push(v.complaintNumber);
    i.status.push(v.status);
    i.at.push(v.receivedAt);
    for (const x of v.suspects) {
      s.id.push(x.id);
      s.investigationId.push(v.id);
      s.name.push(x.fullName);
      s.sex.push(x.sex);
      s.age.push(x.estimatedAge);
      s.relationship.push(x.relationship);
      s.status.push(x.status);
      s.at.push(v.receivedAt);
    }
  }
  await client.query(
    `insert into police.investigation (id, created_at, case_id, complaint_number, status, received_at, recorded_by, center_code)
     select u.id, u.at, u.case_id, u.number, u.status, u.at, $7, u.center
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
       as u(id, case_id, center, number, status, at)`,
    [i.id, i.caseId, i.center, i.number, i.status, i.at, GENERATOR],
  );
  await client.query(
    `insert into police.suspect (id, created_at, investigation_id, full_name, sex, estimated_age, relationship_to_survivor, status, recorded_by)
     select u.id, u.at, u.investigation_id, u.name, u.sex, u.age, u.relationship, u.status, $9
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::timestamptz[])
       as u(id, investigation_id, name, sex, age, relationship, status, at)`,
    [s.id, s.investigationId, s.name, s.sex, s.age, s.relationship, s.status, s.at, GENERATOR],
  );
  await client.query(
    `insert into police.investigation_transition (id, created_at, investigation_id, from_status, to_status, reason, at, by)
     select u.id, u.at, u.investigation_id, u.from_status, u.to_status, u.reason, u.at, $7
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
       as u(id, investigation_id, from_status, to_status, reason, at)`,
    [m.id, m.investigationId, m.from, m.to, m.reason, m.at, GENERATOR],
  );
  await logGeneratedBatch(client, 'police', 'police', b);
}
