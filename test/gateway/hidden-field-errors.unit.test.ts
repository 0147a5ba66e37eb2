import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { hiddenFieldNames } from '../../gateway/hidden-field-errors.js';
import { readFile } from 'node:fs/promises';

// The fields the gateway treats as hidden when a planner reports a failure at one of them: exactly the supergraph's
// @inaccessible fields, the agencies' events among them.

describe('hidden fields', () => {
  it('are the @inaccessible fields of the supergraph', async () => {
    const sdl = await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
    expect([...hiddenFieldNames(parse(sdl))].sort()).toEqual(
      expect.arrayContaining(['genderMinistryEvents', 'healthEvents', 'policeEvents', 'sharing']),
    );
    expect(hiddenFieldNames(parse(sdl)).has('timeline')).toBe(false);
  });
});
