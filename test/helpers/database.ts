import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { whenFileDone } from './cleanup.js';
import { createDatabase, databaseUrl, dropDatabase } from '../../services/hub/databases.js';

/** A fresh database for this test file, cloned from the migrated template; dropped when the file is done. */
export async function testDatabase(): Promise<string> {
  const server = inject('pgServerUrl');
  // Named after the run's template, so that the run's teardown can drop any a crashed file left behind.
  const name = `${inject('pgTemplate')}_f_${randomBytes(5).toString('hex')}`;
  await createDatabase(server, name, inject('pgTemplate'));
  whenFileDone(() => dropDatabase(server, name));
  return databaseUrl(server, name);
}
