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
  @Query(() => [CaseRef], {
    description: 'Cases of your district with a follow-up visit past its date and not done, the oldest first.',
  })
  @Requires('followup:read')
  async overdueFollowUps(
    @Arg('first', () => Int, { defaultValue: 50, description: '1 to 500.' }) first: number,
    @Ctx() ctx: HubContext,
  ): Promise<CaseRef[]> {
    if (!Number.isInteger(first) || first < 1 || first > 500) throw badInput('first', 'must be between 1 and 500');
    const { place } = callerOf(ctx);
    // Follow-up is kept by district; a national reader (a ministry's system) sees every district.
    if (place.kind === 'centers') return [];
    const s = `"${ctx.em.config.get('schema')}"`;
    const byDistrict = place.kind === 'district' ? 'and p.district = ?' : '';
    const rows: { case_id: string }[] = await ctx.em.getConnection().execute(
      `select p.case_id from ${s}.follow_up_plan p join ${s}.visit v on v.plan_id = p.id
        where p.closed_at is null and v.done_at is null and v.scheduled_for < ? ${byDistrict}
          and exists (select 1 from ${s}.known_referral k
                       where k.case_id = p.case_id and k.status = any(?::text[]))
        group by p.case_id order by min(v.scheduled_for), p.case_id limit ?`,
      [new Date(), ...(place.kind === 'district' ? [place.district] : []), textArray(SHARING_REFERRAL), first],
    );
    return rows.map((r) => Object.assign(new CaseRef(), { id: r.case_id, sharing: null }));
  }
}
