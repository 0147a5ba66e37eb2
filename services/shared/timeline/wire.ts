import { Directive, Field, ObjectType } from 'type-graphql';
import { AGENCIES, type SubgraphName } from '../agencies.js';
import { normalizeId } from '../ids.js';
import { isKindOf, type TimelineEventKind } from './kinds.js';

// An agency's events of one case, as it hands them to the center through the gateway (`@requires`): never shown to
// clients (@inaccessible), merged by the center into `Case.timeline`. The kind travels as a string so that a new kind
// in one agency does not change the wire type the four subgraphs share; the center checks it against kinds.ts.

/** Most events one agency hands over for one case; more is a gap the timeline names, never an unbounded answer. */
export const MAX_EVENTS_PER_AGENCY = 1000;

/** One event of an agency's slice of a case, as the wire carries it. */
export interface AgencyEvent {
  at: Date;
  kind: string;
  summary: string;
  recordId: string | null;
  key: string;
}

/** An agency's events of one case, as far as this caller may see them. */
export interface AgencyEvents {
  events: AgencyEvent[];
  truncated: boolean;
}

// One pair of GraphQL types per agency (HealthEvents and HealthEvent, ...), not one pair shared by the three: the Hive
// runtime isolates each @requires'd field into a subschema of its own, and then finds one "canonical" definition of a
// shared type per agency and refuses the supergraph ("Multiple canonical definitions for AgencyEvents").
const types = new Map<string, new () => AgencyEvents>();

/** The GraphQL type of an agency's events field, made once per agency; the center and that agency declare it. */
export function agencyEventsType(agency: Exclude<SubgraphName, 'center'>): new () => AgencyEvents {
  const name = AGENCIES[agency].subgraph.field.replace(/^./, (c) => c.toUpperCase());
  const known = types.get(name);
  if (known) return known;
  const Event = { [`${name}Event`]: class {} }[`${name}Event`] ?? class {};
  Field(() => Date)(Event.prototype, 'at');
  Field(() => String)(Event.prototype, 'kind');
  Field(() => String, { description: "Short, and within the agency's own field rules for this caller." })(
    Event.prototype,
    'summary',
  );
  Field(() => String, { nullable: true, description: 'The record the event is about; null for a computed one.' })(
    Event.prototype,
    'recordId',
  );
  Field(() => String, { description: 'Unique among the events of its kind in this case: the last tie-break.' })(
    Event.prototype,
    'key',
  );
  Directive('@inaccessible')(Event);
  Directive('@shareable')(Event);
  ObjectType(`${name}Event`, { description: `One event of the ${AGENCIES[agency].label} slice of a case.` })(Event);
  const Events = { [`${name}Events`]: class {} }[`${name}Events`] ?? class {};
  Field(() => [Event])(Events.prototype, 'events');
  Field(() => Boolean, { description: `More than ${MAX_EVENTS_PER_AGENCY} events: the oldest are sent.` })(
    Events.prototype,
    'truncated',
  );
  Directive('@inaccessible')(Events);
  Directive('@shareable')(Events);
  ObjectType(`${name}Events`, {
    description: `The ${AGENCIES[agency].label} events of one case, as far as this caller may see them.`,
  })(Events);
  types.set(name, Events as new () => AgencyEvents);
  return Events as new () => AgencyEvents;
}

/** The Case field an agency contributes its events under: `healthEvents`, `policeEvents`, `genderMinistryEvents`. */
export function eventsField(agency: Exclude<SubgraphName, 'center'>): string {
  return `${AGENCIES[agency].subgraph.field}Events`;
}

export const EVENTS_SELECTION = 'events { at kind summary recordId key } truncated';

const KEY = /^[A-Za-z0-9._:-]{1,100}$/;

/** An event as the center merges it: checked against its sender. */
export interface ReceivedEvent {
  at: Date;
  agency: SubgraphName;
  kind: TimelineEventKind;
  summary: string;
  recordId: string | null;
  key: string;
}

/**
 * What a representation carries for one agency, read strictly: null when it is missing or malformed (the agency's
 * subgraph failed, or the representation is not the gateway's), otherwise its events, each dropped unless it is a
 * well-formed event of a kind that agency owns.
 */
export function decodeAgencyEvents(
  agency: SubgraphName,
  value: unknown,
): { events: ReceivedEvent[]; truncated: boolean } | null {
  if (typeof value !== 'object' || value === null) return null;
  const events: unknown = Reflect.get(value, 'events');
  const truncated: unknown = Reflect.get(value, 'truncated');
  if (!Array.isArray(events) || typeof truncated !== 'boolean') return null;
  const out: ReceivedEvent[] = [];
  for (const e of events.slice(0, MAX_EVENTS_PER_AGENCY)) {
    if (typeof e !== 'object' || e === null) continue;
    const at: unknown = Reflect.get(e, 'at');
    const kind: unknown = Reflect.get(e, 'kind');
    const summary: unknown = Reflect.get(e, 'summary');
    const rawId: unknown = Reflect.get(e, 'recordId');
    const recordId = rawId === null || rawId === undefined ? null : normalizeId(rawId);
    const key: unknown = Reflect.get(e, 'key');
    const when = typeof at === 'string' ? new Date(at) : null;
    if (!when || Number.isNaN(when.getTime()) || typeof kind !== 'string' || !isKindOf(agency, kind)) continue;
    if (typeof summary !== 'string' || summary.length > 200) continue;
    if ((rawId !== null && rawId !== undefined && !recordId) || typeof key !== 'string' || !KEY.test(key)) continue;
    out.push({ at: when, agency, kind, summary, recordId, key });
  }
  return { events: out, truncated: truncated || events.length > MAX_EVENTS_PER_AGENCY };
}
