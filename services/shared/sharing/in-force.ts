import type { FilterQuery } from '@mikro-orm/core';

// "In force at an instant", written once. A consent, a consent override and an emergency (break-glass) grant each
// hold for a window of time: from when it was given (or started), until it expires or is withdrawn. Every place that
// asks whether one of them holds asks here: in memory (inForce), as a MikroORM filter (inForceWhere) or as SQL
// (inForceSql). The three say the same thing; test/services/shared/sharing-agreement.test.ts holds them to it.

/** When something holds. `from` absent: already begun as far as the holder knows (the facts the center sends). */
export interface Window {
  readonly from?: Date | null;
  /** Null: no expiry. */
  readonly until: Date | null;
  readonly withdrawnAt?: Date | null;
}

/** In force at `at`: begun at or before it, and neither expired nor withdrawn at or before it. */
export function inForce(w: Window, at: Date): boolean {
  if (w.from && w.from > at) return false;
  if (w.until && w.until <= at) return false;
  if (w.withdrawnAt && w.withdrawnAt <= at) return false;
  return true;
}

/** Where a window is stored: the property (for MikroORM) and column (for SQL) of each end. */
export interface WindowColumns<P extends string> {
  readonly from: { readonly property: P; readonly column: string };
  readonly until: { readonly property: P; readonly column: string; readonly nullable: boolean };
  readonly withdrawn?: { readonly property: P; readonly column: string };
}

/** The same rule as a MikroORM filter on an entity's properties. */
export function inForceWhere<T>(w: WindowColumns<keyof T & string>, at: Date): FilterQuery<T> {
  // Built from property names, which the signature ties to T; MikroORM's types cannot follow computed keys.
  return { [w.from.property]: { $lte: at }, ...notEndedWhere(w, at) } as FilterQuery<T>;
}

/**
 * Not yet ended at `at`, whenever it began: neither expired nor withdrawn at or before it. What a new consent
 * supersedes: one given by a request that took the case's lock first may be dated after this request began.
 */
export function notEndedWhere<T>(w: WindowColumns<keyof T & string>, at: Date): FilterQuery<T> {
  const until = { [w.until.property]: { $gt: at } };
  const withdrawn = w.withdrawn
    ? { $and: [{ $or: [{ [w.withdrawn.property]: null }, { [w.withdrawn.property]: { $gt: at } }] }] }
    : {};
  return {
    ...(w.until.nullable ? { $or: [{ [w.until.property]: null }, until] } : until),
    ...withdrawn,
  } as FilterQuery<T>;
}

/** The same rule as SQL over a table aliased `alias`, with its parameters (the instant, once per comparison). */
export function inForceSql<P extends string>(
  w: WindowColumns<P>,
  alias: string,
  at: Date,
): { sql: string; params: Date[] } {
  const col = (c: string) => `${alias}.${c}`;
  const parts = [`${col(w.from.column)} <= ?`];
  const params = [at];
  parts.push(
    w.until.nullable ? `(${col(w.until.column)} is null or ${col(w.until.column)} > ?)` : `${col(w.until.column)} > ?`,
  );
  params.push(at);
  if (w.withdrawn) {
    parts.push(`(${col(w.withdrawn.column)} is null or ${col(w.withdrawn.column)} > ?)`);
    params.push(at);
  }
  return { sql: parts.join(' and '), params };
}

// Where the center keeps each kind of window. They belong to the sharing facts, which the center owns and stores.

/** A consent: given, perhaps expiring, withdrawable. */
export const CONSENT_WINDOW = {
  from: { property: 'givenAt', column: 'given_at' },
  until: { property: 'expiresAt', column: 'expires_at', nullable: true },
  withdrawn: { property: 'withdrawnAt', column: 'withdrawn_at' },
} as const;

/** A consent override: recorded with a stated reason, always expiring. */
export const OVERRIDE_WINDOW = {
  from: { property: 'overriddenAt', column: 'overridden_at' },
  until: { property: 'expiresAt', column: 'expires_at', nullable: false },
} as const;

/** An emergency (break-glass) grant: started, always expiring. */
export const GRANT_WINDOW = {
  from: { property: 'startedAt', column: 'started_at' },
  until: { property: 'expiresAt', column: 'expires_at', nullable: false },
} as const;
