import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import { recordReturned } from '../../shared/access-log/returned.js';
import { recordWrite } from '../../shared/access-log/record-write.js';
import { withConstraints } from '../../shared/constraints.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { conflict, DenialReason, refused } from '../../shared/errors.js';
import { Requires, RequiresAnyOf } from '../../shared/guards.js';
import { inOrgScope } from '../../shared/org-scope.js';
import { Case } from '../entities/case.entity.js';
import { Center } from '../entities/center.entity.js';
import { SafeRoomStay } from '../entities/safe-room-stay.entity.js';
import { centerById } from '../loaders/case.loaders.js';
import { occupancyByCenter, staysByCase } from '../loaders/safe-room.loaders.js';
import { readableCaseWithBasis } from '../policies/case-access.policy.js';
import { lockCenter } from '../policies/center-lock.policy.js';
import { alreadyStaying, checkAdmission } from '../policies/safe-room.policy.js';
import { CaseStatus } from '../types/case-enums.js';
import { AdmitToSafeRoomInput, DischargeFromSafeRoomInput, SafeRoomOccupancy } from '../types/safe-room.type.js';

// The Safe Room: a few beds at each center where a survivor may stay for some days. Admitted by the staff of the
// case's center, never beyond its beds; discharged, which frees the bed. What the mutations answer is a stay of the
// case, logged as read under `safeRoomStays`.
@Resolver(() => SafeRoomStay)
export class SafeRoomResolver {
  @Mutation(() => SafeRoomStay, {
    description:
      "Admit the survivor of a case to the Safe Room of the case's center. Refused (CONFLICT) when every bed is taken, or when the survivor already stays in a Safe Room.",
  })
  @Requires('safe-room:write', 'safe-room:read')
  async admitToSafeRoom(
    @Arg('input', () => AdmitToSafeRoomInput) input: AdmitToSafeRoomInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SafeRoomStay> {
    const { found, basis } = await readableCaseWithBasis(ctx, input.caseId);
    if (found.status !== CaseStatus.OPEN)
      throw conflict('the case is closed: only the survivor of an open case is admitted');
    const stay = await withConstraints(
      () =>
        ctx.em.transactional(async (em) => {
          const center = await lockCenter(em, found.center.id);
          // Every case has its center (a foreign key): this is never true.
          if (!center) throw new Error('a case without its center');
          await checkAdmission(em, center, found.survivor.id);
          const created = em.create(SafeRoomStay, {
            case: found.id,
            center: center.id,
            survivor: found.survivor.id,
            admittedAt: new Date(),
            admittedBy: callerOf(ctx).subject,
          });
          await em.flush();
          await recordWrite(em, ctx, found.id, 'admitToSafeRoom', basis);
          return created;
        }),
      // The same survivor admitted at two centers at once: two locks, one index.
      { safe_room_stay_survivor_in: alreadyStaying },
    );
    recordReturned(ctx, info, found.id, basis, { under: 'safeRoomStays' });
    return stay;
  }

  @Mutation(() => SafeRoomStay, {
    description: 'Discharge a survivor from the Safe Room: the stay ends, the bed is free.',
  })
  @Requires('safe-room:write', 'safe-room:read')
  async dischargeFromSafeRoom(
    @Arg('input', () => DischargeFromSafeRoomInput) input: DischargeFromSafeRoomInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SafeRoomStay> {
    const stay = await ctx.em.findOne(SafeRoomStay, { id: input.stayId });
    // A stay of a case the caller may not see, and one that does not exist, get the same answer.
    if (!stay) throw refused(ctx, null, DenialReason.OUT_OF_SCOPE);
    const { found, basis } = await readableCaseWithBasis(ctx, stay.case.id);
    const now = new Date();
    const by = callerOf(ctx).subject;
    await ctx.em.transactional(async (em) => {
      // Only a stay not yet ended: of two discharges at once, one ends it and the other is told so.
      const ended = await em.nativeUpdate(
        SafeRoomStay,
        { id: stay.id, dischargedAt: null },
        { dischargedAt: now, dischargedBy: by },
      );
      if (ended === 0) throw conflict('this stay has already ended');
      await recordWrite(em, ctx, found.id, 'dischargeFromSafeRoom', basis);
    });
    recordReturned(ctx, info, found.id, basis, { under: 'safeRoomStays' });
    return Object.assign(stay, { dischargedAt: now, dischargedBy: by });
  }

  @FieldResolver(() => Center, { description: "The center whose Safe Room it is: the case's center." })
  async center(@Root() s: SafeRoomStay, @Ctx() ctx: HubContext): Promise<Center> {
    return (await centerById(ctx).load(s.center.id)) as Center;
  }
}

@Resolver(() => Case)
export class CaseSafeRoomResolver {
  @FieldResolver(() => [SafeRoomStay], {
    nullable: true,
    description: "The survivor's stays in the Safe Room under this case, oldest first.",
  })
  @Requires('safe-room:read')
  safeRoomStays(@Root() c: Case, @Ctx() ctx: HubContext): Promise<SafeRoomStay[]> {
    return staysByCase(ctx).load(c.id);
  }
}

// Who sees how full a Safe Room is: the staff of that center, who admit survivors to it, and the hub's
// administrators, who set its beds and are refused lowering them below the survivors staying. Nobody else, although
// no survivor is named: the center directory is public, and a Safe Room's occupancy read from outside, going from 0
// to 1 the night someone left home, tells whoever is looking for them where they went.
@Resolver(() => Center)
export class CenterSafeRoomResolver {
  @FieldResolver(() => SafeRoomOccupancy, {
    nullable: true,
    description: "How many of the Safe Room's beds are taken now: for the center's own staff and administrators.",
  })
  @RequiresAnyOf(['safe-room:read'], ['hub:admin'])
  async safeRoom(@Root() center: Center, @Ctx() ctx: HubContext): Promise<SafeRoomOccupancy> {
    if (!inOrgScope(callerOf(ctx), { centerCode: center.code, district: center.district }))
      throw refused(ctx, null, DenialReason.OUT_OF_SCOPE);
    const occupied = (await occupancyByCenter(ctx).load(center.id))?.occupied ?? 0;
    return { beds: center.safeRoomBeds, occupied, free: Math.max(0, center.safeRoomBeds - occupied) };
  }
}
