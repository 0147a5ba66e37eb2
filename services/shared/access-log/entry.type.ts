import { Directive, Field, ObjectType } from 'type-graphql';

/** One access-log entry as every subgraph shows it: who, when, what, on which legal basis. */
@ObjectType({ description: 'Who saw or changed this case, when, which fields, on which legal basis.' })
@Directive('@shareable')
export class AccessLogEntry {
  @Field(() => Date) at!: Date;
  @Field(() => String, { description: 'Subject of the person (or system) who read or wrote.' }) subject!: string;
  @Field(() => String) agency!: string;
  @Field(() => [String]) roles!: string[];
  @Field(() => String, { description: 'READ or WRITE' }) action!: string;
  @Field(() => [String]) fields!: string[];
  @Field(() => String, { description: 'CARE_TEAM, CONSENT, OVERRIDE, BREAK_GLASS or AUDIT' }) basis!: string;
  @Field(() => String, { nullable: true, description: 'The stated reason, for overrides and break-glass.' }) reason!:
    string | null;
  @Field(() => String) requestId!: string;
}
