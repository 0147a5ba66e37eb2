import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { type AgencyCase, type SliceAccess, sliceAccess } from '../agency-case.js';
import type { Scope } from '../catalogue.js';
import { callerOf, type HubContext } from '../context.js';
import { Requires } from '../guards.js';
import { REQUIRES_SHARING } from '../sharing/wire.js';
import type { SubgraphName } from '../agencies.js';
import { KIND_RANK, type KindOf } from './kinds.js';
import { type AgencyEvents, agencyEventsType, eventsField, MAX_EVENTS_PER_AGENCY } from './wire.js';

type AgencyName = Exclude<SubgraphName, 'center'>;

/** One event as a source tells of it; `key` defaults to the record's id. */
export interface SourcedEvent<A extends AgencyName> {
  at: Date;
  kind: KindOf<A>;
  summary: string;
  recordId: string | null;
  key?: string;
}

/**
 * One kind of record of an agency, told as events. `scope` is the scope of the field that shows these records to
 * clients: a caller without it sees none of these events, so the timeline never shows more than the slice would.
 * `events` reads only records the slice itself would show (the case's place, as `slice.where` says).
 */
export interface EventSource<A extends AgencyName> {
  readonly scope: Scope;
  readonly events: (ctx: HubContext, slice: SliceAccess) => Promise<SourcedEvent<A>[]>;
}

/**
 * The field an agency hands its events of a case to the center under (`healthEvents`, ...): @inaccessible, so no
 * client asks for it; @requires the center's sharing facts, so the agency decides under its own rule, as for its
 * slice. A caller the rule refuses gets no events, the same answer as a case with none: the center's timeline must
 * not tell whether an agency holds records it may not show. Guarded by `timeline:read` alone, the scope of the field
 * that requires it (composition demands that a requiring field restate the rules of what it requires, and anything
 * more here would close the whole timeline to a caller who lacks one agency's scope); each source's own scope is
 * checked inside.
 */
export function agencyTimeline<A extends AgencyName>(
  agency: A,
  caseType: new () => AgencyCase,
  sources: readonly EventSource<A>[],
) {
  const Events = agencyEventsType(agency);
  const none = (): AgencyEvents => Object.assign(new Events(), { events: [], truncated: false });

  @Resolver(() => caseType)
  class AgencyTimelineResolver {
    @FieldResolver(() => Events, {
      name: eventsField(agency),
      nullable: true,
      description: `The ${agency} events of this case this caller may see, for the center's timeline.`,
    })
    @Requires('timeline:read')
    @Directive('@inaccessible')
    @Directive(REQUIRES_SHARING)
    async events(@Root() c: AgencyCase, @Ctx() ctx: HubContext): Promise<AgencyEvents> {
      const access = sliceAccess(ctx, c);
      if ('denied' in access) return none();
      const held = callerOf(ctx).scopes;
      const found = (
        await Promise.all(sources.filter((s) => held.has(s.scope)).map((s) => s.events(ctx, access)))
      ).flat();
      if (found.length === 0) return none();
      const sorted = found
        .map((e) => ({ ...e, key: e.key ?? e.recordId ?? '' }))
        .sort(
          (a, b) =>
            a.at.getTime() - b.at.getTime() ||
            (KIND_RANK.get(a.kind) ?? 0) - (KIND_RANK.get(b.kind) ?? 0) ||
            (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
        );
      const shown = sorted.slice(0, MAX_EVENTS_PER_AGENCY);
      ctx.access.read(
        access.caseId,
        access.basis,
        [...new Set(shown.map((e) => `timeline.${e.kind}`))],
        access.statedReason,
      );
      return Object.assign(new Events(), {
        events: shown,
        truncated: sorted.length > shown.length,
      });
    }
  }
  return AgencyTimelineResolver;
}
