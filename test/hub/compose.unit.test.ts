import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { composeFromCode, schemaDir } from '../../services/hub/compose.js';

// The gateway serves the committed supergraph; if the code moved on and nobody ran `npm run compose`, this fails.

const root = fileURLToPath(new URL('../../', import.meta.url));
const check = (dir?: string) =>
  promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'services/hub/compose.ts', '--check', ...(dir ? ['--dir', dir] : [])],
    { cwd: root },
  )
    .then((r) => ({ code: 0, out: r.stdout, err: r.stderr }))
    .catch((e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }));

describe('the committed schema/ is current', () => {
  it('every file under schema/ equals what the code composes to', async () => {
    const files = await composeFromCode();
    expect([...files.keys()].sort()).toEqual([
      'center.graphql',
      'gender-ministry.graphql',
      'health.graphql',
      'police.graphql',
      'supergraph.graphql',
    ]);
    for (const [name, content] of files)
      expect(await readFile(`${schemaDir}${name}`, 'utf8'), `schema/${name} is stale: run npm run compose`).toBe(
        content,
      );
  });

  it('`npm run compose:check` passes on the committed files and fails, naming the file, on a stale one', async () => {
    expect(await check()).toEqual({ code: 0, out: 'schema/ is current (5 files)\n', err: '' });
    const stale = await mkdtemp(join(tmpdir(), 'isange-schema-'));
    try {
      await cp(schemaDir, stale, { recursive: true });
      await writeFile(join(stale, 'police.graphql'), '# edited by hand\n', { flag: 'a' });
      expect(await check(stale)).toEqual({
        code: 1,
        out: '',
        err: 'schema/ is stale: police.graphql differ from the code. Run `npm run compose` and commit.\n',
      });
    } finally {
      await rm(stale, { recursive: true, force: true });
    }
  });
});
