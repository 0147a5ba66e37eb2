import type { GraphQLResolveInfo } from 'graphql';
import { clockEvidenceOf } from '../loaders/clock-evidence.loaders.js';
import { Arg, Ctx, Info, Int, Query, Resolver } from 'type-graphql';
import { selectedFields } from '../../shared/access-log/selection.js';
import type { Caller } from '../../shared/caller.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { KnownReferral } from '../../shared/delivery/known-referral.entity.js';
import { badInput, DenialReason, forbidden } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { placeReaches } from '../../shared/org-scope.js';
import { SHARING_REFERRAL } from '../../shared/referral-lifecycle.js';
import { LegalBasis } from '../../shared/sharing/decide.js';
import { notApplicableByCase, referralsByCase } from '../loaders/medical.loaders.js';
import { CLOCKS, LONGEST_WINDOW_MS, minutesLeft, readClocks, SHORTEST_WINDOW_MS } from '../policies/clinical-clocks.js';
import { CaseRef } from '../types/case.type.js';
import { ClockStatus } from '../types/clinical-clock.js';
import { ClinicalAlert } from '../types/clocks.type.js';

const HOUR = 3_600_000;
export const MAX_ALERT_HOURS = 168;

// Who gets which alerts. A root query has no sharing facts from the center: the gateway asks health first, and the
// center's facts (consent, overrides, emergency grants, where the case is now) come only with a Case. So the rule here
// is health's own knowledge of the referrals made to it:
//   checked: the caller holds medical:read (the schema and the guard); the case has a referral to health that health
//   was told of, in a status that shares the case (requested, accepted or completed); and the case is within the
//   caller's place, where the referral health heard of last says it is (organisational scope, placeReaches);
//   not checked: consent. Whether the survivor's consent to health is in force right now is the center's to say, and
//   it says so when the case itself is read: `alert.case` (and everything under it, the medical slice included) goes
//   through the center's read rules at the gateway, and is null with FORBIDDEN where they refuse it. An alert shows no
//   more than a case id, which clock and when it closes: what a clinician needs in order to open the case, where the
//   consent is checked. A referral was itself refused without consent or an override in force.
// Clinicians read it on the basis of the referral (REFERRAL); a case manager, who reads the medical slice of cases at
// their own center as care team, reads it as CARE_TEAM. Emergency (break-glass) access opens one case by id, never a
// list, so it plays no part here.

function basisOf(c: Caller): LegalBasis | null {
  if (c.agency === 'health') return LegalBasis.REFERRAL;
  if (c.agency === 'center') return LegalBasis.CARE_TEAM;
  return null;
}

/** The caller's place as a filter on the referrals: only a narrowing; placeReaches decides. */
function placeFilter(c: Caller) {
  if (c.place.kind === 'centers') return { centerCode: { $in: [...c.place.centers] } };
  if (c.place.kind === 'district') return { district: c.place.district };
  return {};
}

@Resolver()
export class ClinicalAlertResolver {
  // Nullable, like the hub's other guarded root fields: a refusal nulls this field, not the rest of the answer.
  @Query(() => [ClinicalAlert], {
    nullable: true,
    description:
      "The clinical clocks of the caller's cases (referred to health, within the caller's place) that are still due " +
      'and close within `within` hours, most urgent first: by deadline, then case id. Consent is checked when the ' +
      'case itself is read (`case`).',
  })
  @Requires('medical:read')
  async clinicalAlerts(
    @Arg('within', () => Int, { description: `Hours ahead, 1 to ${MAX_ALERT_HOURS}.` }) within: number,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ClinicalAlert[]> {
    if (within < 1 || within > MAX_ALERT_HOURS) throw badInput('within', `must be from 1 to ${MAX_ALERT_HOURS} hours`);
    const caller = callerOf(ctx);
    const basis = basisOf(caller);
    if (!basis) throw forbidden(DenialReason.OUT_OF_SCOPE);
    const now = new Date();
    const until = new Date(now.getTime() + within * HOUR);

    // Only an incident recent enough to have a clock still open, and old enough for one to close by `until`.
    const band = {
      $gte: new Date(now.getTime() - LONGEST_WINDOW_MS),
      $lte: new Date(until.getTime() - SHORTEST_WINDOW_MS),
    };
    const near = await ctx.em.find(KnownReferral, { incidentAt: band, ...placeFilter(caller) });
    const caseIds = [...new Set(near.map((k) => k.caseId))];
    // One statement per kind of row for all the cases (the loaders batch the loads of one tick).
    const rows = await Promise.all(
      caseIds.map(async (caseId) => {
        const [known, given, na] = await Promise.all([
          referralsByCase(ctx).load(caseId),
          clockEvidenceOf(ctx, caseId),
          notApplicableByCase(ctx).load(caseId),
        ]);
        return { caseId, known, given, na };
      }),
    );

    const alerts: ClinicalAlert[] = [];
    for (const { caseId, known, given, na } of rows) {
      const [latest] = known;
      if (!latest || !placeReaches(caller.place, latest)) continue;
      if (!known.some((k) => SHARING_REFERRAL.includes(k.status))) continue;
      const atCenter = (x: { centerCode: string }) => x.centerCode === latest.centerCode;
      for (const c of readClocks(latest.incidentAt, given.filter(atCenter), na.filter(atCenter), now)) {
        if (c.status !== ClockStatus.DUE || c.deadline > until) continue;
        const minutes = minutesLeft(c.deadline, now);
        alerts.push(
          Object.assign(new ClinicalAlert(), {
            caseId,
            case: Object.assign(new CaseRef(), { id: caseId, sharing: null }),
            clock: c.clock,
            deadline: c.deadline,
            minutesLeft: minutes,
            hoursLeft: Math.floor((minutes * 100) / 60) / 100,
          }),
        );
      }
    }
    const order = (a: ClinicalAlert) => CLOCKS.findIndex((c) => c.clock === a.clock);
    alerts.sort(
      (a, b) =>
        a.deadline.getTime() - b.deadline.getTime() ||
        (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0) ||
        order(a) - order(b),
    );

    // Logged as what health showed of each case: the alert's own fields. What is asked under `case` other than its id
    // is the center's (or the medical slice's) to show, and each logs it when it does.
    const fields = (selectedFields(info, [], caller) ?? [])
      .filter((f) => !f.startsWith('case.') || f === 'case.id')
      .map((f) => `clinicalAlerts.${f}`);
    if (fields.length > 0) for (const a of alerts) ctx.access.read(a.caseId, basis, fields);
    return alerts;
  }
}
