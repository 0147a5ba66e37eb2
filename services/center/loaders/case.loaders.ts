import { type HubContext, manyById, oneById } from '../../shared/context.js';
import { Case } from '../entities/case.entity.js';
import { Center } from '../entities/center.entity.js';
import { Consent } from '../entities/consent.entity.js';
import { Survivor } from '../entities/survivor.entity.js';
import { SurvivorIdentity } from '../entities/survivor-identity.entity.js';
import { ConsentOverride } from '../entities/consent-override.entity.js';
import { Referral } from '../entities/referral.entity.js';
import { ReferralTransition } from '../entities/referral-transition.entity.js';

// One query per relation per request, whatever the page size.

export const centerById = (ctx: HubContext) =>
  oneById(
    ctx,
    'center.byId',
    (ids) => ctx.em.find(Center, { id: { $in: ids } }),
    (c) => c.id,
  );

export const survivorById = (ctx: HubContext) =>
  oneById(
    ctx,
    'survivor.byId',
    (ids) => ctx.em.find(Survivor, { id: { $in: ids } }),
    (s) => s.id,
  );

export const identityBySurvivor = (ctx: HubContext) =>
  oneById(
    ctx,
    'identity.bySurvivor',
    (ids) => ctx.em.find(SurvivorIdentity, { survivor: { $in: ids } }),
    (i) => i.survivor.id,
  );

export const consentsByCase = (ctx: HubContext) =>
  manyById(
    ctx,
    'consents.byCase',
    (ids) => ctx.em.find(Consent, { case: { $in: ids } }, { orderBy: { givenAt: 'asc', id: 'asc' } }),
    (c) => c.case.id,
  );

export const caseById = (ctx: HubContext) =>
  oneById(
    ctx,
    'case.byId',
    (ids) => ctx.em.find(Case, { id: { $in: ids } }),
    (c) => c.id,
  );

export const overridesByCase = (ctx: HubContext) =>
  manyById(
    ctx,
    'overrides.byCase',
    (ids) => ctx.em.find(ConsentOverride, { case: { $in: ids } }, { orderBy: { overriddenAt: 'asc', id: 'asc' } }),
    (o) => o.case.id,
  );

// Referrals made together (confirmReferrals) share their time: the agency orders them, the same on every read.
export const referralsByCase = (ctx: HubContext) =>
  manyById(
    ctx,
    'referrals.byCase',
    (ids) =>
      ctx.em.find(Referral, { case: { $in: ids } }, { orderBy: { referredAt: 'asc', agency: 'asc', id: 'asc' } }),
    (r) => r.case.id,
  );

export const transitionsByReferral = (ctx: HubContext) =>
  manyById(
    ctx,
    'referralTransitions.byReferral',
    (ids) => ctx.em.find(ReferralTransition, { referral: { $in: ids } }, { orderBy: { at: 'asc', id: 'asc' } }),
    (t) => t.referral.id,
  );
