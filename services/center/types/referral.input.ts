import { IsEnum, IsInt, IsOptional, IsString, MaxLength, IsUUID, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { HasLetters, NotBlank, StatedReason } from '../../shared/validators.js';
import { ServiceAgency } from './service-agency.js';

@InputType()
export class ReferCaseInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => ServiceAgency) @IsEnum(ServiceAgency) agency!: ServiceAgency;
}

@InputType()
export class AssignCaseManagerInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => String, { description: 'Subject (user id) of the case manager.' })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  caseManager!: string;
}

@InputType({ description: 'Share with an agency despite missing consent: a stated reason, for a limited time.' })
export class OverrideConsentInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => ServiceAgency) @IsEnum(ServiceAgency) agency!: ServiceAgency;
  @StatedReason(
    20,
    'Why, in words the data-protection officer can check (at least 20 letters, at most 2000 characters).',
  )
  reason!: string;
  @Field(() => Int, { defaultValue: 72, description: 'Hours the override lasts, 1 to 72.' })
  @IsInt()
  @Min(1)
  @Max(72)
  hours!: number;
}

@InputType({ description: 'Emergency access to one case: a stated reason, for a short time.' })
export class BreakGlassInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @StatedReason(
    20,
    'Why, in words the data-protection officer can check (at least 20 letters, at most 2000 characters).',
  )
  reason!: string;
  @Field(() => Int, { defaultValue: 60, description: 'Minutes the access lasts, 5 to 240.' })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(240)
  minutes!: number;
}

@InputType({ description: 'A move of a referral: which one, and why (required to reject or revoke).' })
export class ReferralMoveInput {
  @Field(() => ID) @IsUUID() referralId!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Why, in words the case manager can act on (at least 5 letters, at most 2000 characters).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @HasLetters(5)
  reason?: string | null;
}
