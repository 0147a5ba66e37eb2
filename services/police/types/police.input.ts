import { IsDate, IsEnum, IsInt, IsOptional, IsString, MaxLength, IsUUID, Length, Max, Min } from 'class-validator';
import { NotBlank } from '../../shared/validators.js';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Sex } from '../../shared/enums.js';
import { InvestigationStatus, SuspectRelationship, SuspectStatus } from './police-enums.js';

@InputType()
export class RecordComplaintInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => String) @IsString() @Length(3, 60) complaintNumber!: string;
  @Field(() => Date) @IsDate() receivedAt!: Date;
}

@InputType()
export class UpdateInvestigationStatusInput {
  @Field(() => ID) @IsUUID() investigationId!: string;
  @Field(() => InvestigationStatus) @IsEnum(InvestigationStatus) status!: InvestigationStatus;
}

@InputType()
export class AddSuspectInput {
  @Field(() => ID) @IsUUID() investigationId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @NotBlank() @MaxLength(200) fullName?:
    string | null;
  @Field(() => Sex) @IsEnum(Sex) sex!: Sex;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(120) estimatedAge?: number | null;
  @Field(() => SuspectRelationship) @IsEnum(SuspectRelationship) relationshipToSurvivor!: SuspectRelationship;
  @Field(() => SuspectStatus, { defaultValue: SuspectStatus.AT_LARGE }) @IsEnum(SuspectStatus) status!: SuspectStatus;
}
