import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Directive, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { decideSlice } from '../../shared/agency-case.js';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { SHARING_SELECTION } from '../../shared/sharing.type.js';
import { Investigation } from '../entities/investigation.entity.js';
import { Suspect } from '../entities/suspect.entity.js';
import { CaseRef } from '../types/case.type.js';
import { investigationByCase, suspectsByInvestigation } from './loaders.js';

@Resolver(() => CaseRef)
export class CaseInvestigationResolver {
  @FieldResolver(() => Investigation, { nullable: true, description: "Police's slice: the complaint and investigation." })
  @Requires('police:read')
  @Directive(`@requires(fields: "${SHARING_SELECTION}")`)
  async investigation(@Root() c: CaseRef, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Investigation | null> {
    decideSlice(ctx, c, info);
    const found = await investigationByCase(ctx).load(c.id);
    return found && found.centerCode === c.sharing!.centerCode ? found : null;
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
