import { Check, Entity, Property } from '@mikro-orm/core';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';

// Public: anyone may list the centers, their districts, Safe Room beds and counselling rooms. How full a Safe Room is
// now (Center.safeRoom, resolvers/safe-room.resolver.ts) is not public. Opened and changed by administrators
// (resolvers/center-admin.resolver.ts); the seed only provides the first 44.
@Entity({ tableName: 'center' })
@ObjectType({ description: 'An Isange One Stop Center. Public information, but for how full its Safe Room is.' })
@Directive('@key(fields: "id")')
export class Center extends HubEntity {
  @Field(() => String, { description: 'Stable code, e.g. GASABO-1; tokens name centers by code.' })
  @Property({ type: 'string', unique: true })
  code!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  district!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  province!: string;

  @Field(() => String, { description: 'The hospital the center sits in.' })
  @Property({ type: 'string' })
  hospital!: string;

  @Field(() => Int, { description: 'Beds in its Safe Room, where survivors may stay for a few days.' })
  @Check({ name: 'center_safe_room_beds_check', expression: '"safe_room_beds" >= 0' })
  @Property({ type: 'integer' })
  safeRoomBeds!: number;

  // Children and adults meet the psychologist in separate rooms (the children's room has toys and drawing materials).
  // A room is named by its kind and number at the center (child room 1, adult room 2), as counselling sessions book it.
  @Field(() => Int, { description: 'Counselling rooms for children, numbered from 1.' })
  @Check({ name: 'center_child_rooms_check', expression: '"child_rooms" >= 0' })
  @Property({ type: 'integer' })
  childRooms!: number;

  @Field(() => Int, { description: 'Counselling rooms for adults, numbered from 1.' })
  @Check({ name: 'center_adult_rooms_check', expression: '"adult_rooms" >= 0' })
  @Property({ type: 'integer' })
  adultRooms!: number;
}
