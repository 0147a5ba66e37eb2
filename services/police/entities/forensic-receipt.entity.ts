import { Entity, Index, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';

// The police's side of a forensic sample's chain of custody, by the sample's RFI barcode: received from health,
// handed to the Rwanda Forensic Institute, and the lab's receipt as its acknowledgement reports it. The police keep no
// copy of health's record: they meet it in the graph (Case.forensicCustody). One row per case and barcode: a sample is
// received once on its case, whoever of two officers scanning it at the same moment is first. Not one row per barcode
// across the hub: a barcode scanned onto the wrong case (a slip, or a hostile officer) would then block its own case's
// receipt for good, and a CONFLICT would tell an officer of another center that the police hold it somewhere. The
// wrong case's chain reports the barcode health never recorded there (UNKNOWN_BARCODE).
@Entity({ tableName: 'forensic_receipt' })
@Unique({
  name: 'forensic_receipt_case_id_barcode_unique',
  expression: `create unique index "forensic_receipt_case_id_barcode_unique" on "police"."forensic_receipt" ("case_id", "barcode") where "voided_at" is null`,
})
@ObjectType({ description: "The police's side of a forensic sample's custody, by its RFI barcode." })
export class ForensicReceipt extends HubEntity {
  @Index()
  @Property({ type: 'uuid' })
  caseId!: string;

  /** The case's center when it was received; shown only while it matches the center's sharing facts. */
  @Property({ type: 'string' })
  centerCode!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  barcode!: string;

  @Field(() => Date, { description: 'When the police received it from health.' })
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  receivedAt!: Date;

  @Field(() => String, { description: 'Subject of the officer who received it.' })
  @Property({ type: 'string' })
  receivedBy!: string;

  @Field(() => Date, { nullable: true, description: 'When the police handed it to the RFI.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  handedToLabAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  handedToLabBy?: string | null;

  @Field(() => Date, { nullable: true, description: "When the RFI received it, from the lab's acknowledgement." })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  labReceivedAt?: Date | null;

  @Field(() => String, { nullable: true, description: "The RFI acknowledgement's reference." })
  @Property({ type: 'string', nullable: true })
  labAcknowledgement?: string | null;

  @Field(() => String, { nullable: true, description: "Subject of the officer who recorded the lab's receipt." })
  @Property({ type: 'string', nullable: true })
  labReceiptRecordedBy?: string | null;

  /** When an officer voided it as recorded by mistake (the wrong case, a mistyped barcode); hidden from every read. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  voidedAt?: Date | null;

  @Property({ type: 'string', nullable: true })
  voidedBy?: string | null;
}
