import {
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { RFI_BARCODE, RFI_BARCODE_PROBLEM } from '../../shared/rfi-barcode.js';
import { NotBlank, StatedReason } from '../../shared/validators.js';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Sex } from '../../shared/enums.js';
import {
  InvestigationStatus,
  ProtectionKind,
  StatementGiver,
  SuspectRelationship,
  SuspectStatus,
} from './police-enums.js';

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
  @StatedReason(5, 'Why (at least 5 letters, at most 2000 characters); kept with the move.')
  reason!: string;
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

@InputType()
export class RecordStatementInput {
  @Field(() => ID) @IsUUID() investigationId!: string;
  @Field(() => StatementGiver) @IsEnum(StatementGiver) givenBy!: StatementGiver;
  @Field(() => Date) @IsDate() takenAt!: Date;
  @Field(() => String, { description: 'The statement as taken (at most 20000 characters, as every long text).' })
  @IsString()
  @NotBlank()
  @MaxLength(20_000)
  text!: string;
}

@InputType()
export class OrderProtectionInput {
  @Field(() => ID) @IsUUID() investigationId!: string;
  @Field(() => ProtectionKind) @IsEnum(ProtectionKind) kind!: ProtectionKind;
  @Field(() => String) @IsString() @NotBlank() @MaxLength(2000) details!: string;
  @Field(() => Date) @IsDate() issuedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it ends by itself; leave out for until lifted.' })
  @IsOptional()
  @IsDate()
  until?: Date | null;
}

@InputType()
export class LiftProtectionInput {
  @Field(() => ID) @IsUUID() measureId!: string;
  @StatedReason(5, 'Why (at least 5 letters, at most 2000 characters).')
  reason!: string;
}

const Barcode = () => Matches(RFI_BARCODE, { message: RFI_BARCODE_PROBLEM });

@InputType()
export class ReceiveForensicSampleInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => String, { description: 'The RFI barcode on the sample received.' })
  @IsString()
  @Barcode()
  barcode!: string;
  @Field(() => Date) @IsDate() receivedAt!: Date;
}

@InputType()
export class HandForensicSampleToLabInput {
  @Field(() => ID, { description: 'The case the police received the sample on.' }) @IsUUID() caseId!: string;
  @Field(() => String) @IsString() @Barcode() barcode!: string;
  @Field(() => Date) @IsDate() handedAt!: Date;
}

@InputType()
export class RecordLabReceiptInput {
  @Field(() => ID, { description: 'The case the police received the sample on.' }) @IsUUID() caseId!: string;
  @Field(() => String) @IsString() @Barcode() barcode!: string;
  @Field(() => Date, { description: 'When the RFI received it, as its acknowledgement says.' })
  @IsDate()
  receivedAt!: Date;
  @Field(() => String, { description: "The RFI acknowledgement's reference." })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  acknowledgement!: string;
}

@InputType()
export class VoidForensicReceiptInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => String) @IsString() @Barcode() barcode!: string;
  @StatedReason(5, 'Why (at least 5 letters, at most 2000 characters); kept in the access log.')
  reason!: string;
}
