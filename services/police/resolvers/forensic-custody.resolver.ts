import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { Ctx, Directive, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { decideSlice, showSlice } from '../../shared/agency-case.js';
import type { HubContext } from '../../shared/context.js';
import { ErrorCode } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { HANDOVER_SELECTION } from '../../shared/forensic-handover.js';
import { SHARING_SELECTION } from '../../shared/sharing/wire.js';
import { receiptsByCase } from '../loaders/forensic.loaders.js';
import { readChains } from '../policies/custody-chain.js';
import { CaseRef } from '../types/case.type.js';
import { CustodyChain, CustodyProblem } from '../types/custody-chain.type.js';

// Where the two sides of a chain meet: the gateway fetches health's handovers of the case (forensic-handover.ts) and
// the center's sharing facts, and hands both to the police, who decide with the facts whether the caller may see the
// case's chains at all, and read health's handovers against their own receipts. No table is read across subgraphs,
// nothing is copied, and a handover health records is seen by the police on the very next read.
// Health's field first: the gateway's JavaScript planner (GATEWAY_PLANNER=js) fetched only the center's facts when they
// came first, and the police then answered SERVICE_UNAVAILABLE; the Rust planner takes either order.
const REQUIRES_SAMPLES = `@requires(fields: "${HANDOVER_SELECTION} ${SHARING_SELECTION}")`;

@Resolver(() => CaseRef)
export class CaseForensicCustodyResolver {
  @FieldResolver(() => [CustodyChain], {
    nullable: true,
    description:
      "Each forensic sample's chain of custody, health's record read against the police's: where it stands and what " +
      'breaks it (a handover one side recorded and the other did not, a late or out-of-order receipt).',
  })
  @Requires('forensic:read')
  @Directive(REQUIRES_SAMPLES)
  async forensicCustody(
    @Root() c: CaseRef,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CustodyChain[]> {
    const access = decideSlice(ctx, c);
    // Without health's side, a chain read from the police's alone would report every handover as broken.
    if (!c.forensicHandovers) {
      throw new GraphQLError("health's side of the chain of custody could not be read; try again shortly", {
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
      });
    }
    const receipts = (await receiptsByCase(ctx).load(access.caseId)).filter(
      (r) => r.centerCode === access.where.centerCode,
    );
    // Health's samples collected where the case is now, as the police show their own receipts.
    const handovers = c.forensicHandovers.filter((h) => h.centerCode === access.where.centerCode);
    const chains = readChains(handovers, receipts, new Date()).map((r) =>
      Object.assign(new CustodyChain(), {
        ...r,
        problems: r.problems.map((p) => Object.assign(new CustodyProblem(), p)),
      }),
    );
    if (chains.length > 0) showSlice(ctx, access, info, 'forensicCustody');
    return chains;
  }
}
