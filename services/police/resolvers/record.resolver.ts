import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { canTouch, RecordWritten, writeOnReferredCase, writeOwnRecord, written } from '../../shared/agency-write.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { referralForWrite } from '../../shared/delivery/known-referrals.js';
import { badInput } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { staffActionTime } from '../../shared/time.js';
import { Investigation } from '../entities/investigation.entity.js';
import { InvestigationTransition } from '../entities/investigation-transition.entity.js';
import { Suspect } from '../entities/suspect.entity.js';
import { InvestigationStatus, NEXT_STATUS } from '../types/police-enums.js';
import { AddSuspectInput, RecordComplaintInput, UpdateInvestigationStatusInput } from '../types/police.input.js';

/**
 * An investigation the caller may change: one at their own center. Any other is as good as absent. Read under a row
 * lock, so that two changes of one investigation at the same moment take turns, each seeing the other's result.
 */
export async function ownInvestigation(em: EntityManager, ctx: HubContext, id: string): Promise<Investigation> {
  const found = await em.findOne(Investigation, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!found || !canTouch(callerOf(ctx), { centerCode: found.centerCode })) {
    throw badInput('input.investigationId', 'no investigation has this id');
  }
  // No referral, no write, decided before anything about the record's state is told.
  await referralForWrite(em, ctx, found.caseId);
  return found;
}

export /** The caller's own investigation (ownInvestigation), still open: a closed one takes no new statement or measure. */
async function openInvestigation(em: EntityManager, ctx: HubContext, id: string): Promise<Investigation> {
  const investigation = await ownInvestigation(em, ctx, id);
  if (investigation.status === InvestigationStatus.CLOSED) {
    throw badInput('input.investigationId', 'the investigation is closed: reopen it first');
  }
  return investigation;
}

@Resolver()
export class PoliceWriteResolver {
  @Mutation(() => RecordWritten, { description: 'Record the complaint the survivor made; opens the investigation.' })
  @Requires('police:write')
  async recordComplaint(@Arg('input', () => RecordComplaintInput) input: RecordComplaintInput, @Ctx() ctx: HubContext) {
    staffActionTime('input.receivedAt', input.receivedAt, new Date());
    const r = await writeOnReferredCase(
      ctx,
      'recordComplaint',
      input.caseId,
      async (em, known) => {
        const investigation = em.create(Investigation, {
          caseId: known.caseId,
          centerCode: known.centerCode,
          complaintNumber: input.complaintNumber,
          status: InvestigationStatus.COMPLAINT_RECEIVED,
          receivedAt: input.receivedAt,
          recordedBy: callerOf(ctx).subject,
        });
        return { id: investigation.id, caseId: investigation.caseId };
      },
      'this case already has a complaint, or the complaint number is taken',
    );
    return written(r.id, r.caseId);
  }

  @Mutation(() => RecordWritten, {
    description: 'Move the investigation on, saying why; the move is kept in its history.',
  })
  @Requires('police:write')
  async updateInvestigationStatus(
    @Arg('input', () => UpdateInvestigationStatusInput) input: UpdateInvestigationStatusInput,
    @Ctx() ctx: HubContext,
  ) {
    const r = await writeOwnRecord(ctx, `updateInvestigationStatus.${input.status}`, async (em) => {
      const investigation = await ownInvestigation(em, ctx, input.investigationId);
      if (!NEXT_STATUS[investigation.status].includes(input.status)) {
        throw badInput('input.status', `an investigation ${investigation.status} cannot become ${input.status}`);
      }
      em.create(InvestigationTransition, {
        investigation,
        fromStatus: investigation.status,
        toStatus: input.status,
        reason: input.reason,
        at: new Date(),
        by: callerOf(ctx).subject,
      });
      investigation.status = input.status;
      return { id: investigation.id, caseId: investigation.caseId };
    });
    return written(r.id, r.caseId);
  }

  @Mutation(() => RecordWritten, { description: 'Add a suspect to an investigation.' })
  @Requires('police:write', 'police:suspects')
  async addSuspect(@Arg('input', () => AddSuspectInput) input: AddSuspectInput, @Ctx() ctx: HubContext) {
    const r = await writeOwnRecord(ctx, 'addSuspect', async (em) => {
      const investigation = await openInvestigation(em, ctx, input.investigationId);
      const suspect = em.create(Suspect, {
        investigation,
        fullName: input.fullName ?? null,
        sex: input.sex,
        estimatedAge: input.estimatedAge ?? null,
        relationshipToSurvivor: input.relationshipToSurvivor,
        status: input.status,
        recordedBy: callerOf(ctx).subject,
      });
      return { id: suspect.id, caseId: investigation.caseId };
    });
    return written(r.id, r.caseId);
  }
}
