import type { EntityManager } from '@mikro-orm/postgresql';
import type { DemoPlan } from '../shared/demo-plan.js';
import { demoInvestigation } from './demo.js';
import { Investigation } from './entities/investigation.entity.js';
import { InvestigationTransition } from './entities/investigation-transition.entity.js';
import { Suspect } from './entities/suspect.entity.js';
import { seedReceipts } from './seed-forensic.js';

export async function seedPolice(em: EntityManager, plan: DemoPlan): Promise<void> {
  await seedReceipts(em, plan);
  const records = plan.cases.flatMap((c) => {
    const investigation = demoInvestigation(c, plan.now);
    return investigation ? [{ c, i: investigation }] : [];
  });
  const first = records[0]?.i;
  if (!first || (await em.count(Investigation, { id: first.id })) > 0) return;
  await em.transactional(async (tx) => {
    for (const { c, i } of records) {
      const investigation = tx.create(Investigation, {
        id: i.id,
        caseId: c.id,
        centerCode: c.center.code,
        complaintNumber: i.complaintNumber,
        status: i.status,
        receivedAt: i.receivedAt,
        recordedBy: 'demo-seed',
        createdAt: i.receivedAt,
      });
      for (const m of i.history) {
        tx.create(InvestigationTransition, { ...m, investigation, by: 'demo-seed', createdAt: m.at });
      }
      for (const s of i.suspects) {
        tx.create(Suspect, {
          id: s.id,
          investigation,
          fullName: s.fullName,
          sex: s.sex,
          estimatedAge: s.estimatedAge,
          relationshipToSurvivor: s.relationship,
          status: s.status,
          recordedBy: 'demo-seed',
          createdAt: i.receivedAt,
        });
      }
    }
  });
}
