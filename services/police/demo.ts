import { sharingCodeOf, subgraphOf } from '../shared/agencies.js';
import { Sex } from '../shared/enums.js';
import { InvestigationStatus, SuspectRelationship, SuspectStatus } from './types/police-enums.js';
import {
  DEMO_NAMES,
  type DemoCase,
  demoId,
  demoKey,
  type SharedCase,
  demoRandom,
  HOUR,
  knownTo,
} from '../shared/demo-plan.js';
import { demoSample } from '../shared/demo-forensic.js';

// The police's demo rows for a demo case: a complaint under investigation, and its suspects.

export interface DemoSuspect {
  id: string;
  fullName: string | null;
  sex: Sex;
  estimatedAge: number | null;
  relationship: SuspectRelationship;
  status: SuspectStatus;
}
export interface DemoInvestigation {
  id: string;
  complaintNumber: string;
  status: InvestigationStatus;
  receivedAt: Date;
  suspects: DemoSuspect[];
}

/** The investigation of a demo case the survivor let the police see and reported; null otherwise. */
export function demoInvestigation(c: SharedCase): DemoInvestigation | null {
  if (!knownTo(c, sharingCodeOf('police')) || !c.needs.includes('POLICE')) return null;
  const { next, pick, chance } = demoRandom(subgraphOf('police').field, demoKey(c));
  const suspects: DemoSuspect[] = Array.from({ length: chance(0.8) ? 1 : 2 }, (_, k) => ({
    id: demoId('suspect', `${demoKey(c)}:${k}`),
    fullName: chance(0.6) ? `${pick(DEMO_NAMES.male)} ${pick(DEMO_NAMES.family)}` : null,
    sex: chance(0.95) ? Sex.MALE : Sex.FEMALE,
    estimatedAge: 18 + Math.floor(next() * 40),
    relationship: pick([
      SuspectRelationship.INTIMATE_PARTNER,
      SuspectRelationship.FAMILY_MEMBER,
      SuspectRelationship.ACQUAINTANCE,
      SuspectRelationship.STRANGER,
      SuspectRelationship.UNKNOWN,
    ]),
    status: pick([SuspectStatus.AT_LARGE, SuspectStatus.ARRESTED, SuspectStatus.RELEASED]),
  }));
  return {
    id: demoId('investigation', demoKey(c)),
    // Complaint numbers are unique: generated cases (keyed) number from 900,000,000, past any demo case's 10,000 + index.
    complaintNumber: `RIB/${c.openedAt.getUTCFullYear()}/${String((c.key ? 900_000_000 : 10000) + c.index)}`,
    status: pick([
      InvestigationStatus.COMPLAINT_RECEIVED,
      InvestigationStatus.UNDER_INVESTIGATION,
      InvestigationStatus.UNDER_INVESTIGATION,
      InvestigationStatus.REFERRED_TO_PROSECUTION,
      InvestigationStatus.CLOSED,
    ]),
    receivedAt: new Date(c.openedAt.getTime() + HOUR),
    suspects,
  };
}

export interface DemoReceipt {
  barcode: string;
  receivedAt: Date;
  handedToLabAt: Date | null;
  labReceivedAt: Date | null;
}

/** The police's receipt of a demo case's forensic sample, as the shared plan has it; null when they hold none. */
export function demoReceipt(c: DemoCase, now: Date): DemoReceipt | null {
  const s = demoSample(c, now);
  return s?.police ? { barcode: s.barcode, ...s.police } : null;
}
