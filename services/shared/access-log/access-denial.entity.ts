import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Refused reads, counted rather than listed: one row per person, reason and hour, with how many times and a sample of
 * the cases named. Probing (many ids tried, or the same one again and again) shows up for the data-protection officer,
 * and cannot flood anything: a row per person and reason per hour at most. Every subgraph keeps its own.
 */
@Entity({ tableName: 'access_denial' })
export class AccessDenialRow {
  @PrimaryKey({ type: 'string' })
  subject!: string;

  @PrimaryKey({ type: 'string' })
  reason!: string;

  @PrimaryKey({ type: 'datetime', columnType: 'timestamptz' })
  windowStart!: Date;

  @Property({ type: 'string' })
  agency!: string;

  @Property({ type: 'text[]', columnType: 'text[]' })
  roles!: string[];

  @Property({ type: 'integer' })
  count!: number;

  /** At most ten distinct case ids named in the hour; the rest are counted only. */
  @Property({ type: 'uuid[]', columnType: 'uuid[]' })
  caseIds!: string[];

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  lastAt!: Date;
}
