import { fileURLToPath } from 'node:url';

// Where the hub runs from. In development every file is TypeScript run through tsx, in place; in production the
// build (`npm run build`) has compiled it to JavaScript under dist/, one folder deeper, and Node runs that with no
// TypeScript compiler loaded. Files the hub reads at run time (schema/, .data/, node_modules/) stay in the project
// folder either way, so they are found from here and never from a module's own location.

/** True when this process runs the compiled JavaScript under dist/, false when it runs the TypeScript sources. */
export const compiled = import.meta.url.endsWith('.js');

/** The project folder (where package.json is), with a trailing slash. */
export const projectRoot = fileURLToPath(new URL(compiled ? '../../../' : '../../', import.meta.url));

/**
 * How to start another of the hub's programs the way this one runs: `services/hub/subgraph` becomes
 * dist/services/hub/subgraph.js run by plain node when compiled, services/hub/subgraph.ts under tsx otherwise.
 */
export function entryPoint(program: string): { file: string; execArgv: string[] } {
  return compiled
    ? { file: `${projectRoot}dist/${program}.js`, execArgv: [] }
    : { file: `${projectRoot}${program}.ts`, execArgv: ['--import', 'tsx'] };
}
