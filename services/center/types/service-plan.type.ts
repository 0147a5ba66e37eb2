import { ArrayMaxSize, ArrayMinSize, IsEnum, IsUUID } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Need } from './case-enums.js';
import { ServiceAgency } from './service-agency.js';

export enum PlanStep {
  /** The center gives it itself (psychosocial care, the Safe Room). */
  AT_THE_CENTER = 'AT_THE_CENTER',
  /** Proposed, but the survivor has not consented to share with the agency. */
  NEEDS_CONSENT = 'NEEDS_CONSENT',
  /** Proposed, with consent: the case manager may confirm the referral. */
  TO_CONFIRM = 'TO_CONFIRM',
  /** Referred (requested, accepted or completed). */
  REFERRED = 'REFERRED',
}
registerEnumType(PlanStep, { name: 'PlanStep', description: 'Where one service of the plan stands.' });

@ObjectType({ description: 'One need assessed at intake, who gives it, and where it stands.' })
export class PlannedService {
  @Field(() => Need) need!: Need;
  @Field(() => ServiceAgency, { nullable: true, description: 'Null when the center gives it itself.' })
  agency!: ServiceAgency | null;
  @Field(() => PlanStep) step!: PlanStep;
}

@InputType({ description: "Confirm the referrals the case's service plan proposes." })
export class ConfirmReferralsInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => [ServiceAgency], {
    description: 'Each agency once; each must be proposed by the needs and consented to.',
  })
  @IsEnum(ServiceAgency, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  agencies!: ServiceAgency[];
}
