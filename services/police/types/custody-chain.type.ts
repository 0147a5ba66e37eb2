import { Field, ObjectType } from 'type-graphql';
import { ForensicReceipt } from '../entities/forensic-receipt.entity.js';
import { CustodyProblemKind, CustodyStatus } from './forensic-enums.js';

@ObjectType({ description: 'Why a chain of custody is broken.' })
export class CustodyProblem {
  @Field(() => CustodyProblemKind) kind!: CustodyProblemKind;
  @Field(() => String) detail!: string;
}

@ObjectType({
  description:
    "A sample's chain of custody, both sides read together: health's record (Case.forensicSamples) against the " +
    "police's (receipt).",
})
export class CustodyChain {
  @Field(() => String) barcode!: string;
  @Field(() => CustodyStatus) status!: CustodyStatus;
  @Field(() => Boolean, {
    description: 'The handover from health to the police is recorded by both sides, matching: true only then.',
  })
  handoverConfirmed!: boolean;
  @Field(() => [CustodyProblem]) problems!: CustodyProblem[];
  @Field(() => ForensicReceipt, { nullable: true, description: "The police's side; null while they hold nothing." })
  receipt!: ForensicReceipt | null;
}
