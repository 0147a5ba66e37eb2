import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { canTouch, RecordWritten, writeOnReferredCase, writeOwnRecord, written } from '../../shared/agency-write.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { referralForWrite } from '../../shared/delivery/known-referrals.js';
import { badInput, conflict } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { staffActionTime } from '../../shared/time.js';
import { ForensicSample } from '../entities/forensic-sample.entity.js';
import { MedicoLegalReport } from '../entities/medico-legal-report.entity.js';
import {
  CollectForensicSampleInput,
  HandForensicSampleToPoliceInput,
  RecordMedicoLegalReportInput,
  SealForensicSampleInput,
  VoidForensicSampleInput,
} from '../types/forensic.input.js';
import { notBeforeIncident } from './record.resolver.js';

// Health's side of the chain of custody. Health can check its own side whole, so it refuses rather than records a
// step out of order (a seal before collection, a handover of an unsealed sample) or twice; only what needs both
// sides, a handover the police never confirm, is left for the chain's report (police: Case.forensicCustody).
// `forensic:write` with `medical:write`: the police hold `forensic:write` too, for their own side, and must not
// write health's.

/**
 * The sample a clinician names by barcode, within their center and on a case still referred to health; anywhere
 * else it is as good as absent. The referral is checked before anything about the sample's state is told.
 */
async function sampleToChange(em: EntityManager, ctx: HubContext, barcode: string): Promise<ForensicSample> {
  const s = await em.findOne(ForensicSample, { barcode, voidedAt: null });
  if (!s || !canTouch(callerOf(ctx), { centerCode: s.centerCode })) {
    throw badInput('input.barcode', 'no forensic sample has this barcode');
  }
  await referralForWrite(em, ctx, s.caseId);
  return s;
}

@Resolver()
export class ForensicWriteResolver {
  @Mutation(() => RecordWritten, {
    description: 'Record a forensic sample collected for the RFI, by its barcode: the first step of its custody.',
  })
  @Requires('medical:write', 'forensic:write')
  async collectForensicSample(
    @Arg('input', () => CollectForensicSampleInput) input: CollectForensicSampleInput,
    @Ctx() ctx: HubContext,
  ) {
    staffActionTime('input.collectedAt', input.collectedAt, new Date());
    const r = await writeOnReferredCase(
      ctx,
      `collectForensicSample.${input.kind}`,
      input.caseId,
      async (em, known) => {
        notBeforeIncident('input.collectedAt', input.collectedAt, known.incidentAt);
        const s = em.create(ForensicSample, {
          caseId: known.caseId,
          centerCode: known.centerCode,
          barcode: input.barcode,
          kind: input.kind,
          collectedAt: input.collectedAt,
          collectedBy: callerOf(ctx).subject,
        });
        return { id: s.id, caseId: s.caseId };
      },
      'a forensic sample with this barcode is already recorded',
    );
    return written(r.id, r.caseId);
  }

  @Mutation(() => RecordWritten, { description: 'Record that a forensic sample was sealed.' })
  @Requires('medical:write', 'forensic:write')
  async sealForensicSample(
    @Arg('input', () => SealForensicSampleInput) input: SealForensicSampleInput,
    @Ctx() ctx: HubContext,
  ) {
    staffActionTime('input.sealedAt', input.sealedAt, new Date());
    const r = await writeOwnRecord(ctx, 'sealForensicSample', async (em) => {
      const s = await sampleToChange(em, ctx, input.barcode);
      if (input.sealedAt < s.collectedAt)
        throw badInput('input.sealedAt', 'must not be before the sample was collected');
      // Conditional on not being sealed yet, so that of two clinicians sealing it at once, one does.
      const changed = await em.nativeUpdate(
        ForensicSample,
        { id: s.id, sealedAt: null },
        { sealedAt: input.sealedAt, sealedBy: callerOf(ctx).subject },
      );
      if (changed === 0) throw conflict('this forensic sample is already sealed');
      return { id: s.id, caseId: s.caseId };
    });
    return written(r.id, r.caseId);
  }

  @Mutation(() => RecordWritten, {
    description:
      'Record that a sealed forensic sample was handed to the police, and to whom. The handover is complete once ' +
      'the police record its receipt (Case.forensicCustody shows whether they did).',
  })
  @Requires('medical:write', 'forensic:write')
  async handForensicSampleToPolice(
    @Arg('input', () => HandForensicSampleToPoliceInput) input: HandForensicSampleToPoliceInput,
    @Ctx() ctx: HubContext,
  ) {
    staffActionTime('input.handedAt', input.handedAt, new Date());
    const r = await writeOwnRecord(ctx, 'handForensicSampleToPolice', async (em) => {
      const s = await sampleToChange(em, ctx, input.barcode);
      if (s.handedToPoliceAt) throw conflict('this forensic sample has already been handed to the police');
      if (!s.sealedAt) throw badInput('input.barcode', 'the sample must be sealed before it is handed over');
      if (input.handedAt < s.sealedAt) throw badInput('input.handedAt', 'must not be before the sample was sealed');
      const changed = await em.nativeUpdate(
        ForensicSample,
        { id: s.id, handedToPoliceAt: null },
        { handedToPoliceAt: input.handedAt, handedToPoliceBy: callerOf(ctx).subject, handedTo: input.handedTo },
      );
      if (changed === 0) throw conflict('this forensic sample has already been handed to the police');
      return { id: s.id, caseId: s.caseId };
    });
    return written(r.id, r.caseId);
  }

  @Mutation(() => RecordWritten, {
    description:
      'Void a forensic sample recorded by mistake (the wrong case, a mistyped barcode), saying why: it leaves every ' +
      'read and its barcode may be recorded again. Not once handed to the police: the chain then has two sides.',
  })
  @Requires('medical:write', 'forensic:write')
  async voidForensicSample(
    @Arg('input', () => VoidForensicSampleInput) input: VoidForensicSampleInput,
    @Ctx() ctx: HubContext,
  ) {
    const r = await writeOwnRecord(
      ctx,
      'voidForensicSample',
      async (em) => {
        const s = await sampleToChange(em, ctx, input.barcode);
        if (s.handedToPoliceAt) throw conflict('a sample handed to the police is not voided');
        // Conditional on standing still, so that of two clinicians voiding it at once, one does.
        const changed = await em.nativeUpdate(
          ForensicSample,
          { id: s.id, voidedAt: null, handedToPoliceAt: null },
          { voidedAt: new Date(), voidedBy: callerOf(ctx).subject },
        );
        if (changed === 0) throw conflict('this forensic sample was voided or handed over meanwhile');
        return { id: s.id, caseId: s.caseId };
      },
      undefined,
      input.reason,
    );
    return written(r.id, r.caseId);
  }

  @Mutation(() => RecordWritten, {
    description: "Record the medico-legal report on the survivor's examination: once per case.",
  })
  @Requires('medical:write', 'forensic:write')
  async recordMedicoLegalReport(
    @Arg('input', () => RecordMedicoLegalReportInput) input: RecordMedicoLegalReportInput,
    @Ctx() ctx: HubContext,
  ) {
    staffActionTime('input.examinedAt', input.examinedAt, new Date());
    const r = await writeOnReferredCase(
      ctx,
      'recordMedicoLegalReport',
      input.caseId,
      async (em, known) => {
        notBeforeIncident('input.examinedAt', input.examinedAt, known.incidentAt);
        const report = em.create(MedicoLegalReport, {
          caseId: known.caseId,
          centerCode: known.centerCode,
          examinedAt: input.examinedAt,
          examinedBy: callerOf(ctx).subject,
          findings: input.findings,
          signedBy: input.signedBy,
        });
        return { id: report.id, caseId: report.caseId };
      },
      'a medico-legal report is already recorded for this case',
    );
    return written(r.id, r.caseId);
  }
}
