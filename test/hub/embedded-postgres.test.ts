import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReachable, startEmbeddedPostgres, unreachableForOthers } from '../../services/hub/embedded-postgres.js';
import { withClient } from '../../services/hub/databases.js';

// Run as root, the embedded PostgreSQL runs as the `postgres` system user, who must be able to enter every folder on
// the way to its binaries and data. A clone in a private folder (root's home, mode 700) stops with a message that says
// what to do, before anything is spawned.

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'isange-reach-'));
  await chmod(base, 0o755); // mkdtemp makes a private folder
  await mkdir(join(base, 'open'), { mode: 0o755 });
  await mkdir(join(base, 'open', 'clone'), { mode: 0o755 });
  await mkdir(join(base, 'private'));
  await chmod(join(base, 'private'), 0o700); // whatever the umask
  await mkdir(join(base, 'private', 'clone'), { mode: 0o755 });
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('folders the embedded server must reach', () => {
  it('names the first folder others cannot enter', async () => {
    expect(await unreachableForOthers(join(base, 'private', 'clone', '.data', 'postgres'))).toBe(join(base, 'private'));
  });

  it('finds nothing on an open path, folders not created yet included', async () => {
    expect(await unreachableForOthers(join(base, 'open', 'clone', '.data', 'postgres'))).toBeNull();
  });

  it('as root, refuses with what to do; as anyone else, checks nothing (the server runs as them)', async () => {
    const path = join(base, 'private', 'clone', 'node_modules');
    await expect(checkReachable([path], 0)).rejects.toThrow(
      `the embedded PostgreSQL runs as the system user "postgres" when the hub runs as root, and that user cannot enter ${join(base, 'private')} ` +
        `(on the way to ${path}). Clone the hub into a folder other users can enter (for example under /srv or /opt), ` +
        'run it as an ordinary user, or set DATABASE_URL to a PostgreSQL server.',
    );
    await expect(checkReachable([path], 1000)).resolves.toBeUndefined();
    await expect(checkReachable([join(base, 'open', 'clone')], 0)).resolves.toBeUndefined();
  });
});

describe('a crashed embedded server', () => {
  it('is started again on the same port and data, and stops cleanly afterwards', async () => {
    const dir = join(base, 'crash');
    await mkdir(dir, { mode: 0o755 });
    await chmod(dir, 0o755);
    const lines: string[] = [];
    const server = await startEmbeddedPostgres({ dir, database: 'isange_crash', log: (l) => lines.push(l) });
    try {
      await withClient(server.url, (c) => c.query('create table kept (n int); insert into kept values (42)'));
      const pid = server.pid()!;
      process.kill(pid, 'SIGKILL');
      // Back by itself: the same URL answers again, with what was committed before the crash.
      const deadline = Date.now() + 60_000;
      let rows: unknown[] | null = null;
      while (rows === null && Date.now() < deadline) {
        rows = await withClient(server.url, async (c) => (await c.query('select n from kept')).rows).catch(() => null);
        if (rows === null) await new Promise((r) => setTimeout(r, 200));
      }
      expect(rows).toEqual([{ n: 42 }]);
      expect(server.pid()).not.toBe(pid);
      expect(lines).toContain('postgres stopped unexpectedly (SIGKILL); restarting in 0.5 s');
      expect(lines).toContain('postgres is back');
    } finally {
      await server.stop();
    }
    expect(server.pid()).toBeUndefined();
  }, 90_000);
});
