import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { Encounter } from '../entities/encounter.entity.js';
import { Treatment } from '../entities/treatment.entity.js';
import { CaseRef } from '../types/case.type.js';
import { MedicalRecord } from '../types/medical-record.type.js';
import { encountersByCase, treatmentsByCase } from './loaders.js';

@Resolver(() => CaseRef)
export class CaseMedicalResolver {
  @FieldResolver(() => MedicalRecord, { nullable: true, description: "Health's slice: encounters and treatments." })
  @Requires('medical:read')
  medical(@Root() c: CaseRef): MedicalRecord {
    return Object.assign(new MedicalRecord(), { caseId: c.id });
  }
}

@Resolver(() => MedicalRecord)
export class MedicalRecordResolver {
  @FieldResolver(() => [Encounter])
  encounters(@Root() r: MedicalRecord, @Ctx() ctx: HubContext): Promise<Encounter[]> {
    return encountersByCase(ctx).load(r.caseId);
  }

  @FieldResolver(() => [Treatment])
  treatments(@Root() r: MedicalRecord, @Ctx() ctx: HubContext): Promise<Treatment[]> {
    return treatmentsByCase(ctx).load(r.caseId);
  }
}
