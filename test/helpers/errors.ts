import type { DenialReason } from '../../services/shared/errors.js';
import type { SubgraphHarness } from './subgraph-harness.js';

// Errors as the tests expect them: message, path and extensions, which is what clients branch on. Source locations
// are left out: they say where a field was written in the document, so re-indenting a query would break the test.
// Each shape is written once here, as the hub makes it (services/shared/errors.ts, gateway/authorization/response.ts,
// the gateway's and the subgraphs' refusals of a request) or as GraphQL itself does.

export type { DenialReason };

type Path = (string | number)[];

export interface ExpectedError {
  message: string;
  path?: Path;
  extensions: Record<string, unknown>;
}

/** One problem with an input, as BAD_USER_INPUT lists it. */
export interface Problem {
  field: string;
  problem: string;
}

/** `res` with the source locations of its errors left out; its data and the rest of each error as they are. */
export function withoutLocations<R>(res: R): R {
  if (typeof res !== 'object' || res === null || !('errors' in res) || !Array.isArray(res.errors)) return res;
  return { ...res, errors: res.errors.map(({ locations: _, ...e }: Record<string, unknown>) => e) };
}

/** `h`, answering every operation `withoutLocations`. */
export function errorsWithoutLocations(h: SubgraphHarness): SubgraphHarness {
  return { ...h, run: async (...args) => withoutLocations(await h.run(...args)) };
}

const error = (message: string, path: Path | undefined, extensions: Record<string, unknown>): ExpectedError =>
  path ? { message, path, extensions } : { message, extensions };

// ---- field errors of the subgraphs (services/shared/errors.ts), passed on as they are by the gateway ----------------

/** A rule said no, for `reason` (`forbidden`). */
export const forbidden = (reason: DenialReason, path?: Path): ExpectedError =>
  error('Forbidden', path, { code: 'FORBIDDEN', reason });

/** No one is signed in (`unauthenticated`). */
export const unauthenticated = (path?: Path): ExpectedError =>
  error('Authentication required', path, { code: 'UNAUTHENTICATED' });

/** Every problem found with an input, in one error (`BadInputError`). */
export function badInput(problems: Problem | Problem[], path?: Path): ExpectedError {
  const fields = Array.isArray(problems) ? problems : [problems];
  return error(fields.map((p) => `${p.field}: ${p.problem}`).join('; '), path, { code: 'BAD_USER_INPUT', fields });
}

/** No such case, for someone who could have seen it (`caseNotFound`). */
export const caseNotFound = (path?: Path): ExpectedError => error('Case not found', path, { code: 'CASE_NOT_FOUND' });

/** The write does not fit what is stored (`conflict`). */
export const conflict = (message: string, path?: Path): ExpectedError => error(message, path, { code: 'CONFLICT' });

/** Whatever the hub did not phrase itself (services/shared/format-error.ts, gateway/errors.ts). */
export const internalError = (path?: Path): ExpectedError =>
  error('Internal server error', path, { code: 'INTERNAL_SERVER_ERROR' });

// ---- the gateway's own refusals -------------------------------------------------------------------------------------

/** A field or type the gateway removed from the operation (`unauthorizedErrors`). */
export const unauthorized = (path?: Path): ExpectedError =>
  error('Unauthorized field or type', path, { code: 'UNAUTHORIZED_FIELD_OR_TYPE' });

/** A variable the gateway refuses before any subgraph is asked: the caller's variable named, its value not repeated. */
export const badVariable = (variable: string, problem: Problem): ExpectedError =>
  error(`Variable "$${variable}" got an invalid value at "${problem.field}": ${problem.problem}`, undefined, {
    code: 'BAD_USER_INPUT',
    fields: [problem],
  });

/** A token the gateway refuses before reading the request (gateway/admission.ts); HTTP 401. */
export const invalidToken = (problem: string): ExpectedError =>
  error(`Invalid token: ${problem}`, undefined, { code: 'UNAUTHENTICATED' });

// ---- a subgraph server's refusal of a request -----------------------------------------------------------------------

/** A request a subgraph refuses for its signature (services/shared/server.ts); HTTP 401. */
export const badSignature = (problem: string): ExpectedError => error(problem, undefined, { code: 'UNAUTHENTICATED' });

// ---- GraphQL's own refusals, before any resolver runs ---------------------------------------------------------------

/** A variable GraphQL itself refuses before any resolver runs: no path, no list of fields. */
export const invalidVariable = (message: string): ExpectedError =>
  error(message, undefined, { code: 'BAD_USER_INPUT' });

/** A document GraphQL itself refuses before anything runs. */
export const validationFailed = (message: string): ExpectedError =>
  error(message, undefined, { code: 'GRAPHQL_VALIDATION_FAILED' });
