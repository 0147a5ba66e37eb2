import { registerEnumType } from 'type-graphql';
import type { SubgraphName } from '../agencies.js';

// Every kind of event a case's timeline can hold, with the one agency allowed to tell of it. The center merges what
// the agencies send and drops any kind an agency does not own, so a subgraph (or a forged representation) cannot
// speak for another. The order of this table is the tie-break between events of one agency at the same instant.
// A new kind of event is one line here and one source function in the agency's policies/timeline-events.ts.
export const TIMELINE_KINDS = {
  // center
  HOTLINE_CALL: 'center',
  CASE_OPENED: 'center',
  REFERRAL_REQUESTED: 'center',
  REFERRAL_ACCEPTED: 'center',
  REFERRAL_REJECTED: 'center',
  REFERRAL_COMPLETED: 'center',
  REFERRAL_REVOKED: 'center',
  COUNSELLING_SESSION: 'center',
  COUNSELLING_CANCELLED: 'center',
  SAFE_ROOM_ADMITTED: 'center',
  SAFE_ROOM_DISCHARGED: 'center',
  // health
  ENCOUNTER: 'health',
  TREATMENT_GIVEN: 'health',
  CLOCK_MET: 'health',
  CLOCK_MISSED: 'health',
  CLOCK_NOT_APPLICABLE: 'health',
  CLOCK_DUE: 'health',
  MEDICAL_FOLLOW_UP_PROPOSED: 'health',
  FORENSIC_SAMPLE_COLLECTED: 'health',
  FORENSIC_SAMPLE_SEALED: 'health',
  FORENSIC_SAMPLE_HANDED_TO_POLICE: 'health',
  // police
  COMPLAINT_RECORDED: 'police',
  INVESTIGATION_STATUS_CHANGED: 'police',
  STATEMENT_TAKEN: 'police',
  PROTECTION_ORDERED: 'police',
  PROTECTION_LIFTED: 'police',
  FORENSIC_SAMPLE_RECEIVED: 'police',
  FORENSIC_SAMPLE_HANDED_TO_LAB: 'police',
  FORENSIC_SAMPLE_RECEIVED_BY_LAB: 'police',
  // gender ministry
  FOLLOW_UP_PLAN_OPENED: 'gender-ministry',
  FOLLOW_UP_PLAN_CLOSED: 'gender-ministry',
  FOLLOW_UP_VISIT_SCHEDULED: 'gender-ministry',
  FOLLOW_UP_VISIT_DONE: 'gender-ministry',
  REINTEGRATION_SUPPORT: 'gender-ministry',
} as const satisfies Record<string, SubgraphName>;

export type TimelineEventKind = keyof typeof TIMELINE_KINDS;
export const TimelineEventKind = Object.fromEntries(Object.keys(TIMELINE_KINDS).map((k) => [k, k])) as {
  [K in TimelineEventKind]: K;
};
export type KindOf<A extends SubgraphName> = {
  [K in TimelineEventKind]: (typeof TIMELINE_KINDS)[K] extends A ? K : never;
}[TimelineEventKind];

export const KIND_RANK = new Map(Object.keys(TIMELINE_KINDS).map((k, i) => [k, i]));

export function isKindOf(agency: SubgraphName, kind: string): kind is TimelineEventKind {
  return Object.hasOwn(TIMELINE_KINDS, kind) && TIMELINE_KINDS[kind as TimelineEventKind] === agency;
}

/** Which agency an event comes from, as clients read it. */
export const TimelineAgency = {
  CENTER: 'CENTER',
  HEALTH: 'HEALTH',
  POLICE: 'POLICE',
  GENDER_MINISTRY: 'GENDER_MINISTRY',
} as const;
export type TimelineAgency = (typeof TimelineAgency)[keyof typeof TimelineAgency];

export const TIMELINE_AGENCY: Record<SubgraphName, TimelineAgency> = {
  center: 'CENTER',
  health: 'HEALTH',
  police: 'POLICE',
  'gender-ministry': 'GENDER_MINISTRY',
};

registerEnumType(TimelineEventKind, { name: 'TimelineEventKind', description: 'What happened, in one word.' });
registerEnumType(TimelineAgency, { name: 'TimelineAgency', description: 'The agency whose record an event is.' });
