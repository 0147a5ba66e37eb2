import { prepareDatabase } from '../../services/hub/prepare.js';
import { type DemoPlan, demoPlan } from '../../services/shared/demo-plan.js';

/** Seed the deterministic demo data into a test database; returns the plan so tests know what is there. */
export async function seedDemo(databaseUrl: string, cases: number): Promise<DemoPlan> {
  await prepareDatabase(databaseUrl, { seed: true, demoCases: cases, log: () => undefined });
  return demoPlan(cases);
}
