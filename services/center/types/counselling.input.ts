import { IsDate, IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { NotBlank } from '../../shared/validators.js';
import { RoomKind } from './room-kind.js';

@InputType({ description: "A counselling session to book at the case's center." })
export class BookCounsellingSessionInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field(() => String, {
    nullable: true,
    description:
      "Subject of the psychologist: a psychologist books their own sessions and leaves it out; a case manager names one of the center's psychologists.",
  })
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxLength(200)
  psychologist?: string | null;
  @Field(() => RoomKind, { description: 'A child room for a survivor under 18 on the day, an adult room otherwise.' })
  @IsEnum(RoomKind)
  roomKind!: RoomKind;
  @Field(() => Int, { defaultValue: 1, description: 'Which room of that kind at the center, from 1.' })
  @IsInt()
  @Min(1)
  @Max(100)
  roomNumber!: number;
  @Field(() => Date, { description: 'From a day ago (a session recorded afterwards) to 90 days ahead.' })
  @IsDate()
  startsAt!: Date;
  @Field(() => Date, { description: '15 minutes to 3 hours after startsAt.' }) @IsDate() endsAt!: Date;
}

@InputType({ description: 'A counselling session, named by its id.' })
export class CounsellingSessionInput {
  @Field(() => ID) @IsUUID() sessionId!: string;
}

@InputType({ description: "The psychologist's notes of a session that has started." })
export class RecordCounsellingNotesInput {
  @Field(() => ID) @IsUUID() sessionId!: string;
  @Field(() => String, { description: 'At most 20,000 characters; replaces the notes written before.' })
  @IsString()
  @NotBlank()
  @MaxLength(20000)
  notes!: string;
}
