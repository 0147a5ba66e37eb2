import { randomUUID } from 'node:crypto';
import { seedKnownReferrals } from '../../services/shared/delivery/known-referrals.js';
import type { ReferralStatus } from '../../services/shared/referral-lifecycle.js';
import { demoCenters } from '../../services/shared/demo-plan.js';
import type { SharingJson } from '../../services/shared/sharing/wire.js';
import { accessLogOf as accessLog } from './access-log.js';
import type { SubgraphHarness } from './subgraph-harness.js';

// What the health, police and gender-ministry subgraph tests share: the sharing facts the center sends with a Case
// (through the gateway's @requires), representations carrying them, and reading an agency's access log (access-log.ts).

export const MINUTE = 60_000;

/** An instant `n` minutes from now (negative: ago), as the center sends it. */
export const inMinutes = (n: number): string => new Date(Date.now() + n * MINUTE).toISOString();

/** The sharing facts the gateway fetches from the center and hands to an agency with each Case, as JSON. */
export type Sharing = SharingJson;

export { type LogEntry, logEntry as entry } from './access-log.js';

export const CASE_MANAGER = { subject: 'demo:case-manager', agency: 'center', roles: ['case-manager'] };

/** The helpers for one agency: its schema, and the agency its consents and referrals name. */
export function agencyFixtures(schema: string, agency: 'HEALTH' | 'POLICE' | 'GENDER_MINISTRY') {
  /** A case at GASABO-1 (Gasabo), referred to the agency, with the survivor's consent for it in force. */
  const sharing = (over: Partial<Sharing> = {}): Sharing => ({
    centerCode: 'GASABO-1',
    district: 'Gasabo',
    consents: [{ agency, basis: 'CONSENT', expiresAt: null }],
    referrals: [{ agency }],
    breakGlass: [],
    ...over,
  });
  /** A Case representation as the gateway sends it; `null` facts: a representation without `sharing`. */
  const caseRef = (id: string, facts: Sharing | null = sharing()): Record<string, unknown> =>
    facts === null ? { __typename: 'Case', id } : { __typename: 'Case', id, sharing: facts };
  /** The agency's access-log entries for a case, oldest first, as stored. */
  const accessLogOf = (h: SubgraphHarness, caseId: string) => accessLog(h, schema, caseId);
  /**
   * A new case referred to this agency, as the center's delivery tells it: a random id at `centerCode` (GASABO-1
   * unless said), in that center's district, with a referral in `status` (requested unless said). Agency writes are
   * accepted only on cases with an open referral, within the writer's scope.
   */
  const referredCase = async (
    h: SubgraphHarness,
    centerCode = 'GASABO-1',
    status: ReferralStatus = 'REQUESTED',
    incidentAt = new Date(Date.now() - 2 * 60 * MINUTE),
  ): Promise<string> => {
    const center = demoCenters().find((c) => c.code === centerCode);
    if (!center) throw new Error(`no demo center ${centerCode}`);
    const caseId = randomUUID();
    await seedKnownReferrals(h.orm.em.fork(), [
      { id: randomUUID(), caseId, centerCode: center.code, district: center.district, incidentAt, status, version: 1 },
    ]);
    return caseId;
  };
  /**
   * An emergency grant for `subject`, in force for `minutes` more (negative: lapsed), opened for this agency unless
   * `forAgency` names another: a grant opens the case only to its subject acting for the agency it was opened for.
   */
  const grant = (subject: string, minutes: number, reason?: string, forAgency: string = agency) =>
    reason === undefined
      ? { subject, agency: forAgency, expiresAt: inMinutes(minutes) }
      : { subject, agency: forAgency, expiresAt: inMinutes(minutes), reason };
  return {
    sharing,
    caseRef,
    grant,
    accessLogOf,
    referredCase,
    /** `_entities` variables: each case with the facts of a case shared with the agency. */
    refs: (...ids: string[]) => ({ r: ids.map((id) => caseRef(id)) }),
    /** `_entities` variables for one case with the given facts. */
    refWith: (id: string, facts: Sharing | null) => ({ r: [caseRef(id, facts)] }),
  };
}
