import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * What an agency's statistics may count of a case referred to it, as the center last told it (CaseStatistics
 * message): breakdowns and the window of the survivor's consent to statistics. Read only by aggregate questions.
 */
@Entity({ tableName: 'case_statistics' })
// The instants at which a consent window begins or ends: the rollup of statistics looks them up.
@Index({ properties: ['consentFrom'] })
@Index({ properties: ['consentUntil'] })
@Index({ properties: ['consentWithdrawnAt'] })
// The centers it has heard of, one index probe each (agencyPlaces).
@Index({ properties: ['centerCode', 'district'] })
export class CaseStatisticsFacts {
  @PrimaryKey({ type: 'uuid' })
  caseId!: string;

  /** The center's clock, in microseconds, when it read these facts: an older message never replaces a newer one. */
  @Property({ type: 'bigint' })
  version!: string;

  @Property({ type: 'string' })
  centerCode!: string;

  @Property({ type: 'string' })
  district!: string;

  @Property({ type: 'string' })
  incidentType!: string;

  @Property({ type: 'string' })
  ageBand!: string;

  @Property({ type: 'string' })
  sex!: string;

  @Property({ type: 'string' })
  nationalityGroup!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  consentFrom!: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  consentUntil!: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  consentWithdrawnAt!: Date | null;
}
