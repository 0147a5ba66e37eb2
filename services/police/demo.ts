import { sharingCodeOf, subgraphOf } from '../shared/agencies.js';
import { consentGiven, DEMO_NAMES, type DemoCase, demoId, demoRandom, HOUR } from '../shared/demo-plan.js';

// The police's demo rows for a demo case: a complaint under investigation, and its suspects.

export interface DemoSuspect {
  id: string;
  fullName: string | null;
  sex: string;
  estimatedAge: number | null;
  relationship: string;
  status: string;
}
export interface DemoInvestigation {
  id: string;
  complaintNumber: string;
  status: string;
  receivedAt: Date;
  suspects: DemoSuspect[];
}

/** The investigation of a demo case the survivor let the police see and reported; null otherwise. */
export function demoInvestigation(c: DemoCase): DemoInvestigation | null {
  if (!consentGiven(c, sharingCodeOf('police')) || !c.needs.includes('POLICE')) return null;
  const { next, pick, chance } = demoRandom(subgraphOf('police').field, c.index);
  const suspects: DemoSuspect[] = Array.from({ length: chance(0.8) ? 1 : 2 }, (_, k) => ({
    id: demoId('suspect', `${c.index}:${k}`),
    fullName: chance(0.6) ? `${pick(DEMO_NAMES.male)} ${pick(DEMO_NAMES.family)}` : null,
    sex: chance(0.95) ? 'MALE' : 'FEMALE',
    estimatedAge: 18 + Math.floor(next() * 40),
    relationship: pick(['INTIMATE_PARTNER', 'FAMILY_MEMBER', 'ACQUAINTANCE', 'STRANGER', 'UNKNOWN']),
    status: pick(['AT_LARGE', 'ARRESTED', 'RELEASED']),
  }));
  return {
    id: demoId('investigation', c.index),
    complaintNumber: `RIB/${c.openedAt.getUTCFullYear()}/${String(10000 + c.index)}`,
    status: pick([
      'COMPLAINT_RECEIVED',
      'UNDER_INVESTIGATION',
      'UNDER_INVESTIGATION',
      'REFERRED_TO_PROSECUTION',
      'CLOSED',
    ]),
    receivedAt: new Date(c.openedAt.getTime() + HOUR),
    suspects,
  };
}
