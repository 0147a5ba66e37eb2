import { Field, ObjectType } from 'type-graphql';
import { Encounter } from '../entities/encounter.entity.js';
import { Treatment } from '../entities/treatment.entity.js';

@ObjectType({ description: "Health's slice of a case." })
export class MedicalRecord {
  /** Not exposed: the key the list loaders use, and the case's center from the sharing facts. */
  caseId!: string;
  centerCode!: string;

  @Field(() => [Encounter]) encounters!: Encounter[];
  @Field(() => [Treatment]) treatments!: Treatment[];
}
