import type { GraphQLError } from 'graphql';

// Some rules are kept by the database itself, because only it sees every concurrent write: a unique index, an
// exclusion constraint on time ranges. When one refuses a write, the resolver answers with the rule's own words
// (a CONFLICT), not an internal error; the statement's message, which may quote the row, is never shown.

/** The name of the integrity constraint (class 23: unique, exclusion, check, foreign key) a write broke, or null. */
export function brokenConstraint(err: unknown): string | null {
  for (let e = err, depth = 0; e && depth < 4; depth++) {
    const x = e as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof x.code === 'string' && x.code.startsWith('23') && typeof x.constraint === 'string') return x.constraint;
    e = x.cause;
  }
  return null;
}

/**
 * Whether the database broke the transaction off to end a deadlock (40P01) or a serialization conflict (40001): it
 * wrote nothing, and may be run again whole. Concurrent inserts that conflict under an exclusion constraint can wait
 * on each other, and PostgreSQL then ends one of them this way rather than with the constraint's own error.
 */
export function brokenOff(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 4; depth++) {
    const x = e as { code?: unknown; cause?: unknown };
    if (x.code === '40P01' || x.code === '40001') return true;
    e = x.cause;
  }
  return false;
}

/** Times a transaction the database broke off is run again before its error is answered. */
export const RETRIES = 3;

/**
 * Run a write (a whole transaction); if the database refuses it by one of the named constraints, throw that
 * constraint's answer instead. A transaction broken off to end a deadlock is run again, up to RETRIES times: run alone,
 * it then lands or meets the constraint, whose answer is the one the caller should get. Anything else is thrown as it
 * is.
 */
export async function withConstraints<T>(
  write: () => Promise<T>,
  answers: Readonly<Record<string, () => GraphQLError>>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (brokenOff(err) && attempt < RETRIES) continue;
      const name = brokenConstraint(err);
      const answer = name !== null && Object.hasOwn(answers, name) ? answers[name] : undefined;
      throw answer ? answer() : err;
    }
  }
}
