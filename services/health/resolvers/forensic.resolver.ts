import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Directive, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { decideSlice, showSlice } from '../../shared/agency-case.js';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { ForensicHandover } from '../../shared/forensic-handover.js';
import { normalizeId } from '../../shared/ids.js';
import { REQUIRES_SHARING } from '../../shared/sharing/wire.js';
import { ForensicSample } from '../entities/forensic-sample.entity.js';
import { MedicoLegalReport } from '../entities/medico-legal-report.entity.js';
import { reportsByCase, samplesByCase } from '../loaders/forensic.loaders.js';
import { CaseRef } from '../types/case.type.js';
import { HealthCustodyStep } from '../types/forensic-enums.js';
import { HealthCustodyEvent } from '../types/forensic.type.js';

// Forensic samples and the medico-legal report hang on the Case, not on the medical slice: an investigator reads
// them (with the survivor's consent to share with the police) but never the medical record. The rule is the one
// every agency applies, decided with the center's sharing facts for whoever asks, so the police read them under
// their own referral and consent, a clinician under health's.

@Resolver(() => CaseRef)
export class CaseForensicResolver {
  @FieldResolver(() => [ForensicSample], {
    nullable: true,
    description: "The case's forensic samples, by RFI barcode, with health's side of their chain of custody.",
  })
  @Requires('forensic:read')
  @Directive(REQUIRES_SHARING)
  async forensicSamples(
    @Root() c: CaseRef,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ForensicSample[]> {
    const access = decideSlice(ctx, c);
    const shown = (await samplesByCase(ctx).load(access.caseId)).filter(
      (s) => s.centerCode === access.where.centerCode,
    );
    if (shown.length > 0) showSlice(ctx, access, info, 'forensicSamples');
    return shown;
  }

  @FieldResolver(() => MedicoLegalReport, {
    nullable: true,
    description: "The medico-legal report on the survivor's examination; null while none is written.",
  })
  @Requires('medico-legal:read')
  @Directive(REQUIRES_SHARING)
  async medicoLegalReport(
    @Root() c: CaseRef,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MedicoLegalReport | null> {
    const access = decideSlice(ctx, c);
    const [shown] = (await reportsByCase(ctx).load(access.caseId)).filter(
      (r) => r.centerCode === access.where.centerCode,
    );
    if (!shown) return null;
    showSlice(ctx, access, info, 'medicoLegalReport');
    return shown;
  }

  // For the police's chain of custody (police: Case.forensicCustody), fetched by the gateway's planner with the
  // caller's claims; no client can select it. The police decide with the center's facts whether the caller sees
  // anything of it, and log what they show; only barcodes, centers and handover times leave health.
  @FieldResolver(() => [ForensicHandover], { nullable: true })
  @Requires('forensic:read')
  @Directive('@inaccessible')
  async forensicHandovers(@Root() c: CaseRef, @Ctx() ctx: HubContext): Promise<ForensicHandover[]> {
    const caseId = normalizeId(c.id);
    if (!caseId) return [];
    return (await samplesByCase(ctx).load(caseId)).map((s) =>
      Object.assign(new ForensicHandover(), {
        barcode: s.barcode,
        centerCode: s.centerCode,
        handedToPoliceAt: s.handedToPoliceAt ?? null,
      }),
    );
  }
}

@Resolver(() => ForensicSample)
export class ForensicSampleResolver {
  @FieldResolver(() => [HealthCustodyEvent], { description: "Health's steps of the chain, in order." })
  custody(@Root() s: ForensicSample): HealthCustodyEvent[] {
    const event = (step: HealthCustodyStep, at: Date, by: string, handedTo: string | null = null) =>
      Object.assign(new HealthCustodyEvent(), { step, at, by, handedTo });
    const steps = [event(HealthCustodyStep.COLLECTED, s.collectedAt, s.collectedBy)];
    if (s.sealedAt && s.sealedBy) steps.push(event(HealthCustodyStep.SEALED, s.sealedAt, s.sealedBy));
    if (s.handedToPoliceAt && s.handedToPoliceBy) {
      steps.push(event(HealthCustodyStep.HANDED_TO_POLICE, s.handedToPoliceAt, s.handedToPoliceBy, s.handedTo ?? null));
    }
    return steps;
  }
}
