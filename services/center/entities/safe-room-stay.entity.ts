import { Check, Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { Case } from './case.entity.js';
import { Center } from './center.entity.js';
import { Survivor } from './survivor.entity.js';

// A survivor's stay in the Safe Room of a center: admitted, and later discharged, which frees the bed. A stay is
// never deleted. A survivor stays in one Safe Room at a time, whichever of their cases admitted them: a partial unique
// index on the survivor among stays not yet ended says so to the database, so that two admissions at once (at two
// centers, under two different locks) cannot both land. How many beds are taken is counted under the center's lock
// (policies/safe-room.policy.ts).
@Entity({ tableName: 'safe_room_stay' })
@Index({ properties: ['center', 'dischargedAt'] })
@Unique({
  name: 'safe_room_stay_survivor_in',
  expression: `create unique index "safe_room_stay_survivor_in" on "center"."safe_room_stay" ("survivor_id") where "discharged_at" is null`,
})
@Check({ name: 'safe_room_stay_discharged_check', expression: '"discharged_at" >= "admitted_at"' })
@ObjectType({ description: "A survivor's stay in the Safe Room of a center." })
export class SafeRoomStay extends HubEntity {
  @Index()
  @ManyToOne({ entity: () => Case })
  case!: Case;

  @ManyToOne({ entity: () => Center })
  center!: Center;

  @ManyToOne({ entity: () => Survivor })
  survivor!: Survivor;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  admittedAt!: Date;

  @Field(() => String, { description: 'Subject of the staff member who admitted the survivor.' })
  @Property({ type: 'string' })
  admittedBy!: string;

  @Field(() => Date, { nullable: true, description: 'When the survivor left; null while they stay.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  dischargedAt?: Date | null = null;

  @Field(() => String, { nullable: true, description: 'Subject of the staff member who discharged the survivor.' })
  @Property({ type: 'string', nullable: true })
  dischargedBy?: string | null = null;
}
