import type { EntityManager } from '@mikro-orm/postgresql';
import { type HubContext, oneById } from '../../shared/context.js';
import { CONSENT_WINDOW, GRANT_WINDOW, inForceSql, OVERRIDE_WINDOW } from '../../shared/sharing/in-force.js';
import { SHARING_REFERRAL } from '../../shared/referral-lifecycle.js';
import { textArray } from '../../shared/sql.js';
import type { Sharing, SharingConsent, SharingGrant } from '../../shared/sharing/wire.js';
import { ConsentScope } from '../types/case-enums.js';

export type CaseFacts = Sharing & { caseId: string };

interface Row {
  id: string;
  center_code: string;
  district: string;
  consents: { agency: string; basis: string; expiresAt: string | null; reason: string | null }[];
  referrals: { agency: string }[];
  grants: { subject: string; agency: string; expiresAt: string; reason: string | null }[];
}

/**
 * The sharing facts of many cases at once, in the wire's own shape, in one statement whatever the number of cases:
 * each case with its center, and the consents, overrides, sharing referrals (requested, accepted, completed) and emergency grants in
 * force, aggregated per case.
 * "In force" is the one rule of in-force.ts, as SQL.
 */
export async function factsFor(em: EntityManager, ids: string[], now: Date): Promise<CaseFacts[]> {
  const s = `"${em.config.get('schema')}"`;
  const consent = inForceSql(CONSENT_WINDOW, 'k', now);
  const override = inForceSql(OVERRIDE_WINDOW, 'o', now);
  const grant = inForceSql(GRANT_WINDOW, 'g', now);
  // Consents and overrides are ordered as the entities used to be found (by id): the order never changes a decision.
  const rows: Row[] = await em.getConnection().execute(
    `select c.id, ctr.code as center_code, ctr.district,
       coalesce((select json_agg(x order by x.o, x.id) from (
           select 0 as o, k.id, k.scope as agency, 'CONSENT' as basis, k.expires_at as "expiresAt", null::text as reason
             from ${s}.consent k where k.case_id = c.id and k.scope <> ? and ${consent.sql}
           union all
           select 1, o.id, o.agency, 'OVERRIDE', o.expires_at, o.reason
             from ${s}.consent_override o where o.case_id = c.id and ${override.sql}) x), '[]') as consents,
       coalesce((select json_agg(json_build_object('agency', r.agency) order by r.id)
           from ${s}.referral r where r.case_id = c.id and r.status = any(?::text[])), '[]') as referrals,
       coalesce((select json_agg(json_build_object('subject', g.subject, 'agency', g.agency,
                   'expiresAt', g.expires_at, 'reason', g.reason) order by g.id)
           from ${s}.break_glass g where g.case_id = c.id and ${grant.sql}), '[]') as grants
     from ${s}.survivor_case c join ${s}.center ctr on ctr.id = c.center_id
     where c.id = any(?::uuid[])`,
    [
      ConsentScope.STATISTICS,
      ...consent.params,
      ...override.params,
      textArray(SHARING_REFERRAL),
      ...grant.params,
      `{${ids.join(',')}}`,
    ],
  );
  const at = (v: string | null) => (v === null ? null : new Date(v));
  return rows.map((r) => ({
    caseId: r.id,
    centerCode: r.center_code,
    district: r.district,
    consents: r.consents.map((k): SharingConsent => ({
      agency: k.agency,
      basis: k.basis,
      expiresAt: at(k.expiresAt),
      reason: k.reason,
    })),
    referrals: r.referrals.map((x) => ({ agency: x.agency })),
    breakGlass: r.grants.map((g): SharingGrant => ({
      subject: g.subject,
      agency: g.agency,
      expiresAt: new Date(g.expiresAt),
      reason: g.reason,
    })),
  }));
}

export const sharingFacts = (ctx: HubContext) =>
  oneById(
    ctx,
    'sharing.byCase',
    (ids) => factsFor(ctx.em, ids, new Date()),
    (f) => f.caseId,
  );
