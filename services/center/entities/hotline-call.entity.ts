import { Check, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { Requires } from '../../shared/guards.js';
import { HotlineChannel, HotlineOutcome } from '../types/hotline-call.enums.js';
import { Case } from './case.entity.js';
import { Center } from './center.entity.js';

// A call (or text) to one of the hotlines, as the reception officer who answered it at their center records it.
// Anonymous by default: the caller's name and phone are kept only when the caller gives them, and shown only to holders
// of survivor:identity. What came of it is one of three outcomes, each naming what it needs (the center referred to,
// the case opened), which the database also holds to.
@Entity({ tableName: 'hotline_call' })
@Index({ properties: ['center', 'receivedAt'] })
@Check({
  name: 'hotline_call_outcome_names_check',
  expression: `("outcome" = 'REFERRED_TO_CENTER') = ("referred_center_id" is not null) and ("outcome" = 'CASE_OPENED') = ("case_id" is not null)`,
})
@Check({ name: 'hotline_call_sms_line_check', expression: `"channel" = 'CALL' or "line" = '3512'` })
@ObjectType({ description: 'A call or text to a hotline, and what came of it.' })
export class HotlineCall extends HubEntity {
  /** The center whose reception answered it. */
  @ManyToOne({ entity: () => Center })
  center!: Center;

  @Field(() => String, { description: '3512, 3029 or 116.' })
  @Property({ type: 'string', length: 4 })
  line!: string;

  @Field(() => HotlineChannel)
  @Enum({ items: () => HotlineChannel, type: 'string' })
  channel!: HotlineChannel;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  receivedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Only if the caller gave it.' })
  @Requires('survivor:identity')
  @Property({ type: 'string', nullable: true })
  callerName?: string | null = null;

  @Field(() => String, { nullable: true, description: 'Only if the caller gave it.' })
  @Requires('survivor:identity')
  @Property({ type: 'string', nullable: true })
  callerPhone?: string | null = null;

  @Field(() => Boolean, { description: 'The caller is a child.' })
  @Property({ type: 'boolean' })
  childCaller!: boolean;

  @Field(() => HotlineOutcome)
  @Enum({ items: () => HotlineOutcome, type: 'string' })
  outcome!: HotlineOutcome;

  @ManyToOne({ entity: () => Center, nullable: true })
  referredCenter?: Center | null = null;

  @ManyToOne({ entity: () => Case, nullable: true })
  case?: Case | null = null;

  @Field(() => String, { description: 'Subject of the reception officer who recorded it.' })
  @Property({ type: 'string' })
  recordedBy!: string;
}
