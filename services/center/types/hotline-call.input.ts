import { IsBoolean, IsDate, IsEnum, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { NotBlank } from '../../shared/validators.js';
import { HOTLINE_NUMBERS, HotlineChannel, HotlineOutcome } from './hotline-call.enums.js';

@InputType({ description: 'A call or text to a hotline, answered at your center. Anonymous unless the caller says.' })
export class RecordHotlineCallInput {
  @Field(() => String, { description: 'The center that answered it: one of yours.' })
  @IsString()
  @MaxLength(40)
  centerCode!: string;
  @Field(() => String, { description: '3512, 3029 or 116.' })
  @IsIn(HOTLINE_NUMBERS, { message: `must be one of the hotlines: ${HOTLINE_NUMBERS.join(', ')}` })
  line!: string;
  @Field(() => HotlineChannel, { defaultValue: HotlineChannel.CALL, description: 'SMS only on 3512.' })
  @IsEnum(HotlineChannel)
  channel!: HotlineChannel;
  @Field(() => Date, { nullable: true, description: 'Defaults to now; recorded within a day.' })
  @IsOptional()
  @IsDate()
  receivedAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'Only if the caller gives it.' })
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxLength(200)
  callerName?: string | null;
  @Field(() => String, { nullable: true, description: 'Only if the caller gives it.' })
  @IsOptional()
  @Matches(/^\+?[0-9 ]{3,20}$/, { message: 'must be a phone number' })
  callerPhone?: string | null;
  @Field(() => Boolean, { description: 'The caller is a child.' }) @IsBoolean() childCaller!: boolean;
  @Field(() => HotlineOutcome) @IsEnum(HotlineOutcome) outcome!: HotlineOutcome;
  @Field(() => String, { nullable: true, description: 'The center the caller was sent to: for REFERRED_TO_CENTER.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  referredCenterCode?: string | null;
  @Field(() => ID, { nullable: true, description: 'The case opened: for CASE_OPENED.' })
  @IsOptional()
  @IsUUID()
  caseId?: string | null;
}
