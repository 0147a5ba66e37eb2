import { SubgraphNames, type SubgraphName } from '../agencies.js';
import { badInput } from '../errors.js';
import { KIND_RANK } from './kinds.js';
import type { ReceivedEvent } from './wire.js';

// The order of a case's timeline, and its pages. Events are ordered by time, then by agency (the agency table's
// order: center, health, police, gender ministry), then by kind (kinds.ts), then by key: a total order, so that two
// events at the same instant come in the same order on every read and a cursor names one place in it.

export const TIMELINE_MAX_PAGE = 200;

type Position = readonly [at: number, agency: number, kind: number, key: string];

const positionOf = (e: ReceivedEvent): Position => [
  e.at.getTime(),
  SubgraphNames.indexOf(e.agency),
  KIND_RANK.get(e.kind) ?? 0,
  e.key,
];

function compare(a: Position, b: Position): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0);
}

export function encodeTimelineCursor(e: ReceivedEvent): string {
  return Buffer.from(JSON.stringify(positionOf(e))).toString('base64url');
}

function decodeTimelineCursor(cursor: string): Position {
  let p: unknown;
  try {
    p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    p = null;
  }
  if (
    !Array.isArray(p) ||
    p.length !== 4 ||
    !Number.isSafeInteger(p[0]) ||
    !Number.isSafeInteger(p[1]) ||
    !Number.isSafeInteger(p[2]) ||
    typeof p[3] !== 'string'
  )
    throw badInput('after', 'is not a cursor from this timeline');
  return [p[0] as number, p[1] as number, p[2] as number, p[3]];
}

/** Refuses a page size or cursor that is not one, before anything is read. */
export function checkTimelineArgs(first: number, after: string | null | undefined): Position | null {
  if (!Number.isInteger(first) || first < 1 || first > TIMELINE_MAX_PAGE)
    throw badInput('first', `must be between 1 and ${TIMELINE_MAX_PAGE}`);
  return after === null || after === undefined ? null : decodeTimelineCursor(after);
}

/** One page of the merged events: those after `after`, at most `first`, and whether more follow. */
export function timelinePage(
  events: readonly ReceivedEvent[],
  first: number,
  after: Position | null,
): { events: ReceivedEvent[]; hasNextPage: boolean } {
  const sorted = events
    .map((e) => ({ e, p: positionOf(e) }))
    .filter(({ p }) => after === null || compare(p, after) > 0)
    .sort((a, b) => compare(a.p, b.p))
    .map(({ e }) => e);
  return { events: sorted.slice(0, first), hasNextPage: sorted.length > first };
}

export const eventId = (e: { agency: SubgraphName; kind: string; key: string }): string =>
  `${e.agency}:${e.kind}:${e.key}`;
