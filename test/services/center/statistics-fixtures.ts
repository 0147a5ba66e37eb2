// Shared by the center's statistics tests: cases opened with or without consent to statistics, Safe Room stays at
// exact instants, and the cells of a table. Not a test file.
import { Case } from '../../../services/center/entities/case.entity.js';
import { SafeRoomStay } from '../../../services/center/entities/safe-room-stay.entity.js';
import { Roles, type Role } from '../../../services/shared/catalogue.js';
import { intake } from '../../helpers/case-files.js';
import type { SubgraphHarness } from '../../helpers/subgraph-harness.js';
import { addConsent, openCase, SYSTEM } from './fixtures.js';

export type StatisticsConsent = 'given' | 'none' | 'withdrawn' | 'expired';

/**
 * Open `n` cases at a center at the current (frozen) instant, each with consent to statistics unless `consent` says
 * not; their ids, in order.
 */
export async function statisticsCases(
  h: SubgraphHarness,
  centerCode: string,
  n: number,
  o: { incidentType?: string; needs?: string[]; consent?: StatisticsConsent } = {},
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { id } = await openCase(
      h,
      intake(centerCode, { incidentType: o.incidentType ?? 'RAPE', needs: o.needs ?? ['MEDICAL'] }),
    );
    const now = new Date();
    const consent = o.consent ?? 'given';
    if (consent === 'given') await addConsent(h, id, 'STATISTICS', { givenAt: now });
    if (consent === 'withdrawn') await addConsent(h, id, 'STATISTICS', { givenAt: now, withdrawnAt: now });
    if (consent === 'expired') await addConsent(h, id, 'STATISTICS', { givenAt: now, expiresAt: now });
    ids.push(id);
  }
  return ids;
}

/** A Safe Room stay of a case's survivor at its center, written directly: from `admittedAt`, until `dischargedAt`. */
export async function addStay(
  h: SubgraphHarness,
  caseId: string,
  admittedAt: string,
  dischargedAt: string | null,
): Promise<void> {
  const em = h.orm.em.fork();
  const c = await em.findOneOrFail(Case, caseId);
  em.create(SafeRoomStay, {
    case: c,
    center: c.center,
    survivor: c.survivor,
    admittedAt: new Date(admittedAt),
    admittedBy: SYSTEM,
    dischargedAt: dischargedAt === null ? null : new Date(dischargedAt),
    dischargedBy: dischargedAt === null ? null : SYSTEM,
  });
  await em.flush();
}

/** A cell as a table shows it: a null count is a suppressed one. */
export const cell = (row: string | null, column: string | null, count: number | null) => ({
  row,
  column,
  count,
  suppressed: count === null,
});

/** Every role that does not hold stats:read. */
export const WITHOUT_STATS = (Object.keys(Roles) as Role[]).filter(
  (r) => !(Roles[r].scopes as readonly string[]).includes('stats:read'),
);
