import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { createDatabase, databaseUrl, dropDatabase } from '../../services/hub/databases.js';

/** A fresh database for this test file, cloned from the migrated template; dropped when the file is done. */
export async function testDatabase(): Promise<string> {
  const server = inject('pgServerUrl');
  const name = `isange_t_${randomBytes(5).toString('hex')}`;
  await createDatabase(server, name, inject('pgTemplate'));
  afterAll(async () => {
    await dropDatabase(server, name);
  });
  return databaseUrl(server, name);
}
