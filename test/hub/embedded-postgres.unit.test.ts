import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { checkReachable, superviseServer, unreachableForOthers } from '../../services/hub/embedded-postgres.js';

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
  // The supervision, over a stand-in with the embedded package's shape: `start()` spawns a process it keeps in
  // `process`, `stop()` ends it. (A real server cannot start from a clone in a folder only root can enter.)
  class StandIn {
    process?: ChildProcess;
    starts = 0;
    async start(): Promise<void> {
      this.starts += 1;
      this.process = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      await once(this.process, 'spawn');
    }
    async stop(): Promise<void> {
      const p = this.process!;
      const exited = once(p, 'exit');
      p.kill('SIGINT');
      await exited;
    }
  }

  it('is started again after the backoff, and stops cleanly afterwards', async () => {
    const server = new StandIn();
    await server.start();
    const lines: string[] = [];
    const supervisor = superviseServer(server, (l) => lines.push(l));
    const first = server.process!;
    first.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (!lines.includes('postgres is back') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(lines).toEqual(['postgres stopped unexpectedly (SIGKILL); restarting in 0.5 s', 'postgres is back']);
    expect({ starts: server.starts, newProcess: server.process !== first }).toEqual({ starts: 2, newProcess: true });
    await supervisor.stop();
    expect(server.process!.signalCode).toBe('SIGINT');
    // Stopped on purpose: not started again.
    await new Promise((r) => setTimeout(r, 800));
    expect(server.starts).toBe(2);
  });

  it('stops without waiting when the server is already gone', async () => {
    const server = new StandIn();
    await server.start();
    const supervisor = superviseServer(server, () => undefined);
    const exited = once(server.process!, 'exit');
    server.process!.kill('SIGKILL');
    await exited;
    await supervisor.stop();
    await new Promise((r) => setTimeout(r, 800));
    expect(server.starts).toBe(1);
  });
});
