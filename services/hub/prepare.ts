import 'reflect-metadata';
import { subgraphs } from '../registry.js';
import { subgraphOfSharing } from '../shared/agencies.js';
import { demoPlan, demoReferrals } from '../shared/demo-plan.js';
import { seedCaseStatistics, seedKnownReferrals } from '../shared/delivery/known-referrals.js';
import type { CaseStatistics } from '../shared/delivery/message.js';
import { statisticsFactsOf, statisticsToRedeliver } from '../center/policies/statistics-facts.policy.js';
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
  let facts: CaseStatistics[] = [];
  const factsFirstNeeded: string[] = [];
  for (const d of subgraphs) {
    const orm = await openOrm(d, { clientUrl: url, poolMax: 2 });
    try {
      const applied = await migrate(orm);
      o.log(`${d.name}: ${applied.length > 0 ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
      if (d.receives && applied.includes(CASE_STATISTICS_MIGRATION)) factsFirstNeeded.push(d.name);
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
        // What the center would tell the agencies of its referred cases' statistics, read as it reads them.
        if (d.sendsTo)
          facts = await statisticsFactsOf(orm.em.fork(), [...new Set(demoReferrals(plan).map((r) => r.caseId))]);
        // The demo referrals made to this agency, as the center would have delivered them, with those facts.
        if (d.receives) {
          const delivered = demoReferrals(plan).filter((r) => r.delivered && subgraphOfSharing(r.agency) === d.name);
          await seedKnownReferrals(orm.em.fork(), delivered);
          const known = new Set(delivered.map((r) => r.caseId));
          await seedCaseStatistics(
            orm.em.fork(),
            facts.filter((f) => known.has(f.caseId)),
          );
        }
        o.log(`${d.name}: demo data in place (${Date.now() - started} ms)`);
      }
    } finally {
      await orm.close();
    }
  }
  if (factsFirstNeeded.length > 0) await redeliverStatistics(url, factsFirstNeeded, o);
}

/** The agencies' migration that gives them their table of statistics facts. */
const CASE_STATISTICS_MIGRATION = 'Migration20261201090000CaseStatistics';

/** Queue the statistics facts of every case referred to these agencies, as the center reads them now. */
async function redeliverStatistics(url: string, agencies: string[], o: PrepareOptions): Promise<void> {
  const center = subgraphs.find((d) => d.sendsTo)!;
  const orm = await openOrm(center, { clientUrl: url, poolMax: 2 });
  try {
    const again = await statisticsToRedeliver(orm.em.fork(), agencies);
    if (again.length === 0) return;
    await enqueueAll({ databaseUrl: url, dbSchema: center.dbSchema, receivers: center.sendsTo! }, again);
    o.log(`${center.name}: statistics facts of ${again.length} referrals queued for ${agencies.join(', ')}`);
  } finally {
    await orm.close();
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
