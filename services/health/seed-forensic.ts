import type { EntityManager } from '@mikro-orm/postgresql';
import { demoSample } from '../shared/demo-forensic.js';
import type { DemoPlan } from '../shared/demo-plan.js';
import { demoReport } from './demo.js';
import { ForensicSample } from './entities/forensic-sample.entity.js';
import { MedicoLegalReport } from './entities/medico-legal-report.entity.js';
import { SampleKind } from './types/forensic-enums.js';

// Health's side of the demo's forensic samples, and the medico-legal report of each examination they came from.
// Seeded on its own, so that a database seeded before samples existed gets them on its next start; once.
export async function seedForensic(em: EntityManager, plan: DemoPlan): Promise<void> {
  const samples = plan.cases.flatMap((c) => {
    const s = demoSample(c, plan.now);
    return s ? [{ c, s }] : [];
  });
  const first = samples[0];
  if (!first || (await em.count(ForensicSample, { barcode: first.s.barcode })) > 0) return;
  await em.transactional(async (tx) => {
    for (const { c, s } of samples) {
      tx.create(ForensicSample, {
        caseId: c.id,
        centerCode: c.center.code,
        barcode: s.barcode,
        kind: c.index % 3 === 0 ? SampleKind.BLOOD : SampleKind.SWAB,
        collectedAt: s.collectedAt,
        collectedBy: 'demo-seed',
        sealedAt: s.sealedAt,
        sealedBy: s.sealedAt ? 'demo-seed' : null,
        handedToPoliceAt: s.handedToPoliceAt,
        handedToPoliceBy: s.handedToPoliceAt ? 'demo-seed' : null,
        handedTo: s.handedToPoliceAt ? `RIB desk, ${c.center.code}` : null,
        createdAt: s.collectedAt,
      });
      const report = demoReport(c, s);
      tx.create(MedicoLegalReport, {
        caseId: c.id,
        centerCode: c.center.code,
        ...report,
        examinedBy: 'demo-seed',
        createdAt: s.collectedAt,
      });
    }
  });
}
