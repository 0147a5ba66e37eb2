import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { Investigation } from '../entities/investigation.entity.js';
import { Suspect } from '../entities/suspect.entity.js';
import { CaseRef } from '../types/case.type.js';
import { investigationByCase, suspectsByInvestigation } from './loaders.js';

@Resolver(() => CaseRef)
export class CaseInvestigationResolver {
  @FieldResolver(() => Investigation, { nullable: true, description: "Police's slice: the complaint and investigation." })
  @Requires('police:read')
  investigation(@Root() c: CaseRef, @Ctx() ctx: HubContext): Promise<Investigation | null> {
    return investigationByCase(ctx).load(c.id);
  }
}

@Resolver(() => Investigation)
export class InvestigationResolver {
  @FieldResolver(() => [Suspect], { nullable: true, description: 'Suspects: separate persons, never survivor records.' })
  @Requires('police:suspects')
  suspects(@Root() i: Investigation, @Ctx() ctx: HubContext): Promise<Suspect[]> {
    return suspectsByInvestigation(ctx).load(i.id);
  }
}
