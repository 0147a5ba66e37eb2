import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Directive, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { decideSlice, showSlice } from '../../shared/agency-case.js';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { REQUIRES_SHARING } from '../../shared/sharing/wire.js';
import { Encounter } from '../entities/encounter.entity.js';
import { Treatment } from '../entities/treatment.entity.js';
import { CaseRef } from '../types/case.type.js';
import { MedicalRecord } from '../types/medical-record.type.js';
import { encountersByCase, treatmentsByCase } from '../loaders/medical.loaders.js';

@Resolver(() => CaseRef)
export class CaseMedicalResolver {
  @FieldResolver(() => MedicalRecord, { nullable: true, description: "Health's slice: encounters and treatments." })
  @Requires('medical:read')
  @Directive(REQUIRES_SHARING)
  medical(@Root() c: CaseRef, @Ctx() ctx: HubContext): MedicalRecord {
    const access = decideSlice(ctx, c);
    return Object.assign(new MedicalRecord(), { caseId: access.caseId, centerCode: access.where.centerCode, access });
  }
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
}
