import { resolve } from 'node:path';
import { readSettings } from '../shared/settings.js';
import { pathSettings } from './settings.js';

/**
 * Where local state lives: the embedded PostgreSQL's data and the development keys. `.data/` in the project
 * (git-ignored) unless DATA_DIR says otherwise; the end-to-end test points it at a temporary folder.
 */
export const dataDir = `${resolve(readSettings(pathSettings).dataDir)}/`;

export interface ProvidedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when it is set; otherwise the embedded server with its data under .data/postgres. Every hub command
 * that needs a database goes through here, so the two paths stay the same everywhere.
 */
export async function provideDatabase(o: { purpose: string; log: (line: string) => void }): Promise<ProvidedDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) return { url, embedded: false, stop: async () => undefined };
  o.log(`DATABASE_URL is not set: starting the embedded PostgreSQL for ${o.purpose}`);
  // Loaded only when needed: commands that never start it (npm run token) should not carry its exit hooks.
  const { startEmbeddedPostgres } = await import('./embedded-postgres.js');
  const server = await startEmbeddedPostgres({ dir: `${dataDir}postgres`, database: 'isange', log: o.log });
  return { url: server.url, embedded: true, stop: server.stop };
}
