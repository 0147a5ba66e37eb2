import { createStack } from '../helpers/stack.js';
import { outboxBacklog } from './database.js';

// SQL statements per request for the whole-hub table (hub-table.ts): each request sent through an in-process hub (the
// tests' stack: the same gateway and subgraph code, whose ORMs count every statement they run, reads and the access
// log's appends alike), a few times after a first one, averaged over the four subgraphs together. Counted apart from
// the timed rounds, because the ORM's statement log that counts them costs time of its own. Statements the center's
// outbox runs on its own driver are not counted; a read sends nothing through it.

export interface Counted {
  name: string;
  claims: Record<string, unknown>;
  query: string;
  variables?: Record<string, unknown>;
  /** For a page of cases: how many cases it must hold, or the count would be another page's. */
  cases?: number;
}

const TIMES = 3;

/** Statements per request, by name; throws when a request is not answered in full. */
export async function statementsPerRequest(
  databaseUrl: string,
  asks: Counted[],
  log: (line: string) => void,
): Promise<Map<string, number>> {
  const stack = await createStack(databaseUrl);
  const counted = new Map<string, number>();
  try {
    const due = await outboxBacklog(databaseUrl);
    if (due > 0) log(`  first, the ${due} deliveries the fresh database queued ...`);
    for (const until = performance.now() + 300_000; (await outboxBacklog(databaseUrl)) > 0;) {
      if (performance.now() > until) throw new Error('the outbox did not deliver its backlog within 5 minutes');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    for (const a of asks) {
      const token = await stack.tokenFor(a.claims);
      // The first request fills what later ones find ready (caches of plans, of the case-manager directory).
      const first = await stack.query(token, a.query, a.variables);
      if (first.status !== 200 || first.body.errors)
        throw new Error(`${a.name}: not answered in full: ${JSON.stringify(first.body).slice(0, 1000)}`);
      const nodes = (first.body.data as { cases?: { nodes?: unknown[] } } | null)?.cases?.nodes?.length;
      if (a.cases !== undefined && nodes !== a.cases)
        throw new Error(`${a.name}: ${nodes} cases on the page, not ${a.cases}: seed more (BENCH_GENERATED_CASES)`);
      stack.resetStatements();
      for (let i = 0; i < TIMES; i++) await stack.query(token, a.query, a.variables);
      const total = [...stack.statements.values()].reduce((sum, n) => sum + n, 0);
      counted.set(a.name, total / TIMES);
    }
  } finally {
    await stack.close();
  }
  return counted;
}
