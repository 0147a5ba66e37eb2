import { DeferMode, Entity, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { Case } from './case.entity.js';

// An intake retried by reception (a flaky network at a center, a double click) answers the case its first attempt
// opened, and opens nothing twice. The key is the caller's own, so the table is keyed by subject and key: another
// person who sends the same key gets a case of their own, and can never learn someone else's through it. Only a hash
// of the intake is kept, nothing the survivor said.
//
// A retry comes within minutes, a form left open comes back within a day: keys are kept 7 days, which covers any
// retry, then may be deleted (created_at says when). A deleted key would simply open a new case.
@Entity({ tableName: 'intake_key' })
export class IntakeKey {
  /** Subject of the staff member who sent the key. */
  @PrimaryKey({ type: 'string' })
  subject!: string;

  @PrimaryKey({ type: 'string', length: 100 })
  key!: string;

  /** SHA-256 (hex) of the intake without its key: a retry must be the same intake. */
  @Property({ type: 'string', length: 64 })
  fingerprint!: string;

  // The key is claimed before the case exists (so that a retry waits before it uses up a case number); the case is
  // written later in the same transaction, which is when the reference is checked.
  @ManyToOne({ entity: () => Case, deferMode: DeferMode.INITIALLY_DEFERRED })
  case!: Case;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
