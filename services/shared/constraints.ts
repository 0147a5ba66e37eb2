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
 * Run a write; if the database refuses it by one of the named constraints, throw that constraint's answer instead.
 * Anything else is thrown as it is.
 */
export async function withConstraints<T>(
  write: () => Promise<T>,
  answers: Readonly<Record<string, () => GraphQLError>>,
): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const name = brokenConstraint(err);
    const answer = name !== null && Object.hasOwn(answers, name) ? answers[name] : undefined;
    throw answer ? answer() : err;
  }
}
