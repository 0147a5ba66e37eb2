import { Entity, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { ReferralStatus } from '../referral-lifecycle.js';

/**
 * A referral as the agency it was made to knows it from the center's deliveries: which case, where the case is, and
 * where the referral stands. An agency writes only on a case with an open referral to it, within the writer's
 * organisational scope; everything else about the case stays with the center.
 */
@Entity({ tableName: 'known_referral' })
// Clocks run from the incident: the rollup of statistics looks up those reaching their deadline.
@Index({ properties: ['incidentAt'] })
export class KnownReferral {
  @PrimaryKey({ type: 'uuid' })
  referralId!: string;

  @Index()
  @Property({ type: 'uuid' })
  caseId!: string;

  @Property({ type: 'string' })
  centerCode!: string;

  @Property({ type: 'string' })
  district!: string;

  /** When the incident happened: the clocks of PEP, emergency contraception and forensic evidence run from it. */
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  incidentAt!: Date;

  @Property({ type: 'string' })
  status!: ReferralStatus;

  /** The referral's version in the last move applied: a move delivered late never undoes a newer one. */
  @Property({ type: 'int' })
  version!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  receivedAt: Date & Opt = new Date();
}
