import type { EntityManager } from '@mikro-orm/postgresql';
import type { Sex } from '../shared/enums.js';
import type { DemoPlan } from '../shared/demo-plan.js';
import { Investigation } from './entities/investigation.entity.js';
import { Suspect } from './entities/suspect.entity.js';
import type { InvestigationStatus, SuspectRelationship, SuspectStatus } from './types/police-enums.js';

export async function seedPolice(em: EntityManager, plan: DemoPlan): Promise<void> {
  const withInvestigation = plan.cases.filter((c) => c.investigation);
  const first = withInvestigation[0]?.investigation;
  if (!first || (await em.count(Investigation, { id: first.id })) > 0) return;
  await em.transactional(async (tx) => {
    for (const c of withInvestigation) {
      const i = c.investigation!;
      const investigation = tx.create(Investigation, {
        id: i.id,
        caseId: c.id,
        centerCode: c.center.code,
        complaintNumber: i.complaintNumber,
        status: i.status as InvestigationStatus,
        receivedAt: i.receivedAt,
        recordedBy: 'demo-seed',
        createdAt: i.receivedAt,
      });
      for (const s of i.suspects) {
        tx.create(Suspect, {
          id: s.id,
          investigation,
          fullName: s.fullName,
          sex: s.sex as Sex,
          estimatedAge: s.estimatedAge,
          relationshipToSurvivor: s.relationship as SuspectRelationship,
          status: s.status as SuspectStatus,
          recordedBy: 'demo-seed',
          createdAt: i.receivedAt,
        });
      }
    }
  });
}
