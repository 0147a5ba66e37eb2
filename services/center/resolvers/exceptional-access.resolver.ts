import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import { recordReturned } from '../../shared/access-log/returned.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { recordWrite } from '../../shared/access-log/record-write.js';
import { agencyCode } from '../../shared/agencies.js';
import { LegalBasis } from '../../shared/sharing/decide.js';
import { badInput, caseNotFound } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { BreakGlass } from '../entities/break-glass.entity.js';
import { Case } from '../entities/case.entity.js';
import { ConsentOverride } from '../entities/consent-override.entity.js';
import { readableCaseWithBasis } from '../policies/case-access.policy.js';
import { ExceptionalAccess, ExceptionKind } from '../types/exceptional-access.type.js';
import { BreakGlassInput, OverrideConsentInput } from '../types/referral.input.js';
import { caseById } from '../loaders/case.loaders.js';

const HOUR = 3600_000;
const MINUTE = 60_000;

// The two ways around the ordinary rules, both for a stated reason and a limited time, both written to the access log
// and listed for the data-protection officer.
@Resolver()
export class ExceptionalAccessResolver {
  @Mutation(() => ConsentOverride, { description: 'Share with an agency despite missing consent (audited).' })
  // What it answers is an override, which only holders of consent:read see.
  @Requires('consent:override', 'consent:read')
  async overrideConsent(
    @Arg('input', () => OverrideConsentInput) input: OverrideConsentInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConsentOverride> {
    const { found, basis } = await readableCaseWithBasis(ctx, input.caseId);
    const now = new Date();
    const override = await ctx.em.transactional(async (em) => {
      const created = em.create(ConsentOverride, {
        case: found.id,
        agency: input.agency,
        reason: input.reason,
        overriddenBy: callerOf(ctx).subject,
        overriddenAt: now,
        expiresAt: new Date(now.getTime() + input.hours * HOUR),
      });
      await em.flush();
      await recordWrite(em, ctx, found.id, `overrideConsent.${input.agency}`, basis, created.reason);
      return created;
    });
    recordReturned(ctx, info, found.id, basis, { under: 'consentOverrides' });
    return override;
  }

  @Mutation(() => BreakGlass, { description: 'Emergency access to one case for a short time (audited, reported).' })
  @Requires('break-glass')
  async breakGlass(
    @Arg('input', () => BreakGlassInput) input: BreakGlassInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<BreakGlass> {
    // The one place where a caller may reach a case outside every ordinary rule; the case must exist, and that is
    // all that is checked besides the scope.
    const found = await caseById(ctx).load(input.caseId);
    if (!found) throw caseNotFound();
    const now = new Date();
    const grant = await ctx.em.transactional(async (em) => {
      const created = em.create(BreakGlass, {
        // The agency in the vocabulary of referrals and overrides (HEALTH, POLICE, ...), as the report lists them.
        case: found.id,
        subject: callerOf(ctx).subject,
        agency: agencyCode(callerOf(ctx).agency),
        reason: input.reason,
        startedAt: now,
        expiresAt: new Date(now.getTime() + (input.minutes ?? 60) * MINUTE),
      });
      await em.flush();
      await recordWrite(em, ctx, found.id, 'breakGlass', LegalBasis.BREAK_GLASS, created.reason);
      return created;
    });
    recordReturned(ctx, info, found.id, LegalBasis.BREAK_GLASS, { under: 'breakGlass', reason: grant.reason });
    return grant;
  }

  @Query(() => [ExceptionalAccess], {
    description: 'Every emergency access and consent override since a date, newest first.',
  })
  @Requires('audit:read')
  async exceptionalAccessReport(
    @Arg('since', () => Date) since: Date,
    @Ctx() ctx: HubContext,
  ): Promise<ExceptionalAccess[]> {
    if (Number.isNaN(since.getTime())) throw badInput('since', 'must be a date-time');
    const [grants, overrides] = await Promise.all([
      ctx.em.find(BreakGlass, { startedAt: { $gte: since } }),
      ctx.em.find(ConsentOverride, { overriddenAt: { $gte: since } }),
    ]);
    const numbers = new Map(
      (
        await ctx.em.find(
          Case,
          { id: { $in: [...grants, ...overrides].map((x) => x.case.id) } },
          { fields: ['id', 'caseNumber'] },
        )
      ).map((c) => [c.id, c.caseNumber]),
    );
    const rows: ExceptionalAccess[] = [
      ...grants.map((g) => ({
        kind: ExceptionKind.BREAK_GLASS,
        caseId: g.case.id,
        caseNumber: numbers.get(g.case.id) ?? '',
        subject: g.subject,
        agency: g.agency,
        reason: g.reason,
        startedAt: g.startedAt,
        expiresAt: g.expiresAt,
      })),
      ...overrides.map((o) => ({
        kind: ExceptionKind.CONSENT_OVERRIDE,
        caseId: o.case.id,
        caseNumber: numbers.get(o.case.id) ?? '',
        subject: o.overriddenBy,
        agency: o.agency,
        reason: o.reason,
        startedAt: o.overriddenAt,
        expiresAt: o.expiresAt,
      })),
    ];
    for (const r of rows) ctx.access.read(r.caseId, LegalBasis.AUDIT, ['exceptionalAccessReport']);
    return rows.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  }
}
