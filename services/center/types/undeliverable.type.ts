import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    "A message the center's outbox gave up on after every retry, kept until an administrator sends it again. It says which referral moved and where it stands, never anything about the survivor.",
})
export class UndeliverableMessage {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: 'The subgraph it is for.' }) receiver!: string | null;
  @Field(() => String) type!: string;
  @Field(() => ID, { nullable: true }) referralId!: string | null;
  @Field(() => ID, { nullable: true }) caseId!: string | null;
  @Field(() => String, { nullable: true }) status!: string | null;
  @Field(() => Int, { nullable: true }) version!: number | null;
  @Field(() => Date, { description: 'When it was given up on.' }) since!: Date;
  @Field(() => String, { nullable: true, description: 'What its last delivery failed on.' }) lastError!: string | null;
  @Field(() => Int, { description: 'How many deliveries were tried.' }) attempts!: number;
}
