import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { checkPageSize, decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { Case } from '../entities/case.entity.js';
import { Center } from '../entities/center.entity.js';
import { Consent } from '../entities/consent.entity.js';
import { Survivor } from '../entities/survivor.entity.js';
import { caseScopeFilter, readableCase } from '../policies/case-access.policy.js';
import { CaseConnection } from '../types/case-connection.js';
import { CaseStatus } from '../types/case-enums.js';
import { centerById, consentsByCase, survivorById } from './loaders.js';

@Resolver(() => Case)
export class CaseResolver {
  @Query(() => Case, { nullable: true, description: 'One case file: the case and every slice the caller may see.' })
  @Requires('case:read')
  async case(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<Case> {
    return readableCase(ctx, id);
  }

  @Query(() => CaseConnection, { nullable: true, description: 'A page of the cases the caller may see, newest first.' })
  @Requires('case:read')
  async cases(
    @Ctx() ctx: HubContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('centerCode', () => String, { nullable: true }) centerCode?: string | null,
    @Arg('status', () => CaseStatus, { nullable: true }) status?: CaseStatus | null,
  ): Promise<CaseConnection> {
    checkPageSize(first);
    const filters: FilterQuery<Case>[] = [caseScopeFilter(ctx.principal)];
    if (centerCode) filters.push({ center: { code: centerCode } });
    if (status) filters.push({ status });
    const where: FilterQuery<Case> = { $and: filters };
    const page: FilterQuery<Case>[] = [where];
    if (after !== undefined && after !== null) {
      const c = decodeCursor(after);
      page.push({ $or: [{ openedAt: { $lt: c.at } }, { openedAt: c.at, id: { $lt: c.id } }] });
    }
    const [rows, totalCount] = await Promise.all([
      ctx.em.find(Case, { $and: page }, { orderBy: [{ openedAt: 'desc' }, { id: 'desc' }], limit: first + 1 }),
      ctx.em.count(Case, where),
    ]);
    const nodes = rows.slice(0, first);
    const last = nodes.at(-1);
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
}
