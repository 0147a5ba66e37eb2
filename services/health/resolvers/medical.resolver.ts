import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Directive, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { decideSlice, showSlice } from '../../shared/agency-case.js';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { REQUIRES_SHARING } from '../../shared/sharing/wire.js';
import { clockEvidenceOf } from '../loaders/clock-evidence.loaders.js';
import { Encounter } from '../entities/encounter.entity.js';
import { Treatment } from '../entities/treatment.entity.js';
import { proposedVisits, readClocks } from '../policies/clinical-clocks.js';
import { CaseRef } from '../types/case.type.js';
import { ClockState, ProposedVisit } from '../types/clocks.type.js';
import { MedicalRecord } from '../types/medical-record.type.js';
import {
  encountersByCase,
  notApplicableByCase,
  referralsByCase,
  treatmentsByCase,
} from '../loaders/medical.loaders.js';

@Resolver(() => CaseRef)
export class CaseMedicalResolver {
  @FieldResolver(() => MedicalRecord, {
    nullable: true,
    description: "Health's slice: encounters, treatments, the clinical clocks and the follow-up visits proposed.",
  })
  @Requires('medical:read')
  @Directive(REQUIRES_SHARING)
  medical(@Root() c: CaseRef, @Ctx() ctx: HubContext): MedicalRecord {
    const access = decideSlice(ctx, c);
    return Object.assign(new MedicalRecord(), {
      caseId: access.caseId,
      centerCode: access.where.centerCode,
      access,
      now: new Date(),
    });
  }
}

/**
 * The incident time the clocks run from: the one the center sent with the referral to health it told of last (a
 * correction of the incident time comes with the referral's next move). Null while no referral has reached health.
 */
async function incidentAtOf(ctx: HubContext, caseId: string): Promise<Date | null> {
  const [latest] = await referralsByCase(ctx).load(caseId);
  return latest?.incidentAt ?? null;
}

@Resolver(() => MedicalRecord)
export class MedicalRecordResolver {
  // Each list is logged as seen only when it shows something.
  @FieldResolver(() => [Encounter])
  async encounters(
    @Root() r: MedicalRecord,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Encounter[]> {
    const shown = (await encountersByCase(ctx).load(r.caseId)).filter((e) => e.centerCode === r.centerCode);
    if (shown.length > 0) showSlice(ctx, r.access, info, 'medical.encounters');
    return shown;
  }

  @FieldResolver(() => [Treatment])
  async treatments(
    @Root() r: MedicalRecord,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Treatment[]> {
    const shown = (await treatmentsByCase(ctx).load(r.caseId)).filter((t) => t.centerCode === r.centerCode);
    if (shown.length > 0) showSlice(ctx, r.access, info, 'medical.treatments');
    return shown;
  }

  // The clocks count what was given, and what was recorded as not applicable, at the case's center: the same records
  // the slice shows.
  @FieldResolver(() => [ClockState], {
    description:
      'PEP (72 h), emergency contraception (120 h), hepatitis B vaccine (14 days) and forensic evidence (72 h), from ' +
      'the incident time the center sent with its referral to health; empty until a referral has reached health.',
  })
  async clocks(
    @Root() r: MedicalRecord,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ClockState[]> {
    const [incidentAt, treatments, notApplicable] = await Promise.all([
      incidentAtOf(ctx, r.caseId),
      clockEvidenceOf(ctx, r.caseId),
      notApplicableByCase(ctx).load(r.caseId),
    ]);
    if (!incidentAt) return [];
    const shown = readClocks(
      incidentAt,
      treatments.filter((t) => t.centerCode === r.centerCode),
      notApplicable.filter((n) => n.centerCode === r.centerCode),
      r.now,
    ).map((c) => Object.assign(new ClockState(), c));
    showSlice(ctx, r.access, info, 'medical.clocks');
    return shown;
  }

  @FieldResolver(() => [ProposedVisit], {
    description:
      'Follow-up visits proposed 2 weeks, 3 months and 6 months after the incident (computed, not booked); empty ' +
      'until a referral has reached health.',
  })
  async followUpVisits(
    @Root() r: MedicalRecord,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ProposedVisit[]> {
    const incidentAt = await incidentAtOf(ctx, r.caseId);
    if (!incidentAt) return [];
    showSlice(ctx, r.access, info, 'medical.followUpVisits');
    return proposedVisits(incidentAt).map((v) => Object.assign(new ProposedVisit(), v));
  }
}
