import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { canTouch, RecordWritten, writeOnReferredCase, writeOwnRecord, written } from '../../shared/agency-write.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { referralForWrite } from '../../shared/delivery/known-referrals.js';
import { badInput, conflict } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { staffActionTime } from '../../shared/time.js';
import { ForensicReceipt } from '../entities/forensic-receipt.entity.js';
import {
  HandForensicSampleToLabInput,
  ReceiveForensicSampleInput,
  RecordLabReceiptInput,
  VoidForensicReceiptInput,
} from '../types/police.input.js';

// The police's side of a sample's chain of custody. The police cannot know at the moment of receipt what health
// recorded (they read no health table), so a receipt is taken as the officer scans it and checked against health's
// handover when the chain is read (Case.forensicCustody). What the police can check alone, they refuse: a barcode
// received twice on one case, a step before the one it follows. `forensic:write` with `police:write`: clinicians hold
// `forensic:write` for health's side and must not write this one.

/** The receipt an officer names by case and barcode, within their center and on a case still referred to the police. */
async function receiptToChange(
  em: EntityManager,
  ctx: HubContext,
  caseId: string,
  barcode: string,
): Promise<ForensicReceipt> {
  const r = await em.findOne(ForensicReceipt, { caseId, barcode, voidedAt: null });
  if (!r || !canTouch(callerOf(ctx), { centerCode: r.centerCode })) {
    throw badInput('input.barcode', 'the police have received no forensic sample with this barcode');
  }
  await referralForWrite(em, ctx, r.caseId);
  return r;
}

@Resolver()
export class ForensicReceiptResolver {
  @Mutation(() => RecordWritten, {
    description:
      'Record that the police received a forensic sample from health, by its RFI barcode: the police side of the ' +
      'handover health records with handForensicSampleToPolice.',
  })
  @Requires('police:write', 'forensic:write')
  async receiveForensicSample(
    @Arg('input', () => ReceiveForensicSampleInput) input: ReceiveForensicSampleInput,
    @Ctx() ctx: HubContext,
  ) {
    staffActionTime('input.receivedAt', input.receivedAt, new Date());
    const r = await writeOnReferredCase(
      ctx,
      'receiveForensicSample',
      input.caseId,
      async (em, known) => {
        if (input.receivedAt < known.incidentAt) throw badInput('input.receivedAt', 'must not be before the incident');
        const receipt = em.create(ForensicReceipt, {
          caseId: known.caseId,
          centerCode: known.centerCode,
          barcode: input.barcode,
          receivedAt: input.receivedAt,
          receivedBy: callerOf(ctx).subject,
        });
        return { id: receipt.id, caseId: receipt.caseId };
      },
      'the police have already received a forensic sample with this barcode on this case',
    );
    return written(r.id, r.caseId);
  }

  @Mutation(() => RecordWritten, { description: 'Record that the police handed a forensic sample to the RFI.' })
  @Requires('police:write', 'forensic:write')
  async handForensicSampleToLab(
    @Arg('input', () => HandForensicSampleToLabInput) input: HandForensicSampleToLabInput,
    @Ctx() ctx: HubContext,
  ) {
    staffActionTime('input.handedAt', input.handedAt, new Date());
    const r = await writeOwnRecord(ctx, 'handForensicSampleToLab', async (em) => {
      const receipt = await receiptToChange(em, ctx, input.caseId, input.barcode);
      if (input.handedAt < receipt.receivedAt) {
        throw badInput('input.handedAt', 'must not be before the police received the sample');
      }
      // Conditional on not being handed yet, so that of two officers recording it at once, one does.
      const changed = await em.nativeUpdate(
        ForensicReceipt,
        { id: receipt.id, handedToLabAt: null },
        { handedToLabAt: input.handedAt, handedToLabBy: callerOf(ctx).subject },
      );
      if (changed === 0) throw conflict('this forensic sample has already been handed to the lab');
      return { id: receipt.id, caseId: receipt.caseId };
    });
    return written(r.id, r.caseId);
  }

  @Mutation(() => RecordWritten, {
    description:
      "Record the RFI's receipt of a forensic sample, from the lab's acknowledgement: the chain's last step.",
  })
  @Requires('police:write', 'forensic:write')
  async recordLabReceipt(
    @Arg('input', () => RecordLabReceiptInput) input: RecordLabReceiptInput,
    @Ctx() ctx: HubContext,
  ) {
    staffActionTime('input.receivedAt', input.receivedAt, new Date());
    const r = await writeOwnRecord(ctx, 'recordLabReceipt', async (em) => {
      const receipt = await receiptToChange(em, ctx, input.caseId, input.barcode);
      if (receipt.labReceivedAt) throw conflict("the lab's receipt of this forensic sample is already recorded");
      if (!receipt.handedToLabAt) throw badInput('input.barcode', 'the sample must be handed to the lab first');
      if (input.receivedAt < receipt.handedToLabAt) {
        throw badInput('input.receivedAt', 'must not be before the sample was handed to the lab');
      }
      const changed = await em.nativeUpdate(
        ForensicReceipt,
        { id: receipt.id, labReceivedAt: null },
        {
          labReceivedAt: input.receivedAt,
          labAcknowledgement: input.acknowledgement,
          labReceiptRecordedBy: callerOf(ctx).subject,
        },
      );
      if (changed === 0) throw conflict("the lab's receipt of this forensic sample is already recorded");
      return { id: receipt.id, caseId: receipt.caseId };
    });
    return written(r.id, r.caseId);
  }

  @Mutation(() => RecordWritten, {
    description:
      'Void a receipt recorded by mistake (the wrong case, a mistyped barcode), saying why: it leaves every read and ' +
      'the sample may be received again on its case. Not once handed to the RFI.',
  })
  @Requires('police:write', 'forensic:write')
  async voidForensicReceipt(
    @Arg('input', () => VoidForensicReceiptInput) input: VoidForensicReceiptInput,
    @Ctx() ctx: HubContext,
  ) {
    const r = await writeOwnRecord(
      ctx,
      'voidForensicReceipt',
      async (em) => {
        const receipt = await receiptToChange(em, ctx, input.caseId, input.barcode);
        if (receipt.handedToLabAt) throw conflict('a sample handed to the lab is not voided');
        // Conditional on standing still, so that of two officers voiding it at once, one does.
        const changed = await em.nativeUpdate(
          ForensicReceipt,
          { id: receipt.id, voidedAt: null, handedToLabAt: null },
          { voidedAt: new Date(), voidedBy: callerOf(ctx).subject },
        );
        if (changed === 0) throw conflict('this receipt was voided or the sample handed to the lab meanwhile');
        return { id: receipt.id, caseId: receipt.caseId };
      },
      undefined,
      input.reason,
    );
    return written(r.id, r.caseId);
  }
}
