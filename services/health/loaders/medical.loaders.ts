import { type HubContext, manyById } from '../../shared/context.js';
import { KnownReferral } from '../../shared/delivery/known-referral.entity.js';
import { ClockNotApplicable } from '../entities/clock-not-applicable.entity.js';
import { Encounter } from '../entities/encounter.entity.js';
import { Treatment } from '../entities/treatment.entity.js';

export const encountersByCase = (ctx: HubContext) =>
  manyById(
    ctx,
    'encounters.byCase',
    (ids) => ctx.em.find(Encounter, { caseId: { $in: ids } }, { orderBy: { seenAt: 'asc', id: 'asc' } }),
    (e) => e.caseId,
  );

export const treatmentsByCase = (ctx: HubContext) =>
  manyById(
    ctx,
    'treatments.byCase',
    (ids) => ctx.em.find(Treatment, { caseId: { $in: ids } }, { orderBy: { givenAt: 'asc', id: 'asc' } }),
    (t) => t.caseId,
  );

export const notApplicableByCase = (ctx: HubContext) =>
  manyById(
    ctx,
    'clockNotApplicable.byCase',
    (ids) => ctx.em.find(ClockNotApplicable, { caseId: { $in: ids } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
    (n) => n.caseId,
  );

/** The referrals of each case made to health, as the center told them, the last one received first. */
export const referralsByCase = (ctx: HubContext) =>
  manyById(
    ctx,
    'knownReferrals.byCase',
    (ids) =>
      ctx.em.find(
        KnownReferral,
        { caseId: { $in: ids } },
        { orderBy: { receivedAt: 'desc', version: 'desc', referralId: 'asc' } },
      ),
    (k) => k.caseId,
  );
