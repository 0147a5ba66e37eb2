import { GraphQLError } from 'graphql';

// Errors that cross a process boundary carry a stable string code, never a stack trace or personal data. Clients
// (ministry systems, police records systems) branch on `extensions.code` and `extensions.reason`, not on messages.
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHORIZED_FIELD_OR_TYPE: 'UNAUTHORIZED_FIELD_OR_TYPE',
  CASE_NOT_FOUND: 'CASE_NOT_FOUND',
  CONFLICT: 'CONFLICT',
  /** The service cannot reach what it depends on (its database); nothing was done, try again shortly. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** A statistics question refused before any work: its subgraph, or the caller's share of it, is busy; ask again. */
  STATISTICS_BUSY: 'STATISTICS_BUSY',
  /** A statistics question stopped: counting or deciding it took too long; ask a smaller one. */
  STATISTICS_TIMEOUT: 'STATISTICS_TIMEOUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Why a per-record rule said no; machine-readable, stable. */
export const DenialReason = {
  MISSING_SCOPE: 'MISSING_SCOPE',
  CONSENT_REQUIRED: 'CONSENT_REQUIRED',
  OUT_OF_SCOPE: 'OUT_OF_SCOPE',
  NOT_REFERRED: 'NOT_REFERRED',
  NOT_CASE_MANAGER: 'NOT_CASE_MANAGER',
  /** A psychologist acting on another psychologist's counselling session. */
  NOT_OWN_SESSION: 'NOT_OWN_SESSION',
} as const;
export type DenialReason = (typeof DenialReason)[keyof typeof DenialReason];

export class BadInputError extends GraphQLError {
  constructor(field: string, problem: string, more: { field: string; problem: string }[] = []) {
    const all = [{ field, problem }, ...more];
    super(all.map((p) => `${p.field}: ${p.problem}`).join('; '), {
      extensions: { code: ErrorCode.BAD_USER_INPUT, fields: all },
    });
  }
}

/**
 * The problems found with one input, collected so that the client learns every one in a single answer. Only the first
 * problem of each field is kept: later ones about the same field follow from it.
 */
export class InputProblems {
  private readonly found: { field: string; problem: string }[] = [];

  /** Note a problem; `null` (a check that found none) is ignored. */
  add(field: string, problem: string | null): void {
    if (problem !== null && !this.has(field)) this.found.push({ field, problem });
  }

  has(field: string): boolean {
    return this.found.some((p) => p.field === field);
  }

  /** Every problem noted, as one BAD_USER_INPUT error; nothing if none was. */
  throwIfAny(): void {
    const [first, ...more] = this.found;
    if (first) throw new BadInputError(first.field, first.problem, more);
  }
}

export function badInput(field: string, problem: string): BadInputError {
  return new BadInputError(field, problem);
}

export function forbidden(reason: DenialReason): GraphQLError {
  return new GraphQLError('Forbidden', { extensions: { code: ErrorCode.FORBIDDEN, reason } });
}

export function unauthenticated(message = 'Authentication required'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
}

/**
 * A missing case and a hidden case must look the same to someone who may not see it, so callers use this only after
 * the authorization decision has been made, or for callers who could have seen the case had it existed.
 */
export function caseNotFound(): GraphQLError {
  return new GraphQLError('Case not found', { extensions: { code: ErrorCode.CASE_NOT_FOUND } });
}

export function conflict(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT } });
}

const UNREACHABLE =
  /connection terminated|connection ended unexpectedly|timeout exceeded when trying to connect|query read timeout|timeout acquiring a connection|econnrefused|econnreset/i;

/**
 * The codes of a database that cannot serve: sockets refused, reset or timed out; PostgreSQL shutting down, starting
 * or crashed (57P01-57P03); a database renamed, dropped or closed to connections (3D000, 55000 with "not accepting
 * connections"); out of connection slots (53300). Class 08 (connection exception) is tested apart.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '3D000',
  '53300',
]);

/** Whether an error says the database could not be reached (stopped, frozen, closed, or every connection busy). */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 6; depth++) {
    const x = e as { name?: string; code?: string; message?: string; cause?: unknown; originalError?: unknown };
    if (x.name === 'ConnectionException' || x.name === 'KnexTimeoutError') return true;
    if (typeof x.code === 'string' && (UNAVAILABLE_CODES.has(x.code) || /^08[0-9A-Z]{3}$/.test(x.code))) return true;
    if (
      x.code === '55000' &&
      typeof x.message === 'string' &&
      /not (currently )?accepting connections/i.test(x.message)
    )
      return true;
    if (typeof x.message === 'string' && UNREACHABLE.test(x.message)) return true;
    e = x.originalError ?? x.cause;
  }
  return false;
}

export function serviceUnavailable(): GraphQLError {
  return new GraphQLError('This service cannot reach its database; nothing was done, try again shortly', {
    extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
  });
}

/** Whoever can count refusals: the request's access recorder (context.ts). */
interface Counts {
  access: { denied(caseId: string | null, reason: string): void };
}

/** A refused read of a case, counted in the subgraph's denial record, as the error to throw. */
export function refused(ctx: Counts, caseId: string | null, reason: DenialReason): GraphQLError {
  ctx.access.denied(caseId, reason);
  return forbidden(reason);
}
