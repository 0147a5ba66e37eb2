import { type DocumentNode, Kind, parse, print, type StringValueNode } from 'graphql';
import { subgraphUrlVariable } from '../services/shared/settings.js';
import { errorMessage } from '../services/shared/log.js';

// The gateway serves any valid Federation 2 supergraph file. Subgraph URLs inside it are development defaults; a
// deployment points each subgraph elsewhere with SUBGRAPH_URL_<NAME> (e.g. SUBGRAPH_URL_GENDER_MINISTRY), rewritten
// here in the document before the runtime sees it.

export interface SubgraphEndpoint {
  /** The subgraph's name as composed (join__graph name), e.g. "gender-ministry". */
  name: string;
  url: string;
}

export interface Supergraph {
  document: DocumentNode;
  subgraphs: SubgraphEndpoint[];
}

export const overrideVariable = subgraphUrlVariable;

export class SupergraphError extends Error {}

export function loadSupergraph(sdl: string, env: NodeJS.ProcessEnv = process.env): Supergraph {
  let document: DocumentNode;
  try {
    document = parse(sdl);
  } catch (err) {
    throw new SupergraphError(`the supergraph is not valid GraphQL: ${errorMessage(err)}`);
  }
  const subgraphs: SubgraphEndpoint[] = [];
  const known = new Set<string>();
  const problems: string[] = [];
  const rewritten = {
    ...document,
    definitions: document.definitions.map((def) => {
      if (def.kind !== Kind.ENUM_TYPE_DEFINITION || def.name.value !== 'join__Graph') return def;
      return {
        ...def,
        values: def.values?.map((value) => ({
          ...value,
          directives: value.directives?.map((dir) => {
            if (dir.name.value !== 'join__graph') return dir;
            const arg = (n: string) =>
              dir.arguments?.find((a) => a.name.value === n)?.value as StringValueNode | undefined;
            const name = arg('name')?.value ?? value.name.value.toLowerCase();
            const variable = overrideVariable(name);
            known.add(variable);
            let url = arg('url')?.value ?? '';
            const override = env[variable];
            if (override) {
              try {
                url = new URL(override).toString();
              } catch {
                problems.push(`${variable}=${JSON.stringify(override)}: must be an absolute URL`);
              }
            }
            subgraphs.push({ name, url });
            return {
              ...dir,
              arguments: dir.arguments?.map((a) =>
                a.name.value === 'url' ? { ...a, value: { kind: Kind.STRING, value: url } as StringValueNode } : a,
              ),
            };
          }),
        })),
      };
    }),
  } as DocumentNode;
  for (const key of Object.keys(env)) {
    if (key.startsWith('SUBGRAPH_URL_') && !known.has(key))
      problems.push(`${key}: the supergraph has no such subgraph`);
  }
  if (subgraphs.length === 0)
    problems.push('the supergraph declares no subgraphs (no join__Graph enum): is it a Federation 2 supergraph?');
  if (problems.length > 0) throw new SupergraphError(problems.join('; '));
  return { document: parse(print(rewritten)), subgraphs };
}
