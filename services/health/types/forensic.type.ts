import { Field, ObjectType } from 'type-graphql';
import { HealthCustodyStep } from './forensic-enums.js';

@ObjectType({ description: "A step of a sample's custody as health recorded it, in the order the chain runs." })
export class HealthCustodyEvent {
  @Field(() => HealthCustodyStep) step!: HealthCustodyStep;
  @Field(() => Date) at!: Date;
  @Field(() => String, { description: 'Subject of the clinician who recorded the step.' }) by!: string;
  @Field(() => String, { nullable: true, description: 'For HANDED_TO_POLICE: the officer or unit it was handed to.' })
  handedTo!: string | null;
}
