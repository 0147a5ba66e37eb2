import { Entity, Enum, Index, ManyToOne, type Opt, Property } from '@mikro-orm/core';
import { Directive, Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { CaseStatus, Need } from '../types/case-enums.js';
import { IncidentType } from '../types/incident-type.js';
import { Center } from './center.entity.js';
import { Survivor } from './survivor.entity.js';

// "case" is an SQL keyword; the table is survivor_case. The GraphQL type is Case, the federation entity every agency
// extends with its own slice (medical, investigation, followUp).
@Entity({ tableName: 'survivor_case' })
@Index({ properties: ['openedAt', 'id'] })
@ObjectType('Case', { description: "A survivor's case, opened at intake. Agencies add their slices to it." })
@Directive('@key(fields: "id")')
export class Case extends HubEntity {
  @Field(() => String, { description: 'e.g. GASABO-1/2026/000042' })
  @Property({ type: 'string', unique: true })
  caseNumber!: string;

  @Index()
  @ManyToOne({ entity: () => Center })
  center!: Center;

  @Index()
  @ManyToOne({ entity: () => Survivor })
  survivor!: Survivor;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  openedAt!: Date;

  @Field(() => Date, { description: 'When the incident happened: the clinical clocks start here.' })
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  incidentAt!: Date;

  @Field(() => IncidentType)
  @Enum({ items: () => IncidentType, type: 'string' })
  incidentType!: IncidentType;

  @Field(() => [Need])
  @Enum({ items: () => Need, array: true, type: 'string[]' })
  needs!: Need[];

  @Field(() => CaseStatus)
  @Enum({ items: () => CaseStatus, type: 'string' })
  status: CaseStatus & Opt = CaseStatus.OPEN;

  /** The story told at reception; exposed only through the guarded `narrative` field resolver. */
  @Property({ type: 'text', nullable: true })
  narrative?: string | null;

  /** Subject of the staff member who opened the case. */
  @Property({ type: 'string' })
  openedBy!: string;

  /** Subject of the case manager coordinating the case: the one who may read its access log, besides auditors. */
  @Field(() => String, { nullable: true, description: "Subject of the case's case manager." })
  @Property({ type: 'string', nullable: true })
  caseManager?: string | null;
}
