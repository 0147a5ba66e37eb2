import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../shared/base.entity.js';
import { inForce } from '../../shared/sharing/in-force.js';
import { ConsentGiver, ConsentScope } from '../types/case-enums.js';
import { Case } from './case.entity.js';

// Consent is per case and per agency or purpose, never one blanket category, and it can expire or be withdrawn. Rows
// are never deleted: a withdrawal stamps withdrawnAt, so the history of who consented to what stays answerable.
@Entity({ tableName: 'consent' })
@Index({ properties: ['case', 'scope'] })
// The instants at which a consent to statistics begins or ends: the rollup of statistics looks them up.
@Index({ properties: ['givenAt'] })
@Index({ properties: ['expiresAt'] })
@Index({ properties: ['withdrawnAt'] })
@ObjectType({ description: 'Consent to share a case with one agency, or to count it in statistics.' })
export class Consent extends HubEntity {
  @ManyToOne({ entity: () => Case })
  case!: Case;

  @Field(() => ConsentScope)
  @Enum({ items: () => ConsentScope, type: 'string' })
  scope!: ConsentScope;

  @Field(() => ConsentGiver)
  @Enum({ items: () => ConsentGiver, type: 'string' })
  givenBy!: ConsentGiver;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  givenAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  expiresAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  withdrawnAt?: Date | null;

  @Property({ type: 'string' })
  recordedBy!: string;

  /** In force at `at`: given, not yet expired, not withdrawn. */
  activeAt(at: Date): boolean {
    return inForce({ from: this.givenAt, until: this.expiresAt ?? null, withdrawnAt: this.withdrawnAt ?? null }, at);
  }
}
