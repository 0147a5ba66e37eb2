import { Entity, Enum, Index, type Opt, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { ClinicalClock } from '../types/clinical-clock.js';

// Whether a clock applies is the clinician's judgement, recorded here with its reason: emergency contraception for a
// male survivor or a child before puberty, PEP for a survivor already on antiretrovirals, the hepatitis B vaccine for
// one already vaccinated, forensic evidence the survivor declined. Health is not told the survivor's sex, age or the
// incident type (the center keeps them), and most of these reasons are known to no one but the clinician anyway. One
// record per clock, case and center: a second one is a conflict.
@Entity({ tableName: 'clock_not_applicable' })
@Unique({ properties: ['caseId', 'centerCode', 'clock'] })
@ObjectType({ description: 'A clinical clock a clinician recorded as not applicable to this survivor, and why.' })
export class ClockNotApplicable extends HubEntity {
  @Index()
  @Property({ type: 'uuid' })
  caseId!: string;

  /** The case's center when it was recorded; counted only while it matches where the case is. */
  @Property({ type: 'string' })
  centerCode!: string;

  @Enum({ items: () => ClinicalClock, type: 'string' })
  clock!: ClinicalClock;

  @Field(() => String)
  @Property({ type: 'text' })
  reason!: string;

  @Field(() => String, { description: 'Subject of the clinician who recorded it.' })
  @Property({ type: 'string' })
  recordedBy!: string;

  @Field(() => Date, { description: 'When it was recorded.' })
  get recordedAt(): Date & Opt {
    return this.createdAt;
  }
}
