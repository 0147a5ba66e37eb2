import { Directive, Field, ID, ObjectType } from 'type-graphql';

// The key of the AccessLog entity as the center hands it to every agency: the case, its case manager and where the
// case is. The agencies decide on their parts of the log from it (decideAccessLog), so it is declared once, here,
// and the center's AccessLog and each agency's extend it.

/** The AccessLog key fields, in the order `@key(fields: ...)` names them. */
export const ACCESS_LOG_KEY = 'caseId caseManager centerCode district';

@ObjectType('AccessLogKey', { description: 'not in any schema by itself' })
export abstract class AccessLogKey {
  @Field(() => ID) caseId!: string;

  @Field(() => String, { nullable: true })
  @Directive('@inaccessible')
  caseManager!: string | null;

  /** Where the case is: its case manager reads the log only from there, in the center and in every agency. */
  @Field(() => String)
  @Directive('@inaccessible')
  centerCode!: string;

  @Field(() => String)
  @Directive('@inaccessible')
  district!: string;
}
