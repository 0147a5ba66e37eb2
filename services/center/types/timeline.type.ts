import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../../shared/pagination.js';
import { TimelineAgency, TimelineEventKind } from '../../shared/timeline/kinds.js';

@ObjectType({ description: "One event of a case's timeline: when, whose, what, and the record to read for more." })
export class TimelineEvent {
  @Field(() => ID, { description: 'Stable within the case: agency, kind and record.' }) id!: string;
  @Field(() => Date) at!: Date;
  @Field(() => TimelineAgency) agency!: TimelineAgency;
  @Field(() => TimelineEventKind) kind!: TimelineEventKind;
  @Field(() => String, { description: "A few words, never more than the agency's own fields show this caller." })
  summary!: string;
  @Field(() => ID, { nullable: true, description: "The record's id in its agency's slice; null for a computed event." })
  recordId!: string | null;
}

export enum TimelineGapReason {
  /** The agency's subgraph did not answer: its events are missing from this answer, not absent from the case. */
  UNAVAILABLE = 'UNAVAILABLE',
  /** The agency holds more events of this case than it hands over at once; the latest are missing. */
  TOO_MANY_EVENTS = 'TOO_MANY_EVENTS',
}
registerEnumType(TimelineGapReason, { name: 'TimelineGapReason' });

@ObjectType({ description: 'An agency whose events this answer may lack, and why; the rest of the timeline is whole.' })
export class TimelineGap {
  @Field(() => TimelineAgency) agency!: TimelineAgency;
  @Field(() => TimelineGapReason) reason!: TimelineGapReason;
}

@ObjectType({ description: 'A page of a case timeline, oldest first.' })
export class TimelinePage {
  @Field(() => [TimelineEvent]) events!: TimelineEvent[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => [TimelineGap], { description: 'Empty when every agency answered in full.' }) gaps!: TimelineGap[];
}
