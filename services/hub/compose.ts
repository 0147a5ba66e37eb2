import 'reflect-metadata';
import { composeServices } from '@theguild/federation-composition';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { subgraphs } from '../registry.js';
import { buildFederatedSchema } from '../shared/schema.js';
import { errorMessage } from '../shared/log.js';
import { projectRoot } from '../shared/project.js';

// `npm run compose` writes each subgraph's SDL and the composed supergraph under schema/ from the code;
// `npm run compose:check` fails when the committed files differ from what the code composes to.

export const schemaDir = `${projectRoot}schema/`;

/** The development URL of each subgraph; deployments override it per subgraph at the gateway. */
export const defaultSubgraphUrl = (port: number): string => `http://localhost:${port}/graphql`;

export async function composeFromCode(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const services = [];
  for (const d of subgraphs) {
    const { sdl } = await buildFederatedSchema(d);
    files.set(`${d.name}.graphql`, `${sdl.trim()}\n`);
    services.push({ name: d.name, typeDefs: parse(sdl), url: defaultSubgraphUrl(d.port) });
  }
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  files.set('supergraph.graphql', `${result.supergraphSdl.trim()}\n`);
  return files;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const dirIndex = process.argv.indexOf('--dir');
  const dir = dirIndex > 0 ? `${process.argv[dirIndex + 1]}/` : schemaDir;
  const files = await composeFromCode();
  const stale: string[] = [];
  for (const [name, content] of files) {
    const path = `${dir}${name}`;
    if (check) {
      const committed = await readFile(path, 'utf8').catch(() => null);
      if (committed !== content) stale.push(name);
    } else {
      await writeFile(path, content);
      process.stdout.write(`wrote schema/${name}\n`);
    }
  }
  if (check && stale.length > 0) {
    process.stderr.write(
      `schema/ is stale: ${stale.join(', ')} differ from the code. Run \`npm run compose\` and commit.\n`,
    );
    process.exit(1);
  }
  if (check) process.stdout.write(`schema/ is current (${files.size} files)\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`${errorMessage(err)}\n`);
    process.exit(1);
  });
}
