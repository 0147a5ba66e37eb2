import { Entity, Enum, Index, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { SampleKind } from '../types/forensic-enums.js';

// A forensic sample and health's side of its chain of custody: collected, sealed, handed to the police. Each step
// happens once, so it is a column rather than a row: a second seal is refused by the update's own condition, and the
// barcode, one physical label, is unique across every case and center. What the lab finds stays with the RFI.
@Entity({ tableName: 'forensic_sample' })
// One sample standing per barcode across the hub; a sample voided as recorded by mistake frees its barcode.
@Unique({
  name: 'forensic_sample_barcode_unique',
  expression: `create unique index "forensic_sample_barcode_unique" on "health"."forensic_sample" ("barcode") where "voided_at" is null`,
})
@ObjectType({
  description:
    "A forensic sample sent to the Rwanda Forensic Institute, by its RFI barcode, and health's side of its custody.",
})
export class ForensicSample extends HubEntity {
  @Index()
  @Property({ type: 'uuid' })
  caseId!: string;

  /** The case's center when it was collected; shown only while it matches the center's sharing facts. */
  @Property({ type: 'string' })
  centerCode!: string;

  @Field(() => String, { description: 'The RFI barcode on the sample: RFI-, the year and six digits.' })
  @Property({ type: 'string' })
  barcode!: string;

  @Field(() => SampleKind)
  @Enum({ items: () => SampleKind, type: 'string' })
  kind!: SampleKind;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  collectedAt!: Date;

  @Field(() => String, { description: 'Subject of the clinician who collected it.' })
  @Property({ type: 'string' })
  collectedBy!: string;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  sealedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Subject of the clinician who sealed it.' })
  @Property({ type: 'string', nullable: true })
  sealedBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  handedToPoliceAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Subject of the clinician who handed it over.' })
  @Property({ type: 'string', nullable: true })
  handedToPoliceBy?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The police officer or unit it was handed to, as the clinician wrote it (name, badge or unit).',
  })
  @Property({ type: 'string', nullable: true })
  handedTo?: string | null;

  /** When a clinician voided it as recorded by mistake (the wrong case, a mistyped barcode); hidden from every read. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  voidedAt?: Date | null;

  @Property({ type: 'string', nullable: true })
  voidedBy?: string | null;
}
