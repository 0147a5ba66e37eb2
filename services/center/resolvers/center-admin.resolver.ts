import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { recordWrite } from '../../shared/access-log/record-write.js';
import { withConstraints } from '../../shared/constraints.js';
import type { HubContext } from '../../shared/context.js';
import { badInput, conflict, InputProblems } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { LegalBasis } from '../../shared/sharing/decide.js';
import { Center } from '../entities/center.entity.js';
import { checkBeds, checkRooms, placeProblems } from '../policies/center-change.policy.js';
import { lockCenter } from '../policies/center-lock.policy.js';
import { OpenCenterInput, UpdateCenterInput } from '../types/center.input.js';
import { RoomKind } from '../types/room-kind.js';

// Centers are data: an administrator opens a new one, or changes what one holds, with no change of code and no new
// seed (the seed only provides the first 44). A center is public, so what these answer is not a read of anyone's
// data; each change is written to the center's access log, without a case, for the data-protection officer.

const taken = (code: string) => () => conflict(`a center with code ${code} already exists`);

@Resolver(() => Center)
export class CenterAdminResolver {
  @Mutation(() => Center, {
    description:
      "Open a new center, in one of Rwanda's 30 districts, with its Safe Room beds and counselling rooms. A code already used is a CONFLICT.",
  })
  @Requires('hub:admin')
  async openCenter(
    @Arg('input', () => OpenCenterInput) input: OpenCenterInput,
    @Ctx() ctx: HubContext,
  ): Promise<Center> {
    const problems = new InputProblems();
    placeProblems(input, problems);
    problems.throwIfAny();
    if ((await ctx.em.count(Center, { code: input.code })) > 0) throw taken(input.code)();
    return withConstraints(
      () =>
        ctx.em.transactional(async (em) => {
          const created = em.create(Center, { ...input });
          await em.flush();
          await recordWrite(em, ctx, null, `openCenter.${input.code}`, LegalBasis.ADMINISTRATION);
          return created;
        }),
      // Two administrators opening the same code at once: the unique index decides.
      { center_code_unique: taken(input.code) },
    );
  }

  @Mutation(() => Center, {
    description:
      "Change a center's name, hospital, Safe Room beds or counselling rooms. Fewer beds than the survivors staying, or taking away a room with sessions booked ahead, is a CONFLICT.",
  })
  @Requires('hub:admin')
  async updateCenter(
    @Arg('input', () => UpdateCenterInput) input: UpdateCenterInput,
    @Ctx() ctx: HubContext,
  ): Promise<Center> {
    const { code, ...asked } = input;
    const changes = Object.fromEntries(Object.entries(asked).filter(([, v]) => v != null)) as Partial<
      Pick<Center, 'name' | 'hospital' | 'safeRoomBeds' | 'childRooms' | 'adultRooms'>
    >;
    const found = await ctx.em.findOne(Center, { code });
    if (!found) throw badInput('input.code', 'no center has this code');
    if (Object.keys(changes).length === 0) throw badInput('input', 'give at least one thing to change');
    const now = new Date();
    return ctx.em.transactional(async (em) => {
      const locked = await lockCenter(em, found.id);
      if (!locked) throw badInput('input.code', 'no center has this code');
      if (changes.safeRoomBeds != null) await checkBeds(em, locked, changes.safeRoomBeds);
      if (changes.childRooms != null) await checkRooms(em, locked, RoomKind.CHILD, changes.childRooms, now);
      if (changes.adultRooms != null) await checkRooms(em, locked, RoomKind.ADULT, changes.adultRooms, now);
      await em.nativeUpdate(Center, { id: found.id }, changes);
      await recordWrite(em, ctx, null, `updateCenter.${code}`, LegalBasis.ADMINISTRATION);
      return em.findOneOrFail(Center, { id: found.id }, { refresh: true });
    });
  }
}
