import type { EntityManager } from '@mikro-orm/postgresql';
import type { DemoPlan } from '../shared/demo-plan.js';
import { demoFollowUp } from './demo.js';
import { FollowUpPlan } from './entities/follow-up-plan.entity.js';
import { Visit } from './entities/visit.entity.js';

export async function seedGenderMinistry(em: EntityManager, plan: DemoPlan): Promise<void> {
  const records = plan.cases.flatMap((c) => {
    const followUp = demoFollowUp(c, plan.now);
    return followUp ? [{ c, f: followUp }] : [];
  });
  const first = records[0]?.f;
  if (!first || (await em.count(FollowUpPlan, { id: first.id })) > 0) return;
  await em.transactional(async (tx) => {
    for (const { c, f } of records) {
      const p = tx.create(FollowUpPlan, {
        id: f.id,
        caseId: c.id,
        district: c.center.district,
        riskLevel: f.riskLevel,
        factors: f.factors,
        plan: f.plan,
        recordedBy: 'demo-seed',
        createdAt: c.openedAt,
      });
      for (const v of f.visits) {
        tx.create(Visit, {
          id: v.id,
          plan: p,
          scheduledFor: v.scheduledFor,
          visitorRole: v.visitorRole,
          doneAt: v.doneAt,
          notes: v.notes,
          recordedBy: 'demo-seed',
          createdAt: c.openedAt,
        });
      }
    }
  });
}
