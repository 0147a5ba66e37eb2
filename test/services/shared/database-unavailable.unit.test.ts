import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../../services/shared/errors.js';

// Which failures are "the database cannot serve" (answered SERVICE_UNAVAILABLE, retried by the caller) and which are
// faults of the hub's own (INTERNAL_SERVER_ERROR, logged). PostgreSQL's codes as the driver hands them over, also
// wrapped by the ORM (originalError, cause).

const pg = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each<[string, unknown]>([
    ['a refused socket', pg('ECONNREFUSED')],
    ['an administrator shutdown (57P01)', pg('57P01')],
    ['a crash shutdown (57P02)', pg('57P02')],
    ['a server still starting (57P03)', pg('57P03')],
    ['a database renamed or dropped (3D000)', pg('3D000', 'database "center" does not exist')],
    ['no connection slot left (53300)', pg('53300')],
    ['a connection exception of class 08', pg('08006')],
    [
      'a database closed to connections (55000)',
      pg('55000', 'database "center" is not currently accepting connections'),
    ],
    ['the same, wrapped by the ORM', { name: 'DriverException', originalError: pg('3D000') }],
  ])('yes: %s', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a unique violation (23505)', pg('23505')],
    ["another 55000: a prerequisite of the hub's own", pg('55000', 'lock is not available')],
    ['an out-of-range date-time (22008)', pg('22008')],
    ['a plain error', new Error('boom')],
    ['nothing', undefined],
  ])('no: %s', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
