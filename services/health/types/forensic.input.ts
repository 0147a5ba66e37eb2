import { IsDate, IsEnum, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { NotBlank, StatedReason } from '../../shared/validators.js';
import { RFI_BARCODE, RFI_BARCODE_PROBLEM } from '../../shared/rfi-barcode.js';
import { SampleKind } from './forensic-enums.js';

const Barcode = () => Matches(RFI_BARCODE, { message: RFI_BARCODE_PROBLEM });

@InputType()
export class CollectForensicSampleInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => String) @IsString() @Barcode() barcode!: string;
  @Field(() => SampleKind) @IsEnum(SampleKind) kind!: SampleKind;
  @Field(() => Date) @IsDate() collectedAt!: Date;
}

@InputType()
export class SealForensicSampleInput {
  @Field(() => String) @IsString() @Barcode() barcode!: string;
  @Field(() => Date) @IsDate() sealedAt!: Date;
}

@InputType()
export class HandForensicSampleToPoliceInput {
  @Field(() => String) @IsString() @Barcode() barcode!: string;
  @Field(() => Date) @IsDate() handedAt!: Date;
  @Field(() => String, { description: 'The police officer or unit receiving it: name, badge number or unit.' })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  handedTo!: string;
}

@InputType()
export class RecordMedicoLegalReportInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => Date) @IsDate() examinedAt!: Date;
  @Field(() => String) @IsString() @NotBlank() @MaxLength(20_000) findings!: string;
  @Field(() => String, { description: 'Name and registration of the doctor who signs the report.' })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  signedBy!: string;
}

@InputType()
export class VoidForensicSampleInput {
  @Field(() => String) @IsString() @Barcode() barcode!: string;
  @StatedReason(5, 'Why (at least 5 letters, at most 2000 characters); kept in the access log.')
  reason!: string;
}
