import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { Survivor } from '../entities/survivor.entity.js';
import { SurvivorIdentity } from '../entities/survivor-identity.entity.js';
import { identityBySurvivor } from '../loaders/case.loaders.js';
import { ageOn } from '../types/age.js';

@Resolver(() => Survivor)
export class SurvivorResolver {
  @FieldResolver(() => Boolean, { description: 'Under 18 today.' })
  child(@Root() s: Survivor): boolean {
    return ageOn(s, new Date()) < 18;
  }

  @FieldResolver(() => Int, {
    description: 'Age in whole years today, from the date of birth or the estimate at intake.',
  })
  age(@Root() s: Survivor): number {
    return ageOn(s, new Date());
  }

  @FieldResolver(() => SurvivorIdentity, { nullable: true, description: 'Names, phone, guardian. Hidden by default.' })
  @Requires('survivor:identity')
  identity(@Root() s: Survivor, @Ctx() ctx: HubContext): Promise<SurvivorIdentity | null> {
    return identityBySurvivor(ctx).load(s.id);
  }
}
