import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Mutation, Resolver } from 'type-graphql';
import { recordReturned } from '../../shared/access-log/returned.js';
import { type HubContext, outboxOf } from '../../shared/context.js';
import { recordWrite } from '../../shared/access-log/record-write.js';
import { referUnderLock } from '../policies/referral.policy.js';
import { badInput } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { Case } from '../entities/case.entity.js';
import { Referral } from '../entities/referral.entity.js';
import { readableCaseWithBasis } from '../policies/case-access.policy.js';
import { lockCase } from '../policies/consent.policy.js';
import { AssignCaseManagerInput, ReferCaseInput } from '../types/referral.input.js';
import { isCaseManagerAt } from '../policies/staff-directory.policy.js';
import { centerById } from '../loaders/case.loaders.js';

@Resolver()
export class ReferralResolver {
  @Mutation(() => Referral, {
    description:
      'Refer a case to an agency (requested until the agency answers). Refused without consent (or an override) in force for that agency.',
  })
  // What it answers is a referral, which only holders of referral:read see.
  @Requires('referral:write', 'referral:read')
  async referCase(
    @Arg('input', () => ReferCaseInput) input: ReferCaseInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Referral> {
    const { found, basis } = await readableCaseWithBasis(ctx, input.caseId);
    const center = await centerById(ctx).load(found.center.id);
    if (!center) throw new Error('a case read has no center');
    const referral = await ctx.em.transactional(async (em) => {
      await lockCase(em, found.id);
      const [made] = await referUnderLock(em, ctx, { case: found, center, basis }, [input.agency]);
      if (!made) throw new Error('a referral was asked for and none was made');
      return made;
    });
    outboxOf(ctx).kick();
    recordReturned(ctx, info, found.id, basis, { under: 'referrals' });
    return referral;
  }

  @Mutation(() => Case, {
    description:
      "Name the case manager who coordinates a case (and may read its access log): one the hub knows as a case manager of the case's center, from the tokens they have signed in with.",
  })
  @Requires('case:write')
  async assignCaseManager(
    @Arg('input', () => AssignCaseManagerInput) input: AssignCaseManagerInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Case> {
    const { found, basis } = await readableCaseWithBasis(ctx, input.caseId);
    const center = await centerById(ctx).load(found.center.id);
    if (!center || !(await isCaseManagerAt(ctx.em, input.caseManager, center.code))) {
      throw badInput('input.caseManager', "is not known as a case manager of this case's center");
    }
    const updated = await ctx.em.transactional(async (em) => {
      const c = await em.findOneOrFail(Case, { id: found.id });
      c.caseManager = input.caseManager;
      await em.flush();
      await recordWrite(em, ctx, found.id, 'assignCaseManager', basis);
      return c;
    });
    recordReturned(ctx, info, found.id, basis);
    return updated;
  }
}
