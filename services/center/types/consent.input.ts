import { IsDate, IsEnum, IsOptional, IsUUID } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { ConsentGiver, ConsentScope } from './case-enums.js';

@InputType()
export class RecordConsentInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => ConsentScope) @IsEnum(ConsentScope) scope!: ConsentScope;
  @Field(() => ConsentGiver) @IsEnum(ConsentGiver) givenBy!: ConsentGiver;
  @Field(() => Date, { nullable: true, description: 'Defaults to now.' }) @IsOptional() @IsDate() givenAt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the consent lapses; none means until withdrawn.' })
  @IsOptional()
  @IsDate()
  expiresAt?: Date | null;
}

@InputType()
export class WithdrawConsentInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => ConsentScope) @IsEnum(ConsentScope) scope!: ConsentScope;
}
