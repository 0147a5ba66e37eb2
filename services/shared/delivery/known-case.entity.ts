import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A case as an agency knows it from the center's deliveries: its id and where it is. An agency writes only on a case
 * it knows, within the writer's organisational scope; everything else about the case stays with the center.
 */
@Entity({ tableName: 'known_case' })
export class KnownCase {
  @PrimaryKey({ type: 'uuid' })
  caseId!: string;

  @Property({ type: 'string' })
  centerCode!: string;

  @Property({ type: 'string' })
  district!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  receivedAt: Date & Opt = new Date();
}
