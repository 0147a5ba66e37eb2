import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { writeOwnRecord, writePlace } from '../../shared/agency-write.js';
import type { HubContext } from '../../shared/context.js';
import { badInput } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { staffActionTime } from '../../shared/time.js';
import { Encounter } from '../entities/encounter.entity.js';
import { Treatment } from '../entities/treatment.entity.js';
import { RecordEncounterInput, RecordTreatmentInput } from '../types/medical.input.js';

@Resolver()
export class MedicalWriteResolver {
  @Mutation(() => Encounter, { description: 'Record a medical encounter for a case.' })
  @Requires('medical:write')
  async recordEncounter(@Arg('input', () => RecordEncounterInput) input: RecordEncounterInput, @Ctx() ctx: HubContext): Promise<Encounter> {
    staffActionTime('input.seenAt', input.seenAt, new Date());
    const place = writePlace(ctx.principal, input.centerCode);
    return writeOwnRecord(ctx, 'recordEncounter', async (em) => {
      const encounter = em.create(Encounter, {
        caseId: input.caseId.toLowerCase(),
        centerCode: place.centerCode!,
        seenAt: input.seenAt,
        findings: input.findings,
        injuriesObserved: input.injuriesObserved,
        recordedBy: ctx.principal.sub!,
      });
      return { record: encounter, caseId: encounter.caseId };
    });
  }

  @Mutation(() => Treatment, { description: 'Record a treatment given (PEP, emergency contraception, vaccines, ...).' })
  @Requires('medical:write')
  async recordTreatment(@Arg('input', () => RecordTreatmentInput) input: RecordTreatmentInput, @Ctx() ctx: HubContext): Promise<Treatment> {
    staffActionTime('input.givenAt', input.givenAt, new Date());
    const place = writePlace(ctx.principal, input.centerCode);
    return writeOwnRecord(ctx, 'recordTreatment', async (em) => {
      let encounter: Encounter | null = null;
      if (input.encounterId) {
        encounter = await em.findOne(Encounter, { id: input.encounterId, caseId: input.caseId.toLowerCase(), centerCode: place.centerCode! });
        if (!encounter) throw badInput('input.encounterId', 'no encounter with this id on this case');
      }
      const treatment = em.create(Treatment, {
        caseId: input.caseId.toLowerCase(),
        centerCode: place.centerCode!,
        encounter,
        kind: input.kind,
        givenAt: input.givenAt,
        notes: input.notes || null,
        recordedBy: ctx.principal.sub!,
      });
      return { record: treatment, caseId: treatment.caseId };
    });
  }
}
