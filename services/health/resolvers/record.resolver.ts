import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { RecordWritten, writeOnReferredCase, written } from '../../shared/agency-write.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { badInput } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { staffActionTime } from '../../shared/time.js';
import { ClockNotApplicable } from '../entities/clock-not-applicable.entity.js';
import { Encounter } from '../entities/encounter.entity.js';
import { Treatment } from '../entities/treatment.entity.js';
import { RecordClockNotApplicableInput, RecordEncounterInput, RecordTreatmentInput } from '../types/medical.input.js';

/**
 * Care answers an incident: a time before it, as the center recorded it, is a mistyped date, and would make a clock
 * look met. Checked after the referral, so that it tells nothing to whoever may not write on the case.
 */
export function notBeforeIncident(field: string, at: Date, incidentAt: Date): void {
  if (at.getTime() < incidentAt.getTime()) throw badInput(field, 'must not be before the incident');
}

@Resolver()
export class MedicalWriteResolver {
  @Mutation(() => RecordWritten, { description: 'Record a medical encounter for a case.' })
  @Requires('medical:write')
  async recordEncounter(@Arg('input', () => RecordEncounterInput) input: RecordEncounterInput, @Ctx() ctx: HubContext) {
    staffActionTime('input.seenAt', input.seenAt, new Date());
    const r = await writeOnReferredCase(ctx, 'recordEncounter', input.caseId, async (em, known) => {
      notBeforeIncident('input.seenAt', input.seenAt, known.incidentAt);
      const encounter = em.create(Encounter, {
        caseId: known.caseId,
        centerCode: known.centerCode,
        seenAt: input.seenAt,
        findings: input.findings,
        injuriesObserved: input.injuriesObserved,
        recordedBy: callerOf(ctx).subject,
      });
      return { id: encounter.id, caseId: encounter.caseId };
    });
    return written(r.id, r.caseId);
  }

  @Mutation(() => RecordWritten, {
    description: 'Record a treatment given (PEP, emergency contraception, vaccines, ...).',
  })
  @Requires('medical:write')
  async recordTreatment(@Arg('input', () => RecordTreatmentInput) input: RecordTreatmentInput, @Ctx() ctx: HubContext) {
    staffActionTime('input.givenAt', input.givenAt, new Date());
    const r = await writeOnReferredCase(ctx, 'recordTreatment', input.caseId, async (em, known) => {
      notBeforeIncident('input.givenAt', input.givenAt, known.incidentAt);
      let encounter: Encounter | null = null;
      if (input.encounterId) {
        encounter = await em.findOne(Encounter, {
          id: input.encounterId,
          caseId: known.caseId,
          centerCode: known.centerCode,
        });
        if (!encounter) throw badInput('input.encounterId', 'no encounter with this id on this case');
      }
      const treatment = em.create(Treatment, {
        caseId: known.caseId,
        centerCode: known.centerCode,
        encounter,
        kind: input.kind,
        givenAt: input.givenAt,
        notes: input.notes || null,
        recordedBy: callerOf(ctx).subject,
      });
      return { id: treatment.id, caseId: treatment.caseId };
    });
    return written(r.id, r.caseId);
  }

  @Mutation(() => RecordWritten, {
    description:
      'Record that a clinical clock does not apply to this survivor, and why (emergency contraception for a male ' +
      'survivor, say): the clock then shows NOT_APPLICABLE with the reason, unless a matching treatment was given.',
  })
  @Requires('medical:write')
  async recordClockNotApplicable(
    @Arg('input', () => RecordClockNotApplicableInput) input: RecordClockNotApplicableInput,
    @Ctx() ctx: HubContext,
  ) {
    const r = await writeOnReferredCase(
      ctx,
      `recordClockNotApplicable.${input.clock}`,
      input.caseId,
      async (em, known) => {
        const record = em.create(ClockNotApplicable, {
          caseId: known.caseId,
          centerCode: known.centerCode,
          clock: input.clock,
          reason: input.reason,
          recordedBy: callerOf(ctx).subject,
        });
        return { id: record.id, caseId: record.caseId };
      },
      'this clock is already recorded as not applicable on this case',
    );
    return written(r.id, r.caseId);
  }
}
