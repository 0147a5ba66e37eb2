import { subgraphs } from '../registry.js';
import { verifyChain } from '../shared/access-log/verify.js';
import { withClient } from './databases.js';
import { provideDatabase } from './provide-database.js';
import { errorMessage } from '../shared/log.js';

// `npm run access-log:verify`: recompute every subgraph's access-log hash chain and report the first broken link.
// Exit code 0 when every chain holds, 1 when one is broken, 2 when the check could not run.

const log = (line: string) => process.stdout.write(`${line}\n`);
const db = await provideDatabase({ purpose: 'verifying the access logs', log });
let broken = false;
try {
  await withClient(db.url, async (client) => {
    for (const d of subgraphs) {
      const started = Date.now();
      const report = await verifyChain(client, d.dbSchema);
      if (report.broken) {
        broken = true;
        log(
          `${d.name}: BROKEN at entry ${report.broken.id}: ${report.broken.problem} (${report.entries} entries before it hold)`,
        );
      } else {
        log(`${d.name}: ${report.entries} entries, chain intact (${Date.now() - started} ms)`);
      }
    }
  });
  process.exitCode = broken ? 1 : 0;
} catch (err) {
  process.stderr.write(`could not verify: ${errorMessage(err)}\n`);
  process.exitCode = 2;
} finally {
  await db.stop();
}
