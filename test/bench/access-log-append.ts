import { randomUUID } from 'node:crypto';
import { demoClaims, demoUser } from '../../services/hub/demo-users.js';
import { subgraphs } from '../../services/registry.js';
import { appendAccessLog } from '../../services/shared/access-log/store.js';
import { callerFromClaims } from '../../services/shared/caller.js';
import { openOrm } from '../../services/shared/orm.js';

// The access-log append on its own. Each subgraph's log is one hash chain: an append takes the chain's lock, computes
// its link from the one before, and holds the lock until its transaction commits. So a chain takes appends one at a
// time, and its rate is what one commit costs; more writers only queue. This measures, per subgraph, appends per
// second with 1, 4 and 16 concurrent writers, each append a read path's (one entry, committed on its own).

const WINDOW_MS = Number(process.env.BENCH_APPEND_MS ?? 2000);

export async function appendRates(url: string, log: (line: string) => void): Promise<void> {
  const caller = callerFromClaims(demoClaims(demoUser('case-manager')));
  const caseId = randomUUID();
  log('');
  log(`access-log append alone, appends/s per chain (${WINDOW_MS} ms per cell):`);
  log(`${'subgraph'.padEnd(18)}${'1 writer'.padStart(10)}${'4 writers'.padStart(11)}${'16 writers'.padStart(12)}`);
  for (const d of subgraphs) {
    const orm = await openOrm(d, { clientUrl: url, poolMax: 16 });
    try {
      const rates: number[] = [];
      for (const writers of [1, 4, 16]) {
        let appends = 0;
        const until = performance.now() + WINDOW_MS;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: writers }, async () => {
            while (performance.now() < until) {
              await appendAccessLog(orm.em.fork(), caller, 'bench', [
                { caseId, action: 'READ', fields: ['bench'], basis: 'CARE_TEAM', reason: null },
              ]);
              appends += 1;
            }
          }),
        );
        rates.push(appends / ((performance.now() - started) / 1000));
      }
      log(
        `${d.name.padEnd(18)}${rates.map((r, i) => r.toFixed(0).padStart(i === 0 ? 10 : i === 1 ? 11 : 12)).join('')}`,
      );
    } finally {
      await orm.close();
    }
  }
}
