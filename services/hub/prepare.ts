import 'reflect-metadata';
import { subgraphs } from '../registry.js';
import { subgraphOfSharing } from '../shared/agencies.js';
import { demoPlan, demoReferrals } from '../shared/demo-plan.js';
import { seedKnownReferrals } from '../shared/delivery/known-referrals.js';
import { enqueueAll, installOutbox } from '../shared/delivery/outbox.js';
import { migrate, openOrm } from '../shared/orm.js';
import { withClient } from './databases.js';

export interface PrepareOptions {
  /** Seed the demo data (idempotent). */
  seed: boolean;
  demoCases?: number;
  log: (line: string) => void;
}

/** Migrate every subgraph's schema to the committed migrations, then seed the demo data if asked. */
export async function prepareDatabase(url: string, o: PrepareOptions): Promise<void> {
  const generated = o.seed && (await holdsGeneratedCases(url));
  if (generated) o.log('demo data not seeded: the database holds the cases `npm run seed` generated');
  const plan = o.seed && !generated ? demoPlan(o.demoCases ?? 300) : null;
  for (const d of subgraphs) {
    const orm = await openOrm(d, { clientUrl: url, poolMax: 2 });
    try {
      const applied = await migrate(orm);
      o.log(`${d.name}: ${applied.length > 0 ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
      if (d.sendsTo) {
        const outbox = { databaseUrl: url, dbSchema: d.dbSchema, receivers: d.sendsTo };
        await installOutbox(outbox);
        const again = d.redeliver ? await d.redeliver(orm.em.fork(), applied) : [];
        if (again.length > 0) {
          await enqueueAll(outbox, again);
          o.log(`${d.name}: ${again.length} messages queued again for delivery`);
        }
      }
      if (plan) {
        const started = Date.now();
        await d.seed(orm.em.fork(), plan);
        // The demo referrals made to this agency, as the center would have delivered them.
        if (d.receives)
          await seedKnownReferrals(
            orm.em.fork(),
            demoReferrals(plan).filter((r) => r.delivered && subgraphOfSharing(r.agency) === d.name),
          );
        o.log(`${d.name}: demo data in place (${Date.now() - started} ms)`);
      }
    } finally {
      await orm.close();
    }
  }
}

/**
 * Whether `npm run seed` has written cases here. The demo then adds none: its case numbers were drawn for an empty
 * database and would meet the generated ones (GASABO-1/2026/000001 twice), and an analyst's decade of data is not the
 * place for a newcomer's showcase files.
 */
async function holdsGeneratedCases(url: string): Promise<boolean> {
  return withClient(url, async (c) => {
    const table = await c.query<{ t: string | null }>(`select to_regclass('center.seed_batch')::text as t`);
    if (!table.rows[0]?.t) return false;
    return (await c.query('select 1 from center.seed_batch limit 1')).rowCount === 1;
  });
}
