import type { EntityManager } from '@mikro-orm/postgresql';
import type { DemoPlan } from '../shared/demo-plan.js';
import { demoMedical } from './demo.js';
import { ClockNotApplicable } from './entities/clock-not-applicable.entity.js';
import { Encounter } from './entities/encounter.entity.js';
import { Treatment } from './entities/treatment.entity.js';
import { seedForensic } from './seed-forensic.js';

export async function seedHealth(em: EntityManager, plan: DemoPlan): Promise<void> {
  await seedForensic(em, plan);
  const records = plan.cases.flatMap((c) => {
    const medical = demoMedical(c);
    return medical ? [{ c, medical }] : [];
  });
  const first = records[0]?.medical.encounter;
  if (!first || (await em.count(Encounter, { id: first.id })) > 0) return;
  await em.transactional(async (tx) => {
    for (const { c, medical } of records) {
      const e = medical.encounter;
      tx.create(Encounter, {
        ...e,
        caseId: c.id,
        centerCode: c.center.code,
        recordedBy: 'demo-seed',
        createdAt: e.seenAt,
      });
      for (const t of medical.treatments) {
        tx.create(Treatment, {
          id: t.id,
          caseId: c.id,
          centerCode: c.center.code,
          encounter: tx.getReference(Encounter, t.encounterId),
          kind: t.kind,
          givenAt: t.givenAt,
          notes: null,
          recordedBy: 'demo-seed',
          createdAt: t.givenAt,
        });
      }
      for (const n of medical.notApplicable) {
        tx.create(ClockNotApplicable, {
          id: n.id,
          caseId: c.id,
          centerCode: c.center.code,
          clock: n.clock,
          reason: n.reason,
          recordedBy: 'demo-seed',
          createdAt: e.seenAt,
        });
      }
    }
  });
}
