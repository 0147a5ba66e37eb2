import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum ExceptionKind {
  BREAK_GLASS = 'BREAK_GLASS',
  CONSENT_OVERRIDE = 'CONSENT_OVERRIDE',
}
registerEnumType(ExceptionKind, { name: 'ExceptionKind' });

@ObjectType({ description: 'An emergency access or consent override, as the data-protection officer reviews it.' })
export class ExceptionalAccess {
  @Field(() => ExceptionKind) kind!: ExceptionKind;
  @Field(() => ID) caseId!: string;
  @Field(() => String) caseNumber!: string;
  @Field(() => String, { description: 'Who opened the access or overrode consent.' }) subject!: string;
  @Field(() => String, { description: 'The agency it opened the case to.' }) agency!: string;
  @Field(() => String) reason!: string;
  @Field(() => Date) startedAt!: Date;
  @Field(() => Date) expiresAt!: Date;
}
