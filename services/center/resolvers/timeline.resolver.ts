import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { callerOf, type HubContext } from '../../shared/context.js';
import { Requires } from '../../shared/guards.js';
import { decide } from '../../shared/sharing/decide.js';
import { TIMELINE_AGENCY } from '../../shared/timeline/kinds.js';
import { checkTimelineArgs, encodeTimelineCursor, eventId, timelinePage } from '../../shared/timeline/merge.js';
import { agencyEventsType, EVENTS_SELECTION, eventsField, type ReceivedEvent } from '../../shared/timeline/wire.js';
import { Case } from '../entities/case.entity.js';
import { sharingFacts } from '../loaders/sharing.loaders.js';
import { centerEvents } from '../policies/timeline-events.js';
import { receivedFor, TIMELINE_AGENCIES } from '../reads/timeline-received.js';
import { TimelineEvent, TimelineGap, TimelineGapReason, TimelinePage } from '../types/timeline.type.js';

const REQUIRES_EVENTS = `@requires(fields: "${TIMELINE_AGENCIES.map((a) => `${eventsField(a)} { ${EVENTS_SELECTION} }`).join(' ')}")`;

// Made when this module loads, as type-graphql needs every type declared before it builds the schema: the center's
// process loads no agency's code, so nothing else would have made them.
const HealthEvents = agencyEventsType('health');
const PoliceEvents = agencyEventsType('police');
const GenderMinistryEvents = agencyEventsType('gender-ministry');

@Resolver(() => Case)
export class CaseTimelineResolver {
  // Each agency decides on its own events under its own rules and sends only what this caller may see; the center
  // merges. What arrives is never a reason to show anything of the center's: the center's own events pass the
  // center's rule and scopes below, whatever the representation says.
  @FieldResolver(() => TimelinePage, {
    nullable: true,
    description:
      "Every agency's events of this case that the caller may see, oldest first, a page at a time (`first` 1 to 200). " +
      '`gaps` names an agency whose events this answer lacks (its subgraph did not answer, or it holds too many).',
  })
  @Requires('timeline:read')
  @Directive(REQUIRES_EVENTS)
  async timeline(
    @Root() c: Case,
    @Ctx() ctx: HubContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<TimelinePage> {
    const from = checkTimelineArgs(first, after);
    // The case was read under the center's rule on its way here; the basis is decided again for the log.
    const facts = await sharingFacts(ctx).load(c.id);
    const d = facts ? decide(callerOf(ctx), facts) : null;
    if (!d?.allowed) return { events: [], pageInfo: { hasNextPage: false, endCursor: null }, gaps: [] };
    const own: ReceivedEvent[] = (await centerEvents(ctx, c)).map((e) => ({
      ...e,
      agency: 'center',
      key: e.recordId ?? '',
    }));
    const received = receivedFor(ctx, c.id);
    const gaps: TimelineGap[] = [];
    const theirs = TIMELINE_AGENCIES.flatMap((a) => {
      const r = received[a];
      if (!r || r.truncated)
        gaps.push({
          agency: TIMELINE_AGENCY[a],
          reason: r ? TimelineGapReason.TOO_MANY_EVENTS : TimelineGapReason.UNAVAILABLE,
        });
      return r?.events ?? [];
    });
    const page = timelinePage([...own, ...theirs], first, from);
    const shownOwn = [...new Set(page.events.filter((e) => e.agency === 'center').map((e) => `timeline.${e.kind}`))];
    if (shownOwn.length > 0) ctx.access.read(c.id, d.basis, shownOwn, d.statedReason);
    const last = page.events.at(-1);
    return {
      events: page.events.map((e) =>
        Object.assign(new TimelineEvent(), {
          id: eventId(e),
          at: e.at,
          agency: TIMELINE_AGENCY[e.agency],
          kind: e.kind,
          summary: e.summary,
          recordId: e.recordId,
        }),
      ),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? encodeTimelineCursor(last) : null },
      gaps,
    };
  }

  // The agencies' fields, as the center knows them: only so that `timeline` may require them. The gateway brings
  // their values in the representation; the center never resolves them itself.
  @FieldResolver(() => HealthEvents, { name: eventsField('health'), nullable: true })
  @Directive('@external')
  healthEvents(): null {
    return null;
  }

  @FieldResolver(() => PoliceEvents, { name: eventsField('police'), nullable: true })
  @Directive('@external')
  policeEvents(): null {
    return null;
  }

  @FieldResolver(() => GenderMinistryEvents, { name: eventsField('gender-ministry'), nullable: true })
  @Directive('@external')
  genderMinistryEvents(): null {
    return null;
  }
}
