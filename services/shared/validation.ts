import { validate, type ValidationError } from 'class-validator';
import type { ValidatorFn } from 'type-graphql';
import { BadInputError } from './errors.js';

function flatten(errors: ValidationError[], prefix: string): { field: string; problem: string }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((problem) => ({ field, problem }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Leading and trailing blanks mean nothing in any of the hub's inputs (names, codes, reasons, findings): they are
 * taken off before validation, so that a length rule judges what will be stored.
 */
function trimStrings(value: object): void {
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') (value as Record<string, unknown>)[key] = v.trim();
    else if (Array.isArray(v)) v.forEach((x, i) => { if (typeof x === 'string') v[i] = x.trim(); else if (x && typeof x === 'object') trimStrings(x); });
    else if (v && typeof v === 'object' && !(v instanceof Date)) trimStrings(v);
  }
}

/**
 * Validate every input object with its class-validator rules before the resolver runs, and answer with one
 * BAD_USER_INPUT error that names each offending field. Nothing has been written at this point.
 */
export const validateInput: ValidatorFn = async (value) => {
  if (value === null || typeof value !== 'object' || value instanceof Date) return;
  const items: unknown[] = Array.isArray(value) ? value : [value];
  const problems: { field: string; problem: string }[] = [];
  for (const [i, item] of items.entries()) {
    if (item === null || typeof item !== 'object') continue;
    trimStrings(item);
    const errors = await validate(item, { forbidUnknownValues: false, validationError: { target: false, value: false } });
    // By convention every mutation takes one argument named `input`, so field paths read `input.survivor.sex`.
    const base = `input${Array.isArray(value) ? `[${i}]` : ''}`;
    problems.push(...flatten(errors, base));
  }
  const [first, ...more] = problems;
  if (first) throw new BadInputError(first.field, first.problem, more);
};
