import { Check, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { Requires } from '../../shared/guards.js';
import { RoomKind } from '../types/room-kind.js';
import { Case } from './case.entity.js';
import { Center } from './center.entity.js';

// A session with a psychologist, in a counselling room of the case's center, over a time range. Neither the room nor
// the psychologist is ever booked twice at once: the database itself refuses an overlap, with two exclusion
// constraints on the range (`[)`, so a session may start the minute the one before ends), which hold under any number
// of concurrent bookings. A cancelled session blocks nothing (the constraints leave it out). The psychologist is named
// by the subject their tokens carry, the same at every center they work at: they are in one room at a time anywhere.
@Entity({ tableName: 'counselling_session' })
@Index({ properties: ['case', 'startsAt'] })
@Index({
  name: 'counselling_session_room_free',
  expression: `alter table "center"."counselling_session" add constraint "counselling_session_room_free" exclude using gist ("center_id" with =, "room_kind" with =, "room_number" with =, tstzrange("starts_at", "ends_at", '[)') with &&) where ("cancelled_at" is null)`,
})
@Index({
  name: 'counselling_session_psychologist_free',
  expression: `alter table "center"."counselling_session" add constraint "counselling_session_psychologist_free" exclude using gist ("psychologist" with =, tstzrange("starts_at", "ends_at", '[)') with &&) where ("cancelled_at" is null)`,
})
@Check({ name: 'counselling_session_range_check', expression: '"ends_at" > "starts_at"' })
@ObjectType({ description: 'A counselling session with a psychologist, in a room of the center.' })
export class CounsellingSession extends HubEntity {
  @ManyToOne({ entity: () => Case })
  case!: Case;

  @ManyToOne({ entity: () => Center })
  center!: Center;

  @Field(() => RoomKind)
  @Enum({ items: () => RoomKind, type: 'string' })
  roomKind!: RoomKind;

  @Field(() => Int)
  @Check({ name: 'counselling_session_room_number_check', expression: '"room_number" >= 1' })
  @Property({ type: 'integer' })
  roomNumber!: number;

  @Field(() => String, { description: 'Subject of the psychologist.' })
  @Property({ type: 'string' })
  psychologist!: string;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  startsAt!: Date;

  @Field(() => Date, { description: 'When the session ends: the room and the psychologist are free from then on.' })
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  endsAt!: Date;

  @Field(() => String, { description: 'Subject of the staff member who booked it.' })
  @Property({ type: 'string' })
  bookedBy!: string;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  cancelledAt?: Date | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  cancelledBy?: string | null = null;

  /** What the psychologist wrote of the session: for psychologists only. */
  @Field(() => String, { nullable: true, description: "The psychologist's notes; only psychologists read them." })
  @Requires('counselling:notes')
  @Property({ type: 'text', nullable: true })
  notes?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When the notes were last written.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  notesWrittenAt?: Date | null = null;
}
