import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The center's Case, as police extends it: only the key is known here. */
@ObjectType('Case')
@Directive('@key(fields: "id")')
export class CaseRef {
  @Field(() => ID)
  id!: string;
}
