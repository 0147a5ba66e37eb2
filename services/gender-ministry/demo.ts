import { sharingCodeOf, subgraphOf } from '../shared/agencies.js';
import { callsForFollowUp, riskOf } from './policies/vulnerability.policy.js';
import { type RiskLevel, VisitorRole, VulnerabilityFactor } from './types/follow-up-enums.js';
import { DAY, demoId, demoKey, type SharedCase, demoRandom, HOUR, knownTo } from '../shared/demo-plan.js';

// The gender ministry's demo rows for a demo case: a follow-up plan and its visits, done or to come.

export interface DemoVisit {
  id: string;
  scheduledFor: Date;
  visitorRole: VisitorRole;
  doneAt: Date | null;
  notes: string | null;
}
export interface DemoFollowUp {
  id: string;
  riskLevel: RiskLevel;
  factors: VulnerabilityFactor[];
  plan: string;
  visits: DemoVisit[];
}

/** The follow-up of a demo case the survivor let the ministry see and that needed it; null otherwise. */
export function demoFollowUp(c: SharedCase, now: Date): DemoFollowUp | null {
  if (!knownTo(c, sharingCodeOf('gender-ministry')) || !c.needs.includes('FOLLOW_UP')) return null;
  const { next, pick, chance } = demoRandom(subgraphOf('gender-ministry').field, demoKey(c));
  const visits: DemoVisit[] = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, k) => {
    const scheduledFor = new Date(c.openedAt.getTime() + (k + 1) * 14 * DAY);
    // Most past visits took place; some did not, and the first showcase file always has one overdue.
    const done = scheduledFor < now && !(c.showcase && c.index === 0) && chance(0.8);
    return {
      id: demoId('visit', `${demoKey(c)}:${k}`),
      scheduledFor,
      visitorRole: chance(0.7) ? VisitorRole.SOCIAL_WORKER : VisitorRole.LOCAL_OFFICIAL,
      doneAt: done ? new Date(scheduledFor.getTime() + 2 * HOUR) : null,
      notes: done ? 'Synthetic demo visit notes.' : null,
    };
  });
  // The assessment's factors decide the risk, as createFollowUpPlan decides it; a case that needs none has no plan.
  const all = Object.values(VulnerabilityFactor) as [VulnerabilityFactor, ...VulnerabilityFactor[]];
  const factors = [...new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(all)))];
  const riskLevel = riskOf(factors);
  if (!callsForFollowUp(riskLevel)) return null;
  return {
    id: demoId('follow-up', demoKey(c)),
    riskLevel,
    factors,
    visits,
    plan: 'Synthetic demo plan: home visits, school re-enrolment, livelihood support.',
  };
}
