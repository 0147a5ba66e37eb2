import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context.js';
import { badInput, conflict } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { staffActionTime } from '../../shared/time.js';
import { Investigation } from '../entities/investigation.entity.js';
import { Suspect } from '../entities/suspect.entity.js';
import { InvestigationStatus, NEXT_STATUS } from '../types/police-enums.js';
import { AddSuspectInput, RecordComplaintInput, UpdateInvestigationStatusInput } from '../types/police.input.js';

@Resolver()
export class PoliceWriteResolver {
  @Mutation(() => Investigation, { description: 'Record the complaint the survivor made; opens the investigation.' })
  @Requires('police:write')
  async recordComplaint(@Arg('input', () => RecordComplaintInput) input: RecordComplaintInput, @Ctx() ctx: HubContext): Promise<Investigation> {
    staffActionTime('input.receivedAt', input.receivedAt, new Date());
    const investigation = ctx.em.create(Investigation, {
      caseId: input.caseId,
      complaintNumber: input.complaintNumber,
      status: InvestigationStatus.COMPLAINT_RECEIVED,
      receivedAt: input.receivedAt,
      recordedBy: ctx.principal.sub!,
    });
    try {
      await ctx.em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        throw conflict('this case already has a complaint, or the complaint number is taken');
      }
      throw err;
    }
    return investigation;
  }

  @Mutation(() => Investigation)
  @Requires('police:write')
  async updateInvestigationStatus(
    @Arg('input', () => UpdateInvestigationStatusInput) input: UpdateInvestigationStatusInput,
    @Ctx() ctx: HubContext,
  ): Promise<Investigation> {
    const investigation = await ctx.em.findOne(Investigation, { id: input.investigationId });
    if (!investigation) throw badInput('input.investigationId', 'no investigation has this id');
    if (!NEXT_STATUS[investigation.status].includes(input.status)) {
      throw badInput('input.status', `an investigation ${investigation.status} cannot become ${input.status}`);
    }
    investigation.status = input.status;
    await ctx.em.flush();
    return investigation;
  }

  @Mutation(() => Suspect, { description: 'Add a suspect to an investigation.' })
  @Requires('police:write', 'police:suspects')
  async addSuspect(@Arg('input', () => AddSuspectInput) input: AddSuspectInput, @Ctx() ctx: HubContext): Promise<Suspect> {
    const investigation = await ctx.em.findOne(Investigation, { id: input.investigationId });
    if (!investigation) throw badInput('input.investigationId', 'no investigation has this id');
    if (investigation.status === InvestigationStatus.CLOSED) {
      throw badInput('input.investigationId', 'the investigation is closed: reopen it first');
    }
    const suspect = ctx.em.create(Suspect, {
      investigation,
      fullName: input.fullName ?? null,
      sex: input.sex,
      estimatedAge: input.estimatedAge ?? null,
      relationshipToSurvivor: input.relationshipToSurvivor,
      status: input.status,
      recordedBy: ctx.principal.sub!,
    });
    await ctx.em.flush();
    return suspect;
  }
}
