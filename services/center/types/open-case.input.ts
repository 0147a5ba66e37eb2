import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsDate,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Sex } from '../../shared/enums.js';
import { IsCalendarDay, NotBlank } from '../../shared/validators.js';
import { Need } from './case-enums.js';
import { IncidentClassificationInput, IncidentType } from './incident-type.js';

@InputType()
export class GuardianInput {
  @Field(() => String) @IsString() @NotBlank() @MaxLength(200) name!: string;
  @Field(() => String) @IsString() @NotBlank() @MaxLength(100) relationship!: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ]{6,20}$/, { message: 'must be a phone number' })
  phone?: string | null;
}

@InputType({ description: 'A survivor seen for the first time. Give a date of birth or an estimated age.' })
export class NewSurvivorInput {
  @Field(() => Sex) @IsEnum(Sex) sex!: Sex;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDay({ message: 'must be a date as YYYY-MM-DD' })
  dateOfBirth?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(120) estimatedAge?: number | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2, e.g. RW, CD, BI.' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as RW' })
  nationality?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @NotBlank() @MaxLength(200) givenName?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @NotBlank() @MaxLength(200) familyName?:
    string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ]{6,20}$/, { message: 'must be a phone number' })
  phone?: string | null;
  @Field(() => GuardianInput, { nullable: true }) @IsOptional() @ValidateNested() guardian?: GuardianInput | null;
}

@InputType({ description: 'Intake: open a case for a new or returning survivor.' })
export class OpenCaseInput {
  @Field(() => String, { description: 'Code of the center where the survivor is received.' })
  @IsString()
  @NotBlank()
  @MaxLength(40)
  centerCode!: string;

  @Field(() => NewSurvivorInput, { nullable: true, description: 'A survivor seen for the first time.' })
  @IsOptional()
  @ValidateNested()
  survivor?: NewSurvivorInput | null;

  @Field(() => ID, { nullable: true, description: 'A returning survivor, instead of `survivor`.' })
  @IsOptional()
  @IsUUID()
  survivorId?: string | null;

  @Field(() => Date) @IsDate() incidentAt!: Date;

  @Field(() => IncidentType, { nullable: true, description: 'Give this or `classification`, not both.' })
  @IsOptional()
  @IsEnum(IncidentType)
  incidentType?: IncidentType | null;

  @Field(() => IncidentClassificationInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  classification?: IncidentClassificationInput | null;

  @Field(() => [Need]) @ArrayUnique() @ArrayMaxSize(6) @IsIn(Object.values(Need), { each: true }) needs!: Need[];

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(20_000) narrative?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Send one with every intake: made once, when the form is first shown (a UUID, for instance), and sent again ' +
      'with every retry of that form. A retry with the same key answers the case the first attempt opened and opens ' +
      "nothing twice; the same key with a different intake is refused (CONFLICT). A key is its sender's own: " +
      'someone else who sends it opens a case of their own. Kept 7 days. 8 to 100 characters of A-Z a-z 0-9 . _ : -',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{8,100}$/, { message: 'must be 8 to 100 characters of A-Z a-z 0-9 . _ : -' })
  idempotencyKey?: string | null;
}

/** The most intakes one import may carry: its checks and its one transaction stay short. */
export const MAX_IMPORT = 100;

@InputType({ description: 'A bulk import of intakes, opened all or nothing.' })
export class ImportCasesInput {
  @Field(() => [OpenCaseInput], { description: `1 to ${MAX_IMPORT} intakes, each with its own idempotency key.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_IMPORT)
  @ValidateNested({ each: true })
  cases!: OpenCaseInput[];
}
