import type { EventSource } from '../../shared/timeline/agency-events.js';
import type { SliceAccess } from '../../shared/agency-case.js';
import type { HubContext } from '../../shared/context.js';
import type { FollowUpPlan } from '../entities/follow-up-plan.entity.js';
import { planByCase, supportByPlan, visitsByPlan } from '../loaders/follow-up.loaders.js';

// The gender ministry's events of a case, for the center's timeline: what `Case.followUp` shows this caller, said
// without the plan's text, the factors, visit notes or the reasons stated. A new kind of event is one more source
// here and its kind in shared/timeline/kinds.ts.

/** The plan the slice shows: made in the case's district. */
async function shownPlan(ctx: HubContext, slice: SliceAccess): Promise<FollowUpPlan | null> {
  const found = await planByCase(ctx).load(slice.caseId);
  return found && found.district === slice.where.district ? found : null;
}

const plan: EventSource<'gender-ministry'> = {
  scope: 'followup:read',
  events: async (ctx, slice) => {
    const p = await shownPlan(ctx, slice);
    if (!p) return [];
    const opened = {
      at: p.createdAt,
      kind: 'FOLLOW_UP_PLAN_OPENED' as const,
      summary: `Follow-up plan opened, risk ${p.riskLevel}`,
      recordId: p.id,
    };
    const closed = p.closedAt
      ? [{ at: p.closedAt, kind: 'FOLLOW_UP_PLAN_CLOSED' as const, summary: 'Follow-up plan closed', recordId: p.id }]
      : [];
    return [opened, ...closed];
  },
};

// A visit is one event: where it stands now, done (when it was done) or scheduled (for when).
const visits: EventSource<'gender-ministry'> = {
  scope: 'followup:read',
  events: async (ctx, slice) => {
    const p = await shownPlan(ctx, slice);
    return (p ? await visitsByPlan(ctx).load(p.id) : []).map((v) =>
      v.doneAt
        ? {
            at: v.doneAt,
            kind: 'FOLLOW_UP_VISIT_DONE' as const,
            summary: `Visit done (${v.visitorRole})`,
            recordId: v.id,
          }
        : {
            at: v.scheduledFor,
            kind: 'FOLLOW_UP_VISIT_SCHEDULED' as const,
            summary: `Visit scheduled (${v.visitorRole})`,
            recordId: v.id,
          },
    );
  },
};

// Support is kept as where it stands, not as a history: its event is its latest change.
const support: EventSource<'gender-ministry'> = {
  scope: 'followup:read',
  events: async (ctx, slice) => {
    const p = await shownPlan(ctx, slice);
    return (p ? await supportByPlan(ctx).load(p.id) : []).map((s) => ({
      at: s.updatedAt,
      kind: 'REINTEGRATION_SUPPORT' as const,
      summary: `${s.kind}: ${s.status}`,
      recordId: s.id,
    }));
  },
};

/** Every source of the gender ministry's timeline events. */
export const genderMinistryTimeline = [plan, visits, support];
