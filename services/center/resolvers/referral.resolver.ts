import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Mutation, Resolver } from 'type-graphql';
import { recordReturned } from '../../shared/access-log/returned.js';
import { callerOf, type HubContext, outboxOf } from '../../shared/context.js';
import { OPEN_REFERRAL } from '../../shared/referral-lifecycle.js';
import { recordMove } from '../policies/referral.policy.js';
import { recordWrite } from '../../shared/access-log/record-write.js';
import { badInput, DenialReason, forbidden } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { Case } from '../entities/case.entity.js';
import { Referral } from '../entities/referral.entity.js';
import { readableCaseWithBasis } from '../policies/case-access.policy.js';
import { consentsInForce, lockCase, overridesInForce } from '../policies/consent.policy.js';
import { Consent } from '../entities/consent.entity.js';
import { ConsentOverride } from '../entities/consent-override.entity.js';
import { consentScopeOf } from '../types/case-enums.js';
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
      // Asked again under the lock, not from the request's loader: a withdrawal that got the lock first must win.
      const now = new Date();
      const [consents, overrides] = await Promise.all([
        em.count(Consent, { $and: [{ case: found.id, scope: consentScopeOf(input.agency) }, consentsInForce(now)] }),
        em.count(ConsentOverride, { $and: [{ case: found.id, agency: input.agency }, overridesInForce(now)] }),
      ]);
      if (consents + overrides === 0) throw forbidden(DenialReason.CONSENT_REQUIRED);
      // Referring again while a referral is open is that referral; after one ends, the case can be referred anew.
      const existing = await em.findOne(Referral, {
        case: found.id,
        agency: input.agency,
        status: { $in: [...OPEN_REFERRAL] },
      });
      if (existing) return existing;
      const by = callerOf(ctx).subject;
      const created = em.create(Referral, {
        case: found.id,
        agency: input.agency,
        referredAt: now,
        referredBy: by,
        statusChangedAt: now,
      });
      await recordMove(em, ctx, created, { center, case: found }, { from: null, by, reason: null, at: now });
      await recordWrite(em, ctx, found.id, `referCase.${input.agency}`, basis);
      return created;
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
