import { Entity, Index, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';

// The medico-legal certificate a court reads: the examining clinician's summary of findings, when the examination
// took place and who signed it. One per case and center: a correction is the court's business, not an overwrite.
@Entity({ tableName: 'medico_legal_report' })
@Unique({ properties: ['caseId', 'centerCode'] })
@ObjectType({ description: "The medico-legal report (certificate for court) on a survivor's examination." })
export class MedicoLegalReport extends HubEntity {
  @Index()
  @Property({ type: 'uuid' })
  caseId!: string;

  @Property({ type: 'string' })
  centerCode!: string;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  examinedAt!: Date;

  @Field(() => String, { description: 'Subject of the examining clinician, who wrote the report.' })
  @Property({ type: 'string' })
  examinedBy!: string;

  @Field(() => String, { description: 'Summary of the findings, as the examining clinician wrote it.' })
  @Property({ type: 'text' })
  findings!: string;

  @Field(() => String, { description: 'Name and registration of the doctor who signed the report.' })
  @Property({ type: 'string' })
  signedBy!: string;
}
