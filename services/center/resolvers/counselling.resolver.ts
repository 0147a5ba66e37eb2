import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import { recordReturned } from '../../shared/access-log/returned.js';
import { recordWrite } from '../../shared/access-log/record-write.js';
import { withConstraints } from '../../shared/constraints.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { badInput, conflict, DenialReason, InputProblems, refused } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { Case } from '../entities/case.entity.js';
import { CounsellingSession } from '../entities/counselling-session.entity.js';
import { centerById, survivorById } from '../loaders/case.loaders.js';
import { sessionsByCase } from '../loaders/counselling.loaders.js';
import { readableCaseWithBasis } from '../policies/case-access.policy.js';
import { lockCenter } from '../policies/center-lock.policy.js';
import {
  checkSessionTimes,
  mayActOn,
  psychologistOf,
  psychologistTaken,
  roomKindFor,
  roomProblem,
  roomTaken,
} from '../policies/counselling.policy.js';
import { CaseStatus } from '../types/case-enums.js';
import {
  BookCounsellingSessionInput,
  CounsellingSessionInput,
  RecordCounsellingNotesInput,
} from '../types/counselling.input.js';
import { RoomKind } from '../types/room-kind.js';

// Counselling with a psychologist, in the child or adult rooms of the case's center. What each mutation answers is a
// session of the case, logged as read under `counsellingSessions` (its notes only for those who may read them).
@Resolver(() => CounsellingSession)
export class CounsellingResolver {
  @Mutation(() => CounsellingSession, {
    description:
      'Book a counselling session. Refused (CONFLICT) when the room or the psychologist is already booked for part of that time; a session may start when the one before ends.',
  })
  @Requires('counselling:write', 'counselling:read')
  async bookCounsellingSession(
    @Arg('input', () => BookCounsellingSessionInput) input: BookCounsellingSessionInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CounsellingSession> {
    const now = new Date();
    const caller = callerOf(ctx);
    const problems = new InputProblems();
    checkSessionTimes(input, now, problems);
    problems.throwIfAny();
    const { found, basis } = await readableCaseWithBasis(ctx, input.caseId);
    const [center, survivor] = await Promise.all([
      centerById(ctx).load(found.center.id),
      survivorById(ctx).load(found.survivor.id),
    ]);
    // Every case has its center and survivor (foreign keys): this is never true.
    if (!center || !survivor) throw new Error('a case without its center or survivor');
    const psychologist = await psychologistOf(ctx.em, caller, input.psychologist ?? null, center.code, problems);
    if (psychologist === 'other') throw refused(ctx, found.id, DenialReason.NOT_OWN_SESSION);
    problems.add('input.roomNumber', roomProblem(center, input.roomKind, input.roomNumber));
    if (input.roomKind !== roomKindFor(survivor, input.startsAt)) {
      problems.add(
        'input.roomKind',
        input.roomKind === RoomKind.CHILD
          ? 'an adult is counselled in an adult room'
          : 'a child (under 18 on the day) is counselled in a child room',
      );
    }
    problems.throwIfAny();
    if (found.status !== CaseStatus.OPEN) throw conflict('the case is closed: no session is booked for it');
    const session = await withConstraints(
      () =>
        ctx.em.transactional(async (em) => {
          // The room is still there: an administrator taking rooms away holds the center's lock.
          const locked = await lockCenter(em, center.id, 'share');
          const gone = locked && roomProblem(locked, input.roomKind, input.roomNumber);
          if (gone) throw badInput('input.roomNumber', gone);
          const created = em.create(CounsellingSession, {
            case: found.id,
            center: center.id,
            roomKind: input.roomKind,
            roomNumber: input.roomNumber,
            psychologist,
            startsAt: input.startsAt,
            endsAt: input.endsAt,
            bookedBy: caller.subject,
          });
          await em.flush();
          await recordWrite(em, ctx, found.id, 'bookCounsellingSession', basis);
          return created;
        }),
      {
        counselling_session_room_free: roomTaken(input.roomKind, input.roomNumber, center.code),
        counselling_session_psychologist_free: psychologistTaken(),
      },
    );
    recordReturned(ctx, info, found.id, basis, { under: 'counsellingSessions' });
    return session;
  }

  @Mutation(() => CounsellingSession, {
    description: 'Cancel a session that has not started: its room and psychologist are free again for that time.',
  })
  @Requires('counselling:write', 'counselling:read')
  async cancelCounsellingSession(
    @Arg('input', () => CounsellingSessionInput) input: CounsellingSessionInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CounsellingSession> {
    const { session, caseId, basis } = await ownSession(ctx, input.sessionId, (s) => mayActOn(callerOf(ctx), s));
    const now = new Date();
    if (session.startsAt.getTime() <= now.getTime())
      throw conflict('this session has started: it can no longer be cancelled');
    const by = callerOf(ctx).subject;
    await ctx.em.transactional(async (em) => {
      // Only a session not yet cancelled: of two cancellations at once, one cancels and the other is told so.
      const n = await em.nativeUpdate(
        CounsellingSession,
        { id: session.id, cancelledAt: null },
        { cancelledAt: now, cancelledBy: by },
      );
      if (n === 0) throw conflict('this session is already cancelled');
      await recordWrite(em, ctx, caseId, 'cancelCounsellingSession', basis);
    });
    recordReturned(ctx, info, caseId, basis, { under: 'counsellingSessions' });
    return Object.assign(session, { cancelledAt: now, cancelledBy: by });
  }

  @Mutation(() => CounsellingSession, {
    description:
      'The psychologist writes the notes of their own session, once it has started; they replace any before.',
  })
  // Writes (counselling:write) what only psychologists read (counselling:notes), and answers the session.
  @Requires('counselling:write', 'counselling:notes', 'counselling:read')
  async recordCounsellingNotes(
    @Arg('input', () => RecordCounsellingNotesInput) input: RecordCounsellingNotesInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CounsellingSession> {
    const subject = callerOf(ctx).subject;
    const { session, caseId, basis } = await ownSession(ctx, input.sessionId, (s) => s.psychologist === subject);
    const now = new Date();
    if (session.cancelledAt) throw conflict('this session was cancelled: it has no notes');
    if (session.startsAt.getTime() > now.getTime()) throw conflict('this session has not started yet');
    await ctx.em.transactional(async (em) => {
      await em.nativeUpdate(CounsellingSession, { id: session.id }, { notes: input.notes, notesWrittenAt: now });
      await recordWrite(em, ctx, caseId, 'recordCounsellingNotes', basis);
    });
    recordReturned(ctx, info, caseId, basis, { under: 'counsellingSessions' });
    return Object.assign(session, { notes: input.notes, notesWrittenAt: now });
  }
}

/**
 * A session named by id, of a case the caller may see, that the caller may act on. A session that does not exist, and
 * one of a case the caller may not see, get the same answer; another psychologist's session is NOT_OWN_SESSION.
 */
async function ownSession(ctx: HubContext, id: string, mine: (s: CounsellingSession) => boolean) {
  const session = await ctx.em.findOne(CounsellingSession, { id });
  if (!session) throw refused(ctx, null, DenialReason.OUT_OF_SCOPE);
  const { found, basis } = await readableCaseWithBasis(ctx, session.case.id);
  if (!mine(session)) throw refused(ctx, found.id, DenialReason.NOT_OWN_SESSION);
  return { session, caseId: found.id, basis };
}

@Resolver(() => Case)
export class CaseCounsellingResolver {
  @FieldResolver(() => [CounsellingSession], {
    nullable: true,
    description: "The case's counselling sessions, cancelled ones included, in time order.",
  })
  @Requires('counselling:read')
  counsellingSessions(@Root() c: Case, @Ctx() ctx: HubContext): Promise<CounsellingSession[]> {
    return sessionsByCase(ctx).load(c.id);
  }
}
