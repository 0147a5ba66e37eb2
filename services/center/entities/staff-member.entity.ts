import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

// The center's directory of the case managers and psychologists it has seen: the hub has no user store of its own
// (people come from the national identity provider), so it learns who is a case manager or psychologist at which
// center from the verified tokens they sign in with. A case can be handed only to someone this directory knows as a
// case manager of the case's center, and a session booked only with one of its psychologists.
@Entity({ tableName: 'staff_member' })
export class StaffMember {
  @PrimaryKey({ type: 'string' })
  subject!: string;

  @PrimaryKey({ type: 'string' })
  centerCode!: string;

  @PrimaryKey({ type: 'string' })
  role!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  firstSeenAt: Date & Opt = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  lastSeenAt: Date & Opt = new Date();
}
