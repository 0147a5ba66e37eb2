import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsUUID } from 'class-validator';

@ObjectType({ description: "How many of a center's Safe Room beds are taken now." })
export class SafeRoomOccupancy {
  @Field(() => Int) beds!: number;
  @Field(() => Int, { description: 'Survivors staying now.' }) occupied!: number;
  @Field(() => Int, { description: 'Beds free now.' }) free!: number;
}

@InputType({ description: "Admit the survivor of a case to the Safe Room of the case's center." })
export class AdmitToSafeRoomInput {
  @Field(() => ID) @IsUUID() caseId!: string;
}

@InputType({ description: 'Discharge a survivor from the Safe Room: the stay ends, the bed is free.' })
export class DischargeFromSafeRoomInput {
  @Field(() => ID) @IsUUID() stayId!: string;
}
