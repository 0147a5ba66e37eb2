import { center } from './center/index.js';
import type { SubgraphDescriptor } from './shared/descriptor.js';
import { genderMinistry } from './gender-ministry/index.js';
import { health } from './health/index.js';
import { police } from './police/index.js';

/** The one list of subgraphs: the launcher, composition, migrations, seeding and the tests all iterate it. */
export const subgraphs: readonly SubgraphDescriptor[] = [center, health, police, genderMinistry];

export function subgraphNamed(name: string): SubgraphDescriptor {
  const d = subgraphs.find((s) => s.name === name);
  if (!d)
    throw new Error(`no subgraph named ${JSON.stringify(name)}; known: ${subgraphs.map((s) => s.name).join(', ')}`);
  return d;
}
