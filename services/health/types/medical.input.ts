import { IsBoolean, IsDate, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { HasLetters, NotBlank } from '../../shared/validators.js';
import { Field, ID, InputType } from 'type-graphql';
import { ClinicalClock } from './clinical-clock.js';
import { TreatmentKind } from './treatment-kind.js';

@InputType()
export class RecordEncounterInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => Date) @IsDate() seenAt!: Date;
  @Field(() => String) @IsString() @NotBlank() @MaxLength(20_000) findings!: string;
  @Field(() => Boolean) @IsBoolean() injuriesObserved!: boolean;
}

@InputType()
export class RecordTreatmentInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() encounterId?: string | null;
  @Field(() => TreatmentKind) @IsEnum(TreatmentKind) kind!: TreatmentKind;
  @Field(() => Date) @IsDate() givenAt!: Date;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(5_000) notes?: string | null;
}

@InputType()
export class RecordClockNotApplicableInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => ClinicalClock) @IsEnum(ClinicalClock) clock!: ClinicalClock;
  @Field(() => String, { description: 'Why the clock does not apply to this survivor: at least 10 letters.' })
  @IsString()
  @HasLetters(10)
  @MaxLength(2_000)
  reason!: string;
}
