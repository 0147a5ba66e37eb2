import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context.js';
import { Center } from '../entities/center.entity.js';
import { Hotline, HOTLINES } from '../types/hotline.js';

// The only public part of the graph: where to go and whom to call.
@Resolver(() => Center)
export class CenterResolver {
  @Query(() => [Center], { description: 'Every Isange One Stop Center. Public.' })
  centers(@Ctx() ctx: HubContext): Promise<Center[]> {
    return ctx.em.find(Center, {}, { orderBy: { province: 'asc', district: 'asc', code: 'asc' } });
  }

  @Query(() => Center, { nullable: true, description: 'One center by code. Public.' })
  center(@Arg('code', () => String) code: string, @Ctx() ctx: HubContext): Promise<Center | null> {
    return ctx.em.findOne(Center, { code });
  }

  @Query(() => [Hotline], { description: 'Toll-free hotlines. Public.' })
  hotlines(): Hotline[] {
    return HOTLINES;
  }
}
