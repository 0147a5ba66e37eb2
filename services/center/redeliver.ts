import type { EntityManager } from '@mikro-orm/postgresql';
import { subgraphOfSharing } from '../shared/agencies.js';
import type { Outgoing } from '../shared/descriptor.js';
import type { ReferralStatus } from '../shared/referral-lifecycle.js';

/** The migration that gave referrals their lifecycle, and the agencies their table of known referrals. */
const LIFECYCLE = 'Migration20261129170000Referral';

/**
 * When referrals gain their lifecycle, the agencies' tables of known cases become tables of known referrals, empty:
 * every referral made before is told to its agency again, where it stands now, so that no agency loses the right to
 * write on a case it serves.
 */
export async function redeliverReferrals(em: EntityManager, applied: readonly string[]): Promise<Outgoing[]> {
  if (!applied.includes(LIFECYCLE)) return [];
  // What the center used to tell every agency of every case it opened is no longer sent nor accepted: messages of it
  // still waiting would only fail for days and then be reported undeliverable.
  await em
    .getConnection()
    .execute(`delete from center_outbox.job where data->>'type' = 'case.opened' and state in ('created', 'retry')`);
  const rows: {
    id: string;
    case_id: string;
    agency: string;
    status: ReferralStatus;
    version: number;
    code: string;
    district: string;
    incident_at: Date;
  }[] = await em.getConnection().execute(
    `select r.id, r.case_id, r.agency, r.status, r.version, ctr.code, ctr.district, c.incident_at
       from center.referral r join center.survivor_case c on c.id = r.case_id join center.center ctr on ctr.id = c.center_id
      order by r.referred_at, r.id`,
  );
  return rows.map((r) => ({
    receiver: subgraphOfSharing(r.agency),
    message: {
      type: 'referral.changed',
      referralId: r.id,
      caseId: r.case_id,
      centerCode: r.code,
      district: r.district,
      incidentAt: new Date(r.incident_at).toISOString(),
      status: r.status,
      version: r.version,
    },
  }));
}
