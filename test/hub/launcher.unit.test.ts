import { describe, expect, it } from 'vitest';
import { subgraphs } from '../../services/registry.js';
import { DELIVERIES, SubgraphNames } from '../../services/shared/agencies.js';
import { compiled, entryPoint, projectRoot } from '../../services/shared/project.js';

// The launcher (services/hub/start.ts) knows the subgraphs from the agency table alone, so that it never loads their
// code; the registry is what the subgraphs themselves run. The two must say the same.

describe('the launcher', () => {
  it('starts the subgraphs the registry lists, in its order, each sending to whom its descriptor says', () => {
    expect(SubgraphNames.map((name) => ({ name, sendsTo: DELIVERIES[name] }))).toEqual(
      subgraphs.map((d) => ({ name: d.name, sendsTo: d.sendsTo })),
    );
  });

  it('starts its children the way it runs itself: from the TypeScript sources under tsx here, as in `npm run dev`', () => {
    expect(compiled).toBe(false);
    expect(entryPoint('services/hub/subgraph')).toEqual({
      file: `${projectRoot}services/hub/subgraph.ts`,
      execArgv: ['--import', 'tsx'],
    });
  });
});
