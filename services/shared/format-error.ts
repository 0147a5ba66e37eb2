import { unwrapResolverError } from '@apollo/server/errors';
import { DriverException } from '@mikro-orm/core';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, isDatabaseUnavailable, serviceUnavailable } from './errors.js';
import type { Logger } from './log.js';

// Codes whose messages are written by the hub or by GraphQL itself, and so are safe to show as they are.
const PASS_THROUGH = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
]);

/**
 * Anything the hub did not phrase itself becomes a bare INTERNAL_SERVER_ERROR: a database error message can quote a
 * survivor's name from the failing row. The log keeps the error class and driver code, never the driver's message.
 */
export function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    // GraphQL's own refusal of an argument or variable value at execution (`first: $n` with n null, where the argument
    // is non-null with a default): its words name only the argument and its type, and the fault is the caller's.
    const own = graphqlOwnError(error);
    if (own && /^(Argument|Variable) "[^"]*" /.test(own.message)) {
      return {
        message: own.message,
        ...(formatted.path ? { path: formatted.path } : {}),
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        extensions: { code: ErrorCode.BAD_USER_INPUT },
      };
    }
    // Messages are never logged: a driver's message quotes SQL parameters. The class, the driver code and where it
    // was thrown are enough to find the fault.
    const original = unwrapResolverError(error) as { name?: string; code?: string; stack?: string } | undefined;
    if (isDatabaseUnavailable(original)) {
      log.warn('database unavailable', { error: original?.name ?? 'unknown', path: formatted.path ?? [] });
      return { ...serviceUnavailable().toJSON(), ...(formatted.path ? { path: formatted.path } : {}) };
    }
    const where =
      original?.stack
        ?.split('\n')
        .find((l) => l.includes('/services/'))
        ?.trim() ?? '';
    log.error(original instanceof DriverException ? 'database error' : 'unexpected error', {
      error: original?.name ?? 'unknown',
      code: original?.code ?? '',
      path: formatted.path ?? [],
      where,
    });
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/** The error graphql-js raised itself (a GraphQLError caused by no other error), under the errors that wrap it. */
function graphqlOwnError(error: unknown): GraphQLError | undefined {
  let e: unknown = error;
  while (e instanceof GraphQLError && e.originalError) e = e.originalError;
  return e instanceof GraphQLError ? e : undefined;
}
