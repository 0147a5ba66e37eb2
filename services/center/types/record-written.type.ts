import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** What an agency write answers (services/shared/agency-write.ts); the center adds the case to it. */
@ObjectType('RecordWritten')
@Directive('@key(fields: "id caseId")')
export class CenterRecordWritten {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
}
