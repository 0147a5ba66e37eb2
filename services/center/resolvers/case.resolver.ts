import { Arg, Ctx, Directive, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { selectedFields } from '../../shared/access-log/selection.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { agencyCode, sharingCodeOf } from '../../shared/agencies.js';
import { decide } from '../../shared/sharing/decide.js';
import { Requires } from '../../shared/guards.js';
import { checkPageSize, decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { CaseSharing, type Sharing } from '../../shared/sharing/wire.js';
import { Case } from '../entities/case.entity.js';
import { Center } from '../entities/center.entity.js';
import { Consent } from '../entities/consent.entity.js';
import { ConsentOverride } from '../entities/consent-override.entity.js';
import { Referral } from '../entities/referral.entity.js';
import { Survivor } from '../entities/survivor.entity.js';
import { visibleCases } from '../policies/case-access.policy.js';
import { readCase } from '../reads/case.read.js';
import { CaseConnection } from '../types/case-connection.js';
import { CaseStatus } from '../types/case-enums.js';
import { centerById, consentsByCase, overridesByCase, referralsByCase, survivorById } from '../loaders/case.loaders.js';
import { sharingFacts } from '../loaders/sharing.loaders.js';

@Resolver(() => Case)
export class CaseResolver {
  @Query(() => Case, { nullable: true, description: 'One case file: the case and every slice the caller may see.' })
  @Requires('case:read')
  case(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Case> {
    return readCase(ctx, id, info);
  }

  @Query(() => CaseConnection, { nullable: true, description: 'A page of the cases the caller may see, newest first.' })
  @Requires('case:read')
  async cases(
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('centerCode', () => String, { nullable: true }) centerCode?: string | null,
    @Arg('status', () => CaseStatus, { nullable: true }) status?: CaseStatus | null,
  ): Promise<CaseConnection> {
    checkPageSize(first);
    const now = new Date();
    const filtered = (withPlaces: boolean) => {
      const qb = visibleCases(ctx.em, callerOf(ctx), now, { withPlaces });
      if (centerCode) qb.andWhere('ctr.code = ?', [centerCode]);
      if (status) qb.andWhere({ status });
      return qb;
    };
    // One statement for the page, with each case's center and survivor; the total is counted only when asked for.
    const page = filtered(true);
    if (after !== undefined && after !== null) {
      const c = decodeCursor(after);
      page.andWhere('(c.opened_at < ? or (c.opened_at = ? and c.id < ?))', [c.at, c.at, c.id]);
    }
    const asked = selectedFields(info) ?? [];
    // Read as data, not as managed entities: nothing on this path writes, and building entities and merging them into
    // the identity map was most of the center's time for a page (see README, "The lean read path").
    const [rows, totalCount] = await Promise.all([
      page
        .orderBy({ openedAt: 'desc', id: 'desc' })
        .limit(first + 1)
        .execute<Case[]>('all', true),
      asked.includes('totalCount') ? filtered(false).getCount() : Promise.resolve(0),
    ]);
    for (const c of rows) {
      centerById(ctx).prime(c.center.id, c.center);
      survivorById(ctx).prime(c.survivor.id, c.survivor);
    }
    // The list's SQL and the record rule say the same thing; each case shown is still decided, and logged, one by one.
    // The facts are one more statement, and serve the agencies' slices of the same page too.
    const facts = await sharingFacts(ctx).loadMany(rows.slice(0, first).map((c) => c.id));
    // A page asked only for its count shows no case: nothing to log.
    const fields = selectedFields(info, ['nodes'], callerOf(ctx));
    const nodes = rows.slice(0, first).filter((c, i) => {
      const f = facts[i];
      const d = f && !(f instanceof Error) ? decide(callerOf(ctx), f, now) : null;
      if (d?.allowed && fields) ctx.access.read(c.id, d.basis, fields, d.statedReason);
      return d?.allowed === true;
    });
    const last = rows.slice(0, first).at(-1);
    return {
      nodes,
      totalCount,
      pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last.openedAt, last.id) : null },
    };
  }

  @FieldResolver(() => Center)
  async center(@Root() c: Case, @Ctx() ctx: HubContext): Promise<Center> {
    return (await centerById(ctx).load(c.center.id)) as Center;
  }

  @FieldResolver(() => Survivor)
  async survivor(@Root() c: Case, @Ctx() ctx: HubContext): Promise<Survivor> {
    return (await survivorById(ctx).load(c.survivor.id)) as Survivor;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The story told at reception.' })
  @Requires('case:narrative')
  narrative(@Root() c: Case): string | null {
    return c.narrative ?? null;
  }

  @FieldResolver(() => [Consent], { description: 'Every consent recorded for this case, oldest first.' })
  @Requires('consent:read')
  consents(@Root() c: Case, @Ctx() ctx: HubContext): Promise<Consent[]> {
    return consentsByCase(ctx).load(c.id);
  }

  @FieldResolver(() => [ConsentOverride], { nullable: true, description: 'Consent overrides, oldest first.' })
  @Requires('consent:read')
  consentOverrides(@Root() c: Case, @Ctx() ctx: HubContext): Promise<ConsentOverride[]> {
    return overridesByCase(ctx).load(c.id);
  }

  @FieldResolver(() => [Referral], {
    nullable: true,
    description: 'The agencies this case is referred to, when and by whom.',
  })
  @Requires('referral:read')
  referrals(@Root() c: Case, @Ctx() ctx: HubContext): Promise<Referral[]> {
    return referralsByCase(ctx).load(c.id);
  }

  @FieldResolver(() => [Referral], {
    nullable: true,
    description: "The referrals of this case to the caller's own agency, oldest first: the ones it may answer.",
  })
  @Requires('referral:respond')
  async referralsToYou(@Root() c: Case, @Ctx() ctx: HubContext): Promise<Referral[]> {
    const agency = sharingCodeOf(callerOf(ctx).agency);
    return (await referralsByCase(ctx).load(c.id)).filter((r) => r.agency === agency);
  }

  // For the other subgraphs' record rules, fetched by the gateway's planner with the caller's claims; no client can
  // select it. Only the caller's own facts leave the center: their agency's consents, overrides and referral, their
  // own emergency grants. A request that reached the center some other way learns nothing about anyone else.
  @FieldResolver(() => CaseSharing)
  @Directive('@inaccessible')
  async sharing(@Root() c: Case, @Ctx() ctx: HubContext): Promise<Sharing> {
    const caller = callerOf(ctx);
    const facts = await sharingFacts(ctx).load(c.id);
    // The case was just read, and cases are never deleted: facts always exist for it.
    if (!facts) throw new Error('no sharing facts for a case that was read');
    const agency = sharingCodeOf(caller.agency);
    return {
      centerCode: facts.centerCode,
      district: facts.district,
      consents: facts.consents.filter((k) => k.agency === agency),
      referrals: facts.referrals.filter((r) => r.agency === agency),
      breakGlass: facts.breakGlass.filter(
        (g) => g.subject === caller.subject && g.agency === agencyCode(caller.agency),
      ),
    };
  }
}
