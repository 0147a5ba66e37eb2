import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { subgraphOfSharing } from '../../shared/agencies.js';
import { type HubContext, outboxOf } from '../../shared/context.js';
import { MessageError, parseMessage } from '../../shared/delivery/message.js';
import { type DeadMessage, takeBack, undeliverable, undeliverableById } from '../../shared/delivery/undeliverable.js';
import { badInput } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { normalizeId } from '../../shared/ids.js';
import { Referral } from '../entities/referral.entity.js';
import { UndeliverableMessage } from '../types/undeliverable.type.js';

// What the center could not deliver, for the hub's administrators: a referral an agency never heard of can cost a
// survivor the PEP window, so a message that failed every retry is shown here, never dropped, and can be sent again
// once the agency's fault is mended. Administrators see which referral and which case (ids only), never a survivor.

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The messages as administrators see them, each with the agency its referral is for (one query for them all). */
async function views(ctx: HubContext, messages: DeadMessage[]): Promise<UndeliverableMessage[]> {
  const ids = messages.map((m) => normalizeId(m.data.referralId)).filter((id): id is string => id !== null);
  const referrals = ids.length > 0 ? await ctx.em.find(Referral, { id: { $in: ids } }) : [];
  const agencyOf = new Map(referrals.map((r) => [r.id, r.agency]));
  return messages.map((m) => {
    const referralId = normalizeId(m.data.referralId);
    const agency = referralId ? agencyOf.get(referralId) : undefined;
    return Object.assign(new UndeliverableMessage(), {
      id: m.id,
      receiver: agency ? subgraphOfSharing(agency) : null,
      type: text(m.data.type) ?? 'unknown',
      referralId,
      caseId: normalizeId(m.data.caseId),
      status: text(m.data.status),
      version: typeof m.data.version === 'number' ? m.data.version : null,
      since: m.since,
      lastError: m.lastError,
      attempts: m.attempts,
    });
  });
}

@Resolver()
export class UndeliverableResolver {
  @Query(() => [UndeliverableMessage], { description: 'Messages the center gave up delivering, oldest first.' })
  @Requires('hub:admin')
  async undeliverableMessages(
    @Arg('first', () => Int, { defaultValue: 50, description: '1 to 500.' }) first: number,
    @Ctx() ctx: HubContext,
  ): Promise<UndeliverableMessage[]> {
    if (!Number.isInteger(first) || first < 1 || first > 500) throw badInput('first', 'must be between 1 and 500');
    return views(ctx, await undeliverable(ctx.em, first));
  }

  @Mutation(() => UndeliverableMessage, {
    description: 'Send an undeliverable message again, with a fresh set of retries (once the receiver is mended).',
  })
  @Requires('hub:admin')
  async redeliverMessage(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<UndeliverableMessage> {
    const messageId = normalizeId(id);
    if (!messageId) throw badInput('id', 'must be a UUID');
    const shown = await undeliverableById(ctx.em, messageId);
    if (!shown) throw badInput('id', 'no undeliverable message has this id');
    const [answer] = await views(ctx, [shown]);
    if (!answer) throw new Error('a message shown has no view');
    await ctx.em.transactional(async (em) => {
      const data = await takeBack(em, messageId);
      if (!data) throw badInput('id', 'no undeliverable message has this id');
      let message;
      try {
        message = parseMessage(data);
      } catch (err) {
        if (err instanceof MessageError) throw badInput('id', 'the hub no longer sends messages of this kind');
        throw err;
      }
      if (!answer.receiver) throw badInput('id', 'the referral this message names no longer exists');
      await outboxOf(ctx).enqueue(em, message, [answer.receiver]);
    });
    outboxOf(ctx).kick();
    return answer;
  }
}
