import { demoClaims, demoUser, issueToken } from '../../services/hub/demo-users.js';
import { startHub } from './hub-process.js';
import { load, pct } from './load.js';

// A national user's first page of cases through the gateway, on whatever DATABASE_URL holds (say, the two million
// cases of `npm run seed -- --cases 2000000`): `npx tsx test/bench/national-page.ts`. The hub runs as `npm start` runs
// it (compiled, its own processes, no demo seed); the caller is `ministry-system`, the national role that reads case
// files (it sees the cases referred to the gender ministry with the survivor's consent). One client at a time, so the
// latency is the page's own; each page is also written to the center's access log (50 reads), as always.

const QUERY = `{ cases(first: 50) { nodes { id caseNumber openedAt incidentType status center { code district } } } }`;
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must name a database the seed generator (or the demo) filled');
const ms = Number(process.env.BENCH_ROUND_MS ?? 20_000);

const hub = await startHub(url);
try {
  const token = await issueToken(hub.issuerJwk, demoClaims(demoUser('ministry-system')));
  const first = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY }),
  });
  const answer = (await first.json()) as { data?: { cases?: { nodes: unknown[] } }; errors?: unknown };
  if (answer.errors) throw new Error(`the page failed: ${JSON.stringify(answer.errors)}`);
  process.stdout.write(`cases on the first page: ${answer.data?.cases?.nodes.length ?? 0}\n`);
  await load({ url: hub.url, token, query: QUERY, concurrency: 1, ms: 3000 }); // warm-up
  const s = await load({ url: hub.url, token, query: QUERY, concurrency: 1, ms });
  process.stdout.write(
    `cases(first: 50), ministry-system, 1 client, ${s.requests} requests in ${(s.ms / 1000).toFixed(1)} s, ` +
      `${s.errors} errors: p50 ${pct(s.latencies, 50).toFixed(1)} ms, p90 ${pct(s.latencies, 90).toFixed(1)} ms, ` +
      `p99 ${pct(s.latencies, 99).toFixed(1)} ms\n`,
  );
} finally {
  await hub.stop();
}
