import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** The last case number issued per center and year; bumped atomically inside the intake transaction. */
@Entity({ tableName: 'case_sequence' })
export class CaseSequence {
  @PrimaryKey({ type: 'string' })
  centerCode!: string;

  @PrimaryKey({ type: 'integer' })
  year!: number;

  @Property({ type: 'integer' })
  last!: number;
}
