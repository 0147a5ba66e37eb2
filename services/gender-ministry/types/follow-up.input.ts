import { ArrayMaxSize, IsDate, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { NotBlank, StatedReason } from '../../shared/validators.js';
import { Field, ID, InputType } from 'type-graphql';
import { SupportKind, SupportStatus, VisitorRole, VulnerabilityFactor } from './follow-up-enums.js';

@InputType()
export class CreateFollowUpPlanInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => [VulnerabilityFactor], {
    description:
      'What the vulnerability assessment found. It decides the risk level, and whether follow-up is called for at all.',
  })
  @IsEnum(VulnerabilityFactor, { each: true })
  @ArrayMaxSize(20)
  factors!: VulnerabilityFactor[];
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

@InputType({ description: 'End follow-up, saying why.' })
export class CloseFollowUpPlanInput {
  @Field(() => ID) @IsUUID() planId!: string;
  @StatedReason(5, 'Why (at least 5 letters, at most 2000 characters).')
  reason!: string;
}

@InputType({ description: 'Where one kind of reintegration support stands.' })
export class SetReintegrationSupportInput {
  @Field(() => ID) @IsUUID() planId!: string;
  @Field(() => SupportKind) @IsEnum(SupportKind) kind!: SupportKind;
  @Field(() => SupportStatus) @IsEnum(SupportStatus) status!: SupportStatus;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) note?: string | null;
}
