import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Directive, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { decideSlice, showSlice } from '../../shared/agency-case.js';
import type { HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { REQUIRES_SHARING } from '../../shared/sharing/wire.js';
import { Investigation } from '../entities/investigation.entity.js';
import { InvestigationTransition } from '../entities/investigation-transition.entity.js';
import { ProtectionMeasure } from '../entities/protection-measure.entity.js';
import { Statement } from '../entities/statement.entity.js';
import { Suspect } from '../entities/suspect.entity.js';
import { CaseRef } from '../types/case.type.js';
import {
  historyByInvestigation,
  investigationByCase,
  protectionByInvestigation,
  statementsByInvestigation,
  suspectsByInvestigation,
} from '../loaders/investigation.loaders.js';

@Resolver(() => CaseRef)
export class CaseInvestigationResolver {
  @FieldResolver(() => Investigation, {
    nullable: true,
    description: "Police's slice: the complaint and investigation.",
  })
  @Requires('police:read')
  @Directive(REQUIRES_SHARING)
  async investigation(
    @Root() c: CaseRef,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Investigation | null> {
    const access = decideSlice(ctx, c);
    const found = await investigationByCase(ctx).load(c.id);
    const shown = found && found.centerCode === access.where.centerCode ? found : null;
    if (shown) showSlice(ctx, access, info, 'investigation'); // no complaint yet: nothing shown, nothing logged
    return shown;
  }
}

@Resolver(() => Investigation)
export class InvestigationResolver {
  @FieldResolver(() => [Suspect], {
    nullable: true,
    description: 'Suspects: separate persons, never survivor records.',
  })
  @Requires('police:suspects')
  suspects(@Root() i: Investigation, @Ctx() ctx: HubContext): Promise<Suspect[]> {
    return suspectsByInvestigation(ctx).load(i.id);
  }

  @FieldResolver(() => [InvestigationTransition], { description: 'Every move of the investigation, with its reason.' })
  history(@Root() i: Investigation, @Ctx() ctx: HubContext): Promise<InvestigationTransition[]> {
    return historyByInvestigation(ctx).load(i.id);
  }

  @FieldResolver(() => [ProtectionMeasure], { description: 'Measures protecting the survivor, in force or not.' })
  protectionMeasures(@Root() i: Investigation, @Ctx() ctx: HubContext): Promise<ProtectionMeasure[]> {
    return protectionByInvestigation(ctx).load(i.id);
  }

  @FieldResolver(() => [Statement], {
    nullable: true,
    description: "Statements taken, oldest first: the survivor's own account, for investigators only.",
  })
  @Requires('police:statements')
  statements(@Root() i: Investigation, @Ctx() ctx: HubContext): Promise<Statement[]> {
    return statementsByInvestigation(ctx).load(i.id);
  }
}
