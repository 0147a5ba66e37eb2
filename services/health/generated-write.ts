import type pg from 'pg';
import { logGeneratedBatch } from '../shared/seed/access-log.js';
import { writeKnownReferrals } from '../shared/seed/known-referrals.js';
import { GENERATOR, type GeneratedBatch } from '../shared/seed/plan.js';
import { demoMedical } from './demo.js';

// Health's rows for a batch of generated cases (`npm run seed`), drawn as the demo draws them (demo.ts: the encounter,
// the treatments the clinical clocks still allowed, the clocks recorded as not applicable) for every case referred
// to health that needed care, and the referrals health was told of; in the batch's transaction, one INSERT per table.
// Forensic samples and medico-legal reports are not generated.

export async function writeGeneratedHealth(client: pg.ClientBase, b: GeneratedBatch): Promise<void> {
  await writeKnownReferrals(client, 'health', 'health', b.referrals, b.statistics);
  const e = {
    id: [] as string[],
    caseId: [] as string[],
    center: [] as string[],
    seenAt: [] as Date[],
    injuries: [] as boolean[],
    findings: [] as string[],
  };
  const t = {
    id: [] as string[],
    caseId: [] as string[],
    center: [] as string[],
    encounterId: [] as string[],
    kind: [] as string[],
    givenAt: [] as Date[],
  };
  const n = {
    id: [] as string[],
    caseId: [] as string[],
    center: [] as string[],
    clock: [] as string[],
    reason: [] as string[],
    at: [] as Date[],
  };
  for (const c of b.cases) {
    const m = demoMedical(c);
    if (!m) continue;
    e.id.push(m.encounter.id);
    e.caseId.push(c.id);
    e.center.push(c.center.code);
    e.seenAt.push(m.encounter.seenAt);
    e.injuries.push(m.encounter.injuriesObserved);
    e.findings.push(m.encounter.findings);
    for (const x of m.treatments) {
      t.id.push(x.id);
      t.caseId.push(c.id);
      t.center.push(c.center.code);
      t.encounterId.push(x.encounterId);
      t.kind.push(x.kind);
      t.givenAt.push(x.givenAt);
    }
    for (const x of m.notApplicable) {
      n.id.push(x.id);
      n.caseId.push(c.id);
      n.center.push(c.center.code);
      n.clock.push(x.clock);
      n.reason.push(x.reason);
      n.at.push(m.encounter.seenAt);
    }
  }
  await client.query(
    `insert into health.encounter (id, created_at, case_id, seen_at, findings, injuries_observed, recorded_by, center_code)
     select u.id, u.seen_at, u.case_id, u.seen_at, u.findings, u.injuries, $7, u.center
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::boolean[], $6::text[])
       as u(id, case_id, center, seen_at, injuries, findings)`,
    [e.id, e.caseId, e.center, e.seenAt, e.injuries, e.findings, GENERATOR],
  );
  await client.query(
    `insert into health.treatment (id, created_at, case_id, encounter_id, kind, given_at, notes, recorded_by, center_code)
     select u.id, u.given_at, u.case_id, u.encounter_id, u.kind, u.given_at, null, $7, u.center
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::timestamptz[])
       as u(id, case_id, center, encounter_id, kind, given_at)`,
    [t.id, t.caseId, t.center, t.encounterId, t.kind, t.givenAt, GENERATOR],
  );
  await client.query(
    `insert into health.clock_not_applicable (id, created_at, case_id, center_code, clock, reason, recorded_by)
     select u.id, u.at, u.case_id, u.center, u.clock, u.reason, $7
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
       as u(id, case_id, center, clock, reason, at)`,
    [n.id, n.caseId, n.center, n.clock, n.reason, n.at, GENERATOR],
  );
  await logGeneratedBatch(client, 'health', 'health', b);
}
