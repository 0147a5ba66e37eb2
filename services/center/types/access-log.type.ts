import { Directive, Field, ID, ObjectType } from 'type-graphql';

// "Who has seen this survivor's data" (Law 058/2021 Art. 18) spans all four agencies: each subgraph keeps its own
// log and adds its own list to this entity; the center owns it and knows the case manager, whom it names in the key the others receive.
@ObjectType('AccessLog', { description: "A case's access log, one list per agency that keeps data on it." })
@Directive('@key(fields: "caseId")')
@Directive('@key(fields: "caseId caseManager centerCode district")')
export class CenterAccessLog {
  @Field(() => ID) caseId!: string;

  @Field(() => String, { nullable: true })
  @Directive('@inaccessible')
  caseManager!: string | null;

  /** Where the case is: its case manager reads the log only from there, here and in every agency. */
  @Field(() => String)
  @Directive('@inaccessible')
  centerCode!: string;

  @Field(() => String)
  @Directive('@inaccessible')
  district!: string;
}
