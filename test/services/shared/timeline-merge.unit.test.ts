import { describe, expect, it } from 'vitest';
import { checkTimelineArgs, encodeTimelineCursor, timelinePage } from '../../../services/shared/timeline/merge.js';
import type { ReceivedEvent } from '../../../services/shared/timeline/wire.js';

// The timeline's one order, and its cursor: time, then agency, then kind, then key. Written out event by event.

const AT = new Date('2026-03-02T08:00:00.000Z');
const ev = (agency: ReceivedEvent['agency'], kind: ReceivedEvent['kind'], key: string, at = AT): ReceivedEvent => ({
  at,
  agency,
  kind,
  summary: kind,
  recordId: null,
  key,
});

const SAME_INSTANT = [
  ev('gender-ministry', 'FOLLOW_UP_PLAN_OPENED', 'a'),
  ev('police', 'COMPLAINT_RECORDED', 'a'),
  ev('health', 'TREATMENT_GIVEN', 'b'),
  ev('health', 'TREATMENT_GIVEN', 'a'),
  ev('health', 'ENCOUNTER', 'z'),
  ev('center', 'SAFE_ROOM_ADMITTED', 'a'),
];

describe('the order', () => {
  it('at one instant: center, health, police, gender ministry; within an agency by kind, then by key', () => {
    expect(timelinePage(SAME_INSTANT, 10, null).events.map((e) => `${e.agency}/${e.kind}/${e.key}`)).toEqual([
      'center/SAFE_ROOM_ADMITTED/a',
      'health/ENCOUNTER/z',
      'health/TREATMENT_GIVEN/a',
      'health/TREATMENT_GIVEN/b',
      'police/COMPLAINT_RECORDED/a',
      'gender-ministry/FOLLOW_UP_PLAN_OPENED/a',
    ]);
  });

  it('time first: a millisecond earlier comes first whatever its agency', () => {
    const earlier = ev('gender-ministry', 'FOLLOW_UP_VISIT_DONE', 'z', new Date(AT.getTime() - 1));
    expect(timelinePage([...SAME_INSTANT, earlier], 1, null)).toEqual({ events: [earlier], hasNextPage: true });
  });

  it('a cursor resumes exactly after its event, through a tie', () => {
    const all = timelinePage(SAME_INSTANT, 10, null).events;
    const after = checkTimelineArgs(10, encodeTimelineCursor(all[2]!));
    expect(timelinePage(SAME_INSTANT, 2, after)).toEqual({ events: all.slice(3, 5), hasNextPage: true });
  });
});

describe('arguments', () => {
  it.each([0, 201, 1.5, -3])('first %s is refused', (first) => {
    expect(() => checkTimelineArgs(first, null)).toThrow('first: must be between 1 and 200');
  });

  it.each([
    '',
    'x',
    Buffer.from('[1,2,3,"a",5]').toString('base64url'),
    Buffer.from('["1",2,3,"a"]').toString('base64url'),
  ])('after %j is refused', (after) => {
    expect(() => checkTimelineArgs(5, after)).toThrow('after: is not a cursor from this timeline');
  });
});
