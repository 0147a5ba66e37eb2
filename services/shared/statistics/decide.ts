import { BadInputError } from '../errors.js';
import { type Fact, latticeOf } from './lattice.js';
import type { Dimension, Place, Plan } from './request.js';
import { csvOf, type PublishedTable, tableOf } from './table.js';

// The part of a question that grows with its lattice: building it from the facts, deciding what is hidden, and
// cutting the table out of it. It runs in a worker thread (pool.ts), so it takes data only, no functions: the
// categories of each breakdown are sent as lists.

export interface DecideInput {
  plan: Plan;
  places: Place[];
  /** The categories of each of the plan's breakdowns, in the order tables show them. */
  categories: Partial<Record<Dimension, readonly string[]>>;
  facts: Fact[];
  threshold: number;
  /** The CSV's name for the rows, e.g. "incident_type". */
  rowsName: string;
}

export interface DecideOutput {
  table: PublishedTable;
  csv: string;
}

export function decide(input: DecideInput): DecideOutput {
  const categories = (d: Dimension) => input.categories[d] ?? [];
  const lattice = latticeOf(input.plan, input.places, categories, input.facts, input.threshold);
  const table = tableOf(input.plan, input.places, categories, lattice);
  return { table, csv: csvOf(table, input.rowsName) };
}

/** An error as it crosses from the worker: a refusal of the question keeps its fields, anything else its message. */
export type DecideFailure =
  | { kind: 'bad-input'; fields: { field: string; problem: string }[] }
  | { kind: 'error'; name: string; message: string };

export function failureOf(err: unknown): DecideFailure {
  if (err instanceof BadInputError)
    return { kind: 'bad-input', fields: err.extensions.fields as { field: string; problem: string }[] };
  const e = err as { name?: unknown; message?: unknown };
  return {
    kind: 'error',
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: typeof e?.message === 'string' ? e.message : String(err),
  };
}

/** The error to throw in the subgraph for a failure in the worker. */
export function errorOf(f: DecideFailure): Error {
  if (f.kind === 'bad-input') {
    const [first, ...more] = f.fields;
    return new BadInputError(first?.field ?? 'query', first?.problem ?? 'cannot be answered', more);
  }
  const err = new Error(`statistics worker: ${f.message}`);
  err.name = f.name;
  return err;
}
