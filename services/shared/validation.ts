import { validate, type ValidationError } from 'class-validator';
import type { ValidatorFn } from 'type-graphql';
import { BadInputError } from './errors.js';

function flatten(errors: ValidationError[], prefix: string): { field: string; problem: string }[] {
  return errors.flatMap((e) => {
    // A list item is named by its index, as the rest of the hub names it: input.cases[3].incidentAt.
    const field = !prefix
      ? e.property
      : /^\d+$/.test(e.property)
        ? `${prefix}[${e.property}]`
        : `${prefix}.${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((problem) => ({ field, problem }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Control characters (NUL and the like; tab, line feed and carriage return are text) have no place in any input. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Half of a surrogate pair with no other half: no character at all, which the database would store as U+FFFD. */
const LONE_SURROGATE = /\p{Cs}/u;

/** What is wrong with a text as text, or null. */
function textProblem(v: string): string | null {
  if (CONTROL.test(v)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(v)) return 'must be well-formed Unicode (a lone surrogate is no character)';
  return null;
}

/**
 * What is wrong with a date-time as PostgreSQL would store it, or null. JavaScript dates run from year -271821 to
 * 275760, PostgreSQL's from 4713 BC, without a year 0; the hub has no use for any but years 1 to 9999, and a year
 * outside them would otherwise reach the database and fail there as an internal error.
 */
function dateProblem(d: Date): string | null {
  const year = d.getUTCFullYear();
  return year < 1 || year > 9999 ? 'must be a date-time in the years 1 to 9999' : null;
}

/**
 * The longest plain string argument (ids, codes, cursors are all far shorter). Checked before the resolver, because
 * the ORM's criteria builder walks a string given as a lookup value character by character: a quarter-megabyte code
 * costs the subgraph 40 ms of CPU for a lookup that finds nothing. Long text belongs in input objects, whose fields
 * each have their own maximum.
 */
export const MAX_PLAIN_ARGUMENT = 1000;

/**
 * Leading and trailing blanks mean nothing in any of the hub's inputs (names, codes, reasons, findings): they are
 * taken off before validation, so that a length rule judges what will be stored. Text is stored in Unicode's canonical
 * composition (NFC), so that the same name typed on two keyboards is the same name. A string with a control
 * character is named as a problem (PostgreSQL would refuse a NUL later, as an internal error), and so is one with a
 * lone surrogate (it would be stored changed, as U+FFFD).
 */
function cleanStrings(value: object, path: string, problems: { field: string; problem: string }[]): void {
  const clean = (v: string, at: string): string => {
    const problem = textProblem(v);
    if (problem) problems.push({ field: at, problem });
    return v.normalize('NFC').trim();
  };
  for (const [key, v] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (typeof v === 'string') (value as Record<string, unknown>)[key] = clean(v, at);
    else if (v instanceof Date) {
      const problem = dateProblem(v);
      if (problem) problems.push({ field: at, problem });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        if (typeof x === 'string') v[i] = clean(x, `${at}[${i}]`);
        else if (x && typeof x === 'object') cleanStrings(x, `${at}[${i}]`, problems);
      });
    } else if (v && typeof v === 'object' && !(v instanceof Date)) cleanStrings(v, at, problems);
  }
}

/**
 * Validate every input object with its class-validator rules before the resolver runs, and answer with one
 * BAD_USER_INPUT error that names each offending field. Nothing has been written at this point.
 */
/** The name of the argument whose value this is. */
const argumentOf = (value: unknown, args: Record<string, unknown> | undefined, otherwise: string) =>
  Object.entries(args ?? {}).find(([, v]) => v === value)?.[0] ?? otherwise;

/**
 * The name of the one object argument (what reaches the validator is a converted copy, not the argument itself): every
 * field takes at most one, beside plain ones such as a clock's name.
 */
const objectArgumentOf = (args: Record<string, unknown> | undefined) => {
  const objects = Object.entries(args ?? {}).filter(
    ([, v]) => v !== null && typeof v === 'object' && !(v instanceof Date),
  );
  return objects.length === 1 ? objects[0]![0] : 'input';
};

export const validateInput: ValidatorFn = async (value, _type, resolverData) => {
  if (typeof value === 'string') {
    // A plain argument (an id, a code, a cursor): named by its argument's name.
    const problem =
      value.length > MAX_PLAIN_ARGUMENT ? `must be at most ${MAX_PLAIN_ARGUMENT} characters` : textProblem(value);
    if (!problem) return;
    throw new BadInputError(argumentOf(value, resolverData?.args, 'argument'), problem);
  }
  if (value instanceof Date) {
    // A plain date-time argument (a report's `since`): named by its argument's name.
    const problem = dateProblem(value);
    if (!problem) return;
    throw new BadInputError(argumentOf(value, resolverData?.args, 'argument'), problem);
  }
  if (value === null || typeof value !== 'object') return;
  const items: unknown[] = Array.isArray(value) ? value : [value];
  const problems: { field: string; problem: string }[] = [];
  for (const [i, item] of items.entries()) {
    if (item === null || typeof item !== 'object') continue;
    // Named by its argument, as the checks made after these name it: every mutation's `input` (`input.survivor.sex`),
    // a statistics question's `query` (`query.from`).
    const base = `${objectArgumentOf(resolverData?.args)}${Array.isArray(value) ? `[${i}]` : ''}`;
    cleanStrings(item, base, problems);
    const errors = await validate(item, {
      forbidUnknownValues: false,
      validationError: { target: false, value: false },
    });
    problems.push(...flatten(errors, base));
  }
  const [first, ...more] = problems;
  if (first) throw new BadInputError(first.field, first.problem, more);
};
