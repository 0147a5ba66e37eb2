import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ClockNotApplicable } from '../entities/clock-not-applicable.entity.js';
import { ClinicalClock, ClockStatus, FollowUpInterval } from './clinical-clock.js';
import { CaseRef } from './case.type.js';

@ObjectType({
  description: 'A clinical clock of a case: its deadline, counted from the incident, and where it stands.',
})
export class ClockState {
  @Field(() => ClinicalClock) clock!: ClinicalClock;

  @Field(() => Date, {
    description: "The incident time plus the clock's window; given at this very instant is in time.",
  })
  deadline!: Date;

  @Field(() => ClockStatus) status!: ClockStatus;

  @Field(() => Date, {
    nullable: true,
    description: 'When the matching treatment was first given: in time (MET) or late (MISSED); null if it was not.',
  })
  givenAt!: Date | null;

  @Field(() => ClockNotApplicable, {
    nullable: true,
    description: 'Why the clock does not apply, as a clinician recorded it (NOT_APPLICABLE); null otherwise.',
  })
  notApplicable!: ClockNotApplicable | null;
}

@ObjectType({ description: 'A medical follow-up visit proposed after the incident (computed, not booked).' })
export class ProposedVisit {
  @Field(() => FollowUpInterval) after!: FollowUpInterval;

  @Field(() => String, { description: 'The proposed day in Kigali, YYYY-MM-DD.' })
  proposedFor!: string;
}

@ObjectType({ description: 'A clinical clock still due whose window closes soon.' })
export class ClinicalAlert {
  @Field(() => ID) caseId!: string;

  @Field(() => CaseRef, {
    nullable: true,
    description: 'The case, from the center, under its read rules (consent included); null where they refuse it.',
  })
  case!: CaseRef;

  @Field(() => ClinicalClock) clock!: ClinicalClock;

  @Field(() => Date) deadline!: Date;

  @Field(() => Int, { description: 'Whole minutes left until the deadline, rounded down.' })
  minutesLeft!: number;

  @Field(() => Float, { description: 'The same in hours (minutesLeft / 60), to two decimals, rounded down.' })
  hoursLeft!: number;
}
