import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { subgraphNamed, subgraphs } from '../registry.js';
import { migrationsPath, migratorOf, openOrm } from '../shared/orm.js';
import { createDatabase, databaseUrl, dropDatabase } from './databases.js';
import { provideDatabase } from './provide-database.js';

// Developer tool: `npm run migration:create -- <subgraph>` diffs the subgraph's entities against a scratch database
// migrated to the committed migrations, writes the difference as a new migration, and rewrites the explicit list in
// migrations/index.ts. Run it after changing an entity, read the file it writes, and commit both.

async function regenerateIndex(dir: string): Promise<void> {
  const names = (await readdir(dir))
    .filter((f) => /^Migration\d+.*\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  const lines = [
    "import type { MigrationObject } from '@mikro-orm/core';",
    ...names.map((n) => `import { ${n} } from './${n}.js';`),
    '',
    '// Explicit list, in order: migrations are found by import, never by scanning a folder.',
    'export const migrations: MigrationObject[] = [',
    ...names.map((n) => `  { name: '${n}', class: ${n} },`),
    '];',
    '',
  ];
  await writeFile(`${dir}/index.ts`, lines.join('\n'));
}

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write(`usage: npm run migration:create -- <${subgraphs.map((s) => s.name).join('|')}> [--blank]\n`);
    process.exit(2);
  }
  const d = subgraphNamed(target);
  const server = await provideDatabase({ purpose: 'migration scratch', log: (l) => process.stdout.write(`${l}\n`) });
  const scratch = `isange_scratch_${randomBytes(4).toString('hex')}`;
  await createDatabase(server.url, scratch);
  try {
    const orm = await openOrm(d, { clientUrl: databaseUrl(server.url, scratch) });
    try {
      const migrator = await migratorOf(orm);
      await migrator.up();
      const blank = process.argv.includes('--blank');
      const result = await migrator.createMigration(migrationsPath(d), blank, false);
      if (!result.fileName) {
        process.stdout.write(`${d.name}: entities match the migrations, nothing to write\n`);
      } else {
        await regenerateIndex(migrationsPath(d));
        process.stdout.write(`${d.name}: wrote migrations/${result.fileName}\n${result.diff.up.join('\n')}\n`);
      }
    } finally {
      await orm.close();
    }
  } finally {
    await dropDatabase(server.url, scratch);
    await server.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
