import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import { recordReturned } from '../../shared/access-log/returned.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { recordWrite } from '../../shared/access-log/record-write.js';
import { badInput, InputProblems } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { staffActionProblem } from '../../shared/time.js';
import { Consent } from '../entities/consent.entity.js';
import { SurvivorIdentity } from '../entities/survivor-identity.entity.js';
import { consentsInForce, consentsNotEnded, lockCase } from '../policies/consent.policy.js';
import { agenciesReferred, tellStatistics } from '../policies/statistics-facts.policy.js';
import { readableCaseWithBasis } from '../policies/case-access.policy.js';
import { ConsentGiver, ConsentScope } from '../types/case-enums.js';
import { RecordConsentInput, WithdrawConsentInput } from '../types/consent.input.js';
import { survivorById } from '../loaders/case.loaders.js';
import { ageOn } from '../types/age.js';

/** Law 058/2021 Art. 9: under 16, consent comes from a holder of parental responsibility. */
export const GUARDIAN_CONSENT_BELOW_AGE = 16;

const CONSENT_BEFORE_INTAKE_MS = 24 * 3600 * 1000;

@Resolver(() => Consent)
export class ConsentResolver {
  @FieldResolver(() => Boolean, { description: 'In force now: given, not expired, not withdrawn.' })
  active(@Root() c: Consent): boolean {
    return c.activeAt(new Date());
  }

  @Mutation(() => Consent, {
    description: 'Record consent to share a case with one agency, or to count it in statistics.',
  })
  // What it answers is a consent, which only holders of consent:read see.
  @Requires('consent:write', 'consent:read')
  async recordConsent(
    @Arg('input', () => RecordConsentInput) input: RecordConsentInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Consent> {
    const now = new Date();
    const givenAt = input.givenAt ?? now;
    // Every problem in one answer: the times on their own, then how they fit the case (which only a caller who may
    // read it learns about).
    const problems = new InputProblems();
    problems.add('input.givenAt', staffActionProblem(givenAt, now));
    if (input.expiresAt && input.expiresAt <= givenAt) problems.add('input.expiresAt', 'must be after givenAt');
    problems.throwIfAny();
    const { found, basis } = await readableCaseWithBasis(ctx, input.caseId);
    // Consent is taken at reception, for this case: a day's leeway for a form signed before the intake was typed in,
    // no more (a consent dated years before the case is a typing mistake).
    if (givenAt.getTime() < found.openedAt.getTime() - CONSENT_BEFORE_INTAKE_MS) {
      problems.add('input.givenAt', 'must not be more than a day before the case was opened');
    }
    const survivor = await survivorById(ctx).load(found.survivor.id);
    // Every case has its survivor (a foreign key): this is never true.
    if (!survivor) throw new Error('a case without its survivor');
    const adult = ageOn(survivor, givenAt) >= GUARDIAN_CONSENT_BELOW_AGE;
    if (adult && input.givenBy === ConsentGiver.GUARDIAN) {
      problems.add(
        'input.givenBy',
        `from ${GUARDIAN_CONSENT_BELOW_AGE} the survivor consents for themselves, not a guardian`,
      );
    }
    if (!adult) {
      if (input.givenBy !== ConsentGiver.GUARDIAN) {
        problems.add(
          'input.givenBy',
          `a child under ${GUARDIAN_CONSENT_BELOW_AGE} cannot consent alone: a guardian must`,
        );
      } else {
        const identity = await ctx.em.findOne(SurvivorIdentity, { survivor: survivor.id });
        if (!identity?.guardian)
          problems.add('input.givenBy', 'record the guardian on the survivor before their consent');
      }
    }
    problems.throwIfAny();
    const recorded = await ctx.em.transactional(async (em) => {
      // One consent change per case at a time: two receptionists recording at once must not leave two in force.
      await lockCase(em, found.id);
      // A new consent for the same scope supersedes every one not yet ended: history is kept, only one is active. An
      // expired one is left as it is; its record says it expired, not that it was withdrawn. Not "in force now": a
      // consent recorded by a request that started after this one but took the lock first is given after this
      // request's `now`, and would stay in force beside this one (two in force, and withdrawConsent ends only one).
      await em.nativeUpdate(
        Consent,
        { $and: [{ case: found.id, scope: input.scope }, consentsNotEnded(now)] },
        { withdrawnAt: now },
      );
      const consent = em.create(Consent, {
        case: found.id,
        scope: input.scope,
        givenBy: input.givenBy,
        givenAt,
        expiresAt: input.expiresAt ?? null,
        withdrawnAt: null,
        recordedBy: callerOf(ctx).subject,
      });
      await em.flush();
      await recordWrite(em, ctx, found.id, `recordConsent.${input.scope}`, basis);
      if (input.scope === ConsentScope.STATISTICS)
        await tellStatistics(em, ctx, found.id, await agenciesReferred(em, found.id));
      return consent;
    });
    recordReturned(ctx, info, found.id, basis, { under: 'consents' });
    return recorded;
  }

  @Mutation(() => Consent, { description: 'Withdraw the consent in force; sharing stops on the very next request.' })
  @Requires('consent:write', 'consent:read')
  async withdrawConsent(
    @Arg('input', () => WithdrawConsentInput) input: WithdrawConsentInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Consent> {
    const { found, basis } = await readableCaseWithBasis(ctx, input.caseId);
    const withdrawn = await ctx.em.transactional(async (em) => {
      await lockCase(em, found.id);
      // Read under the lock, for the same reason as in recordConsent.
      const now = new Date();
      const current = await em.findOne(
        Consent,
        { $and: [{ case: found.id, scope: input.scope }, consentsInForce(now)] },
        { orderBy: { givenAt: 'desc' } },
      );
      if (!current) throw badInput('input.scope', 'no consent in force for this scope');
      current.withdrawnAt = now;
      await em.flush();
      await recordWrite(em, ctx, found.id, `withdrawConsent.${input.scope}`, basis);
      if (input.scope === ConsentScope.STATISTICS)
        await tellStatistics(em, ctx, found.id, await agenciesReferred(em, found.id));
      return current;
    });
    recordReturned(ctx, info, found.id, basis, { under: 'consents' });
    return withdrawn;
  }
}
