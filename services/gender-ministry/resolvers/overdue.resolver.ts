import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { callerOf, type HubContext } from '../../shared/context.js';
import { badInput } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { SHARING_REFERRAL } from '../../shared/referral-lifecycle.js';
import { textArray } from '../../shared/sql.js';
import { CaseRef } from '../types/case.type.js';

// The social workers' and local officials' worklist: the cases of their district whose follow-up has a visit past its
// date and not done, on a running plan, oldest first. It answers cases by key only: what a client then asks of each
// (its follow-up, its visits, the case itself) comes through the gateway with the center's sharing facts, under the
// same rules as any read, so a survivor who withdrew consent is refused there. Here, only cases still referred to the
// gender ministry in the caller's district are listed.

@Resolver()
export class OverdueFollowUpResolver {
  // Items may be null: a case the center then refuses to the caller (consent withdrawn) is null with its refusal.
  @Query(() => [CaseRef], {
    nullable: 'items',
    description:
      'Cases of your district with a follow-up visit past its date and not done, the oldest first. A case you may no longer see is null, with the refusal in errors.',
  })
  @Requires('followup:read')
  async overdueFollowUps(
    @Arg('first', () => Int, { defaultValue: 50, description: '1 to 500.' }) first: number,
    @Ctx() ctx: HubContext,
  ): Promise<(CaseRef | null)[]> {
    if (!Number.isInteger(first) || first < 1 || first > 500) throw badInput('first', 'must be between 1 and 500');
    const { place } = callerOf(ctx);
    const s = `"${ctx.em.config.get('schema')}"`;
    // Follow-up is kept by district; a case manager (who coordinates every service) sees the cases of their centers,
    // and a national reader (a ministry's own system) every district.
    const where =
      place.kind === 'district'
        ? { sql: 'and p.district = ?', params: [place.district] }
        : place.kind === 'centers'
          ? { sql: 'and k.center_code = any(?::text[])', params: [textArray(place.centers)] }
          : { sql: '', params: [] };
    const rows: { case_id: string }[] = await ctx.em.getConnection().execute(
      `select p.case_id from ${s}.follow_up_plan p join ${s}.visit v on v.plan_id = p.id
         join ${s}.known_referral k on k.case_id = p.case_id and k.status = any(?::text[])
        where p.closed_at is null and v.done_at is null and v.scheduled_for < ? ${where.sql}
        group by p.case_id order by min(v.scheduled_for), p.case_id limit ?`,
      [textArray(SHARING_REFERRAL), new Date(), ...where.params, first],
    );
    return rows.map((r) => Object.assign(new CaseRef(), { id: r.case_id, sharing: null }));
  }
}
