import type { EntityManager } from '@mikro-orm/postgresql';
import type { DemoPlan } from '../shared/demo-plan.js';
import { demoReceipt } from './demo.js';
import { ForensicReceipt } from './entities/forensic-receipt.entity.js';

// The police's side of the demo's forensic samples: the receipts the plan gives them (every fourth handover is left
// unreceived, a one-sided handover for the demo to show). Seeded on its own, once.
export async function seedReceipts(em: EntityManager, plan: DemoPlan): Promise<void> {
  const receipts = plan.cases.flatMap((c) => {
    const p = demoReceipt(c, plan.now);
    return p ? [{ c, barcode: p.barcode, p }] : [];
  });
  const first = receipts[0];
  if (!first || (await em.count(ForensicReceipt, { barcode: first.barcode })) > 0) return;
  await em.transactional(async (tx) => {
    for (const { c, barcode, p } of receipts) {
      tx.create(ForensicReceipt, {
        caseId: c.id,
        centerCode: c.center.code,
        barcode,
        receivedAt: p.receivedAt,
        receivedBy: 'demo-seed',
        handedToLabAt: p.handedToLabAt,
        handedToLabBy: p.handedToLabAt ? 'demo-seed' : null,
        labReceivedAt: p.labReceivedAt,
        labAcknowledgement: p.labReceivedAt ? `RFI/ACK/${barcode.slice(4)}` : null,
        labReceiptRecordedBy: p.labReceivedAt ? 'demo-seed' : null,
        createdAt: p.receivedAt,
      });
    }
  });
}
