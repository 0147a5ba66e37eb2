import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { recordReturned } from '../../shared/access-log/returned.js';
import { recordWrite } from '../../shared/access-log/record-write.js';
import { selectedFields } from '../../shared/access-log/selection.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { badInput, DenialReason, InputProblems, refused } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { inOrgScope } from '../../shared/org-scope.js';
import { LegalBasis } from '../../shared/sharing/decide.js';
import { Center } from '../entities/center.entity.js';
import { HotlineCall } from '../entities/hotline-call.entity.js';
import { centerById } from '../loaders/case.loaders.js';
import { assertCanWriteAt, readableCaseWithBasis } from '../policies/case-access.policy.js';
import { callProblems } from '../policies/hotline.policy.js';
import { RecordHotlineCallInput } from '../types/hotline-call.input.js';

// The hotlines (3512, 3029, 116) ring at the centers' receptions, staffed around the clock. A call is recorded at the
// center that answered it, and shown to that center's staff. A caller's name is personal data that may belong to no
// case: its reads are logged all the same, without a case where the call names none.

const MAX_CALLS = 500;

@Resolver(() => HotlineCall)
export class HotlineCallResolver {
  @Mutation(() => HotlineCall, {
    description:
      'Record a call or text to a hotline answered at your center, and what came of it. Anonymous unless the caller gives a name.',
  })
  @Requires('hotline:write', 'hotline:read')
  async recordHotlineCall(
    @Arg('input', () => RecordHotlineCallInput) input: RecordHotlineCallInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HotlineCall> {
    const now = new Date();
    const receivedAt = input.receivedAt ?? now;
    const problems = new InputProblems();
    callProblems(input, receivedAt, now, problems);
    const [center, referred] = await Promise.all([
      ctx.em.findOne(Center, { code: input.centerCode }),
      input.referredCenterCode ? ctx.em.findOne(Center, { code: input.referredCenterCode }) : null,
    ]);
    if (!center) problems.add('input.centerCode', 'no center has this code');
    if (input.referredCenterCode && !referred) problems.add('input.referredCenterCode', 'no center has this code');
    problems.throwIfAny();
    if (!center) throw badInput('input.centerCode', 'no center has this code');
    assertCanWriteAt(callerOf(ctx), center);
    // The case a call led to: one the caller may see; another center's, and one that does not exist, look alike.
    const opened = input.caseId ? await readableCaseWithBasis(ctx, input.caseId) : null;
    const caseId = opened?.found.id ?? null;
    const basis = opened?.basis ?? LegalBasis.CARE_TEAM;
    const call = await ctx.em.transactional(async (em) => {
      const created = em.create(HotlineCall, {
        center: center.id,
        line: input.line,
        channel: input.channel,
        receivedAt,
        callerName: input.callerName ?? null,
        callerPhone: input.callerPhone ?? null,
        childCaller: input.childCaller,
        outcome: input.outcome,
        referredCenter: referred?.id ?? null,
        case: caseId,
        recordedBy: callerOf(ctx).subject,
      });
      await em.flush();
      await recordWrite(em, ctx, caseId, `recordHotlineCall.${input.line}`, basis);
      return created;
    });
    recordReturned(ctx, info, caseId, basis, { under: 'hotlineCalls' });
    return call;
  }

  @Query(() => [HotlineCall], {
    nullable: true,
    description: `The calls answered at one of your centers since a time, newest first (at most ${MAX_CALLS}).`,
  })
  @Requires('hotline:read')
  async hotlineCalls(
    @Arg('centerCode', () => String) centerCode: string,
    @Arg('since', () => Date) since: Date,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HotlineCall[]> {
    if (Number.isNaN(since.getTime())) throw badInput('since', 'must be a date-time');
    const center = await ctx.em.findOne(Center, { code: centerCode });
    if (!center || !inOrgScope(callerOf(ctx), { centerCode: center.code, district: center.district }))
      throw refused(ctx, null, DenialReason.OUT_OF_SCOPE);
    const calls = await ctx.em.find(
      HotlineCall,
      { center: center.id, receivedAt: { $gte: since } },
      { orderBy: { receivedAt: 'desc', id: 'desc' }, limit: MAX_CALLS },
    );
    const fields = (selectedFields(info, [], callerOf(ctx)) ?? []).map((f) => `hotlineCalls.${f}`);
    if (fields.length > 0) for (const c of calls) ctx.access.read(c.case?.id ?? null, LegalBasis.CARE_TEAM, fields);
    return calls;
  }

  @FieldResolver(() => Center, { description: 'The center that answered it.' })
  async center(@Root() c: HotlineCall, @Ctx() ctx: HubContext): Promise<Center> {
    return (await centerById(ctx).load(c.center.id)) as Center;
  }

  @FieldResolver(() => Center, {
    nullable: true,
    description: 'The center the caller was sent to (REFERRED_TO_CENTER).',
  })
  async referredTo(@Root() c: HotlineCall, @Ctx() ctx: HubContext): Promise<Center | null> {
    return c.referredCenter ? centerById(ctx).load(c.referredCenter.id) : null;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The case opened (CASE_OPENED).' })
  caseId(@Root() c: HotlineCall): string | null {
    return c.case?.id ?? null;
  }
}
