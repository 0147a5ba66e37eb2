import type { EntityManager } from '@mikro-orm/postgresql';
import type { DemoPlan } from '../shared/demo-plan.js';
import { FollowUpPlan } from './entities/follow-up-plan.entity.js';
import { Visit } from './entities/visit.entity.js';
import type { RiskLevel, VisitorRole } from './types/follow-up-enums.js';

export async function seedGenderMinistry(em: EntityManager, plan: DemoPlan): Promise<void> {
  const withFollowUp = plan.cases.filter((c) => c.followUp);
  const first = withFollowUp[0]?.followUp;
  if (!first || (await em.count(FollowUpPlan, { id: first.id })) > 0) return;
  await em.transactional(async (tx) => {
    for (const c of withFollowUp) {
      const f = c.followUp!;
      const p = tx.create(FollowUpPlan, {
        id: f.id,
        caseId: c.id,
        district: c.center.district,
        riskLevel: f.riskLevel as RiskLevel,
        plan: f.plan,
        recordedBy: 'demo-seed',
        createdAt: c.openedAt,
      });
      for (const v of f.visits) {
        tx.create(Visit, {
          id: v.id,
          plan: p,
          scheduledFor: v.scheduledFor,
          visitorRole: v.visitorRole as VisitorRole,
          doneAt: v.doneAt,
          notes: v.notes,
          recordedBy: 'demo-seed',
          createdAt: c.openedAt,
        });
      }
    }
  });
}
