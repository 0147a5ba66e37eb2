import type { Sharing } from '../../shared/sharing/wire.js';
import { Need } from '../types/case-enums.js';
import { PlanStep, PlannedService } from '../types/service-plan.type.js';
import { ServiceAgency } from '../types/service-agency.js';

// The needs assessed at intake, turned into a service plan: who gives each service. Medical care is the district
// hospital's (health), a complaint the police's, follow-up and legal aid the gender ministry's (its social workers
// arrange legal aid as reintegration support); psychosocial care and the Safe Room are the center's own. The plan
// proposes the referrals; the case manager confirms them (confirmReferrals), and only agencies with consent can be.

const PROVIDER: Readonly<Record<Need, ServiceAgency | null>> = {
  [Need.MEDICAL]: ServiceAgency.HEALTH,
  [Need.POLICE]: ServiceAgency.POLICE,
  [Need.FOLLOW_UP]: ServiceAgency.GENDER_MINISTRY,
  [Need.LEGAL_AID]: ServiceAgency.GENDER_MINISTRY,
  [Need.PSYCHOSOCIAL]: null,
  [Need.SAFE_ROOM]: null,
};

/** The agencies a case's needs call for, each once. */
export function proposedAgencies(needs: readonly Need[]): ServiceAgency[] {
  return [...new Set(needs.map((n) => PROVIDER[n]).filter((a): a is ServiceAgency => a !== null))];
}

/** The plan, need by need, from the sharing facts in force (consents, overrides, sharing referrals). */
export function servicePlan(needs: readonly Need[], facts: Sharing): PlannedService[] {
  const consented = new Set(facts.consents.map((k) => k.agency));
  const referred = new Set(facts.referrals.map((r) => r.agency));
  return needs.map((need) => {
    const agency = PROVIDER[need];
    const step =
      agency === null
        ? PlanStep.AT_THE_CENTER
        : referred.has(agency)
          ? PlanStep.REFERRED
          : consented.has(agency)
            ? PlanStep.TO_CONFIRM
            : PlanStep.NEEDS_CONSENT;
    return Object.assign(new PlannedService(), { need, agency, step });
  });
}
