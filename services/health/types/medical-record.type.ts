import { Field, ObjectType } from 'type-graphql';
import type { SliceAccess } from '../../shared/agency-case.js';
import { Encounter } from '../entities/encounter.entity.js';
import { Treatment } from '../entities/treatment.entity.js';

@ObjectType({ description: "Health's slice of a case." })
export class MedicalRecord {
  /** Not exposed: the key the list loaders use, the case's center from the sharing facts, and the read's basis. */
  caseId!: string;
  centerCode!: string;
  access!: SliceAccess;
  /** Not exposed: the instant the clocks are read at, one for the whole record. */
  now!: Date;

  @Field(() => [Encounter]) encounters!: Encounter[];
  @Field(() => [Treatment]) treatments!: Treatment[];
}
