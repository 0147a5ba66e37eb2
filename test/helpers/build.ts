import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * `npm run build`'s compiler run, for what starts the hub as production runs it (the end-to-end test, the bench):
 * incremental, so a few seconds when dist/ is current, half a minute when not.
 */
export async function buildHub(): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'services/hub/tsconfig.build.json'],
    { cwd: root },
  );
}
