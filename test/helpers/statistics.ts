import { rememberStatistics } from '../../services/shared/delivery/known-referrals.js';
import type { CaseStatistics } from '../../services/shared/delivery/message.js';
import { demoCenters } from '../../services/shared/demo-plan.js';
import type { SubgraphHarness } from './subgraph-harness.js';

// What every statistics test asks and checks, whichever subgraph answers.

export const TABLE_FIELDS = `statistic period from to rows columns threshold rowLabels columnLabels
  cells { row column count suppressed } rowTotals { row column count suppressed }
  columnTotals { row column count suppressed } total { row column count suppressed } csv`;

/** A published cell: a count, or suppressed when `count` is null. */
export const cell = (row: string | null, column: string | null, count: number | null) => ({
  row,
  column,
  count,
  suppressed: count === null,
});

export type Consent = 'given' | 'none' | 'withdrawn' | 'expired';

/**
 * Tell an agency's harness a case's statistics facts as the center would: an adult Rwandan woman at `centerCode`,
 * raped, with consent to statistics as `consent` says (given an hour ago, or withdrawn or expired since).
 */
export async function tellFacts(
  h: SubgraphHarness,
  caseId: string,
  o: { centerCode?: string; consent?: Consent; over?: Partial<CaseStatistics> } = {},
): Promise<void> {
  const center = demoCenters().find((c) => c.code === (o.centerCode ?? 'GASABO-1'))!;
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  const now = new Date().toISOString();
  const consent = o.consent ?? 'given';
  await rememberStatistics(h.orm.em.fork(), {
    type: 'case.statistics',
    caseId,
    version: Date.now() * 1000,
    centerCode: center.code,
    district: center.district,
    incidentType: 'RAPE',
    ageBand: '25-59',
    sex: 'FEMALE',
    nationalityGroup: 'RWANDAN',
    consentFrom: consent === 'none' ? null : hourAgo,
    consentUntil: consent === 'expired' ? now : null,
    consentWithdrawnAt: consent === 'withdrawn' ? now : null,
    ...o.over,
  });
}
