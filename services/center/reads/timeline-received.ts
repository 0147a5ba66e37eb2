import type { SubgraphName } from '../../shared/agencies.js';
import type { HubContext } from '../../shared/context.js';
import { normalizeId } from '../../shared/ids.js';
import { decodeAgencyEvents, eventsField, type ReceivedEvent } from '../../shared/timeline/wire.js';

// What the gateway brought the center, in a Case representation, of each agency's events (the fields `Case.timeline`
// @requires). Kept for this request only, by case, and read strictly: a missing or malformed part is an agency the
// timeline names as unavailable, an event of a kind its sender does not own is dropped. The center only merges what
// arrives here; nothing in it decides anything of the center's own (see resolvers/timeline.resolver.ts).

export const TIMELINE_AGENCIES = ['health', 'police', 'gender-ministry'] as const satisfies SubgraphName[];
type TimelineAgencyName = (typeof TIMELINE_AGENCIES)[number];

export type Received = Record<TimelineAgencyName, { events: ReceivedEvent[]; truncated: boolean } | null>;

const byRequest = new WeakMap<HubContext, Map<string, Received>>();

/** Keep what a representation carries, when it carries any of the timeline's fields. */
export function keepReceived(ctx: HubContext, representation: Record<string, unknown>): void {
  const caseId = normalizeId(representation.id);
  if (!caseId || !TIMELINE_AGENCIES.some((a) => Object.hasOwn(representation, eventsField(a)))) return;
  const received = Object.fromEntries(
    TIMELINE_AGENCIES.map((a) => [a, decodeAgencyEvents(a, representation[eventsField(a)])]),
  ) as Received;
  let map = byRequest.get(ctx);
  if (!map) byRequest.set(ctx, (map = new Map()));
  map.set(caseId, received);
}

/** What arrived for this case in this request; every agency missing when nothing did. */
export function receivedFor(ctx: HubContext, caseId: string): Received {
  return (
    byRequest.get(ctx)?.get(caseId.toLowerCase()) ??
    (Object.fromEntries(TIMELINE_AGENCIES.map((a) => [a, null])) as Received)
  );
}
