import type { EntityManager } from '@mikro-orm/postgresql';
import { type HubContext, oneById } from '../../shared/context.js';
import type { Sharing } from '../../shared/sharing/wire.js';
import { BreakGlass } from '../entities/break-glass.entity.js';
import { Case } from '../entities/case.entity.js';
import { Consent } from '../entities/consent.entity.js';
import { ConsentOverride } from '../entities/consent-override.entity.js';
import { Referral } from '../entities/referral.entity.js';
import { consentsInForce, grantsInForce, overridesInForce } from '../policies/consent.policy.js';
import { ConsentScope } from '../types/case-enums.js';

export type CaseFacts = Sharing & { caseId: string };

/** The sharing facts of many cases at once, in the wire's own shape: five queries, whatever the number of cases. */
export async function factsFor(em: EntityManager, ids: string[], now: Date): Promise<CaseFacts[]> {
  const [cases, consents, overrides, referrals, grants] = await Promise.all([
    em.find(Case, { id: { $in: ids } }, { populate: ['center'], fields: ['id', 'center.code', 'center.district'] }),
    em.find(Consent, { $and: [{ case: { $in: ids }, scope: { $ne: ConsentScope.STATISTICS } }, consentsInForce(now)] }),
    em.find(ConsentOverride, { $and: [{ case: { $in: ids } }, overridesInForce(now)] }),
    em.find(Referral, { case: { $in: ids } }),
    em.find(BreakGlass, { $and: [{ case: { $in: ids } }, grantsInForce(now)] }),
  ]);
  const of = <T extends { case: { id: string } }>(rows: T[], id: string) => rows.filter((r) => r.case.id === id);
  return cases.map((c) => ({
    caseId: c.id,
    centerCode: c.center.code,
    district: c.center.district,
    consents: [
      ...of(consents, c.id).map((k) => ({
        agency: k.scope,
        basis: 'CONSENT',
        expiresAt: k.expiresAt ?? null,
        reason: null,
      })),
      ...of(overrides, c.id).map((o) => ({
        agency: o.agency,
        basis: 'OVERRIDE',
        expiresAt: o.expiresAt,
        reason: o.reason,
      })),
    ],
    referrals: of(referrals, c.id).map((r) => ({ agency: r.agency })),
    breakGlass: of(grants, c.id).map((g) => ({
      subject: g.subject,
      agency: g.agency,
      expiresAt: g.expiresAt,
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
