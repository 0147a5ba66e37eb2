import { randomUUID } from 'node:crypto';
import { demoClaims, demoUser } from '../../services/hub/demo-users.js';
import { demoCenters } from '../../services/shared/demo-plan.js';
import { intake } from '../helpers/case-files.js';
import { createStack } from '../helpers/stack.js';
import { pct } from './load.js';

// Intakes per second through the gateway: reception officers opening cases, each with its own idempotency key, at
// 1, 8 and 32 concurrent clients spread over the 44 centers. After each run, every case number the run took is
// checked: as many cases as answers, no number twice, and at each center the numbers follow one another with no gap
// (a lost number would be a case-number sequence advanced by an intake that did not land). The country needs about
// 440 intakes a day; the goal of 300 a second is headroom for bulk imports and bursts.

const OPEN = `mutation($i: OpenCaseInput!) { openCase(input: $i) { id caseNumber } }`;

export async function intakeRows(
  url: string,
  log: (line: string) => void,
  o: { roundMs: number; concurrency?: number[] },
): Promise<{ errors: number }> {
  const stack = await createStack(url);
  const centers = demoCenters().map((c) => c.code);
  const token = await stack.tokenFor({ ...demoClaims(demoUser('reception')), centers });
  let errors = 0;
  log('');
  log(`intakes through the gateway (${o.roundMs / 1000} s per row), each with its own idempotency key:`);
  log(
    `${'clients'.padEnd(10)}${'intakes/s'.padStart(11)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}  case numbers`,
  );
  try {
    for (const clients of o.concurrency ?? [1, 8, 32]) {
      const numbers: string[] = [];
      const latencies: number[] = [];
      let failed = 0;
      const started = performance.now();
      const end = started + o.roundMs;
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          for (let n = 0; performance.now() < end; n++) {
            const centerCode = centers[(c + n * clients) % centers.length]!;
            const t = performance.now();
            const res = await fetch(stack.gatewayUrl, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({
                query: OPEN,
                variables: { i: { ...intake(centerCode), idempotencyKey: randomUUID() } },
              }),
            });
            const json = (await res.json()) as { data?: { openCase?: { caseNumber: string } }; errors?: unknown[] };
            latencies.push(performance.now() - t);
            if (!res.ok || json.errors || !json.data?.openCase) failed += 1;
            else numbers.push(json.data.openCase.caseNumber);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const check = checkNumbers(numbers);
      if (failed > 0 || check !== 'none lost, none twice') errors += 1;
      log(
        `${String(clients).padEnd(10)}${(numbers.length / seconds).toFixed(1).padStart(11)}${pct(latencies, 50).toFixed(1).padStart(9)}${pct(latencies, 99).toFixed(1).padStart(9)}${String(failed).padStart(8)}  ${numbers.length} taken, ${check}`,
      );
    }
  } finally {
    await stack.close();
  }
  log('goal: at least 300 intakes/s');
  return { errors };
}

/** Whether the numbers a run took are each taken once and, per center and year, follow one another with no gap. */
function checkNumbers(numbers: string[]): string {
  if (new Set(numbers).size !== numbers.length) return 'a number taken twice';
  const byCenter = new Map<string, number[]>();
  for (const n of numbers) {
    const [center, year, seq] = n.split('/');
    const key = `${center}/${year}`;
    byCenter.set(key, [...(byCenter.get(key) ?? []), Number(seq)]);
  }
  for (const [key, seqs] of byCenter) {
    seqs.sort((a, b) => a - b);
    if (seqs.at(-1)! - seqs[0]! + 1 !== seqs.length) return `a gap at ${key}`;
  }
  return 'none lost, none twice';
}
