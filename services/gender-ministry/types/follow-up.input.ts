import { IsDate, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { NotBlank } from '../../shared/validators.js';
import { Field, ID, InputType } from 'type-graphql';
import { RiskLevel, VisitorRole } from './follow-up-enums.js';

@InputType()
export class CreateFollowUpPlanInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => RiskLevel) @IsEnum(RiskLevel) riskLevel!: RiskLevel;
  @Field(() => String) @IsString() @NotBlank() @MaxLength(20_000) plan!: string;
}

@InputType()
export class ScheduleVisitInput {
  @Field(() => ID) @IsUUID() planId!: string;
  @Field(() => Date) @IsDate() scheduledFor!: Date;
  @Field(() => VisitorRole) @IsEnum(VisitorRole) visitorRole!: VisitorRole;
}

@InputType()
export class RecordVisitInput {
  @Field(() => ID) @IsUUID() visitId!: string;
  @Field(() => Date) @IsDate() doneAt!: Date;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(20_000) notes?: string | null;
}
