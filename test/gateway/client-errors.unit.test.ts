import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { forClient } from '../../gateway/errors.js';
import { forbidden, validationFailed } from '../helpers/errors.js';

// What of an error reaches a client, whatever subgraph it comes from.

describe('errors as clients see them', () => {
  it("a subgraph's refusal of a variable loses the value it repeats and the gateway's internal variable name", () => {
    const e = new GraphQLError(
      'Variable "$_openCase_input" got invalid value "Uwimana" at "_openCase_input.incidentAt"; DateTime cannot represent an invalid date-time-string Uwimana.',
      { path: ['openCase'], extensions: { code: 'BAD_USER_INPUT', serviceName: 'center' } },
    );
    expect((forClient(e) as GraphQLError).toJSON()).toEqual({
      message: 'A value sent does not fit what a service expects',
      path: ['openCase'],
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it("the gateway's own refusal of a variable is kept as it is: it names the caller's variable and no value", () => {
    const e = {
      message: 'Variable "$input" got an invalid value at "input.survivor.sex": must be a value of type Sex',
      extensions: { code: 'BAD_USER_INPUT' },
    };
    expect(forClient(e)).toEqual(e);
  });

  it('only documented extensions pass; a stack trace, a service name and an HTTP detail do not', () => {
    const e = {
      message: 'Forbidden',
      path: ['case'],
      extensions: {
        code: 'FORBIDDEN',
        reason: 'OUT_OF_SCOPE',
        stacktrace: ['at x'],
        serviceName: 'center',
        http: { status: 403 },
      },
    };
    expect(forClient(e)).toEqual(forbidden('OUT_OF_SCOPE', ['case']));
  });

  it.each([
    ['Value "Uwimana" does not exist in "Sex" enum.', 'A value given does not exist in "Sex" enum.'],
    ['Int cannot represent non-integer value: "0788123456"', 'Int cannot represent non-integer value.'],
    ['String cannot represent a non string value: 250788123456', 'String cannot represent a non string value.'],
    [
      'Enum "Sex" cannot represent non-enum value: "Uwimana". Did you mean the enum value "FEMALE"?',
      'Enum "Sex" cannot represent non-enum value.',
    ],
    [
      'Expected value of type "DateTimeISO", found "Uwimana"; DateTime cannot represent an invalid date-time-string Uwimana.',
      'Expected value of type "DateTimeISO".',
    ],
    [
      'Field "nickname" is not defined by type "NewSurvivorInput".',
      'Field "nickname" is not defined by type "NewSurvivorInput".',
    ],
  ])('a value written in the document is not repeated: %j', (message, shown) => {
    expect(forClient({ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })).toEqual(validationFailed(shown));
  });
});
