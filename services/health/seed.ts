import type { EntityManager } from '@mikro-orm/postgresql';
import type { DemoPlan } from '../shared/demo-plan.js';
import { Encounter } from './entities/encounter.entity.js';
import { Treatment } from './entities/treatment.entity.js';
import type { TreatmentKind } from './types/treatment-kind.js';

export async function seedHealth(em: EntityManager, plan: DemoPlan): Promise<void> {
  const withMedical = plan.cases.filter((c) => c.medical);
  const first = withMedical[0]?.medical?.encounters[0];
  if (!first || (await em.count(Encounter, { id: first.id })) > 0) return;
  await em.transactional(async (tx) => {
    for (const c of withMedical) {
      for (const e of c.medical!.encounters) {
        tx.create(Encounter, {
          ...e,
          caseId: c.id,
          centerCode: c.center.code,
          recordedBy: 'demo-seed',
          createdAt: e.seenAt,
        });
      }
      for (const t of c.medical!.treatments) {
        tx.create(Treatment, {
          id: t.id,
          caseId: c.id,
          centerCode: c.center.code,
          encounter: tx.getReference(Encounter, t.encounterId),
          kind: t.kind as TreatmentKind,
          givenAt: t.givenAt,
          notes: null,
          recordedBy: 'demo-seed',
          createdAt: t.givenAt,
        });
      }
    }
  });
}
