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
  DAY,
  HOUR,
  knownTo,
} from '../shared/demo-plan.js';
import { demoSample } from '../shared/demo-forensic.js';

// The police's demo rows for a demo case: a complaint, the moves of its investigation, and its suspects.

export interface DemoSuspect {
  id: string;
  fullName: string | null;
  sex: Sex;
  estimatedAge: number | null;
  relationship: SuspectRelationship;
  status: SuspectStatus;
}
/** One move of a demo investigation, as `updateInvestigationStatus` records it. */
export interface DemoMove {
  id: string;
  fromStatus: InvestigationStatus;
  toStatus: InvestigationStatus;
  reason: string;
  at: Date;
}
export interface DemoInvestigation {
  id: string;
  complaintNumber: string;
  /** Where the moves up to `now` left it. */
  status: InvestigationStatus;
  receivedAt: Date;
  suspects: DemoSuspect[];
  /** Its moves up to `now`, oldest first: every status but the first was reached by one. */
  history: DemoMove[];
}

/**
 * The investigation of a demo case the survivor let the police see and reported, as it stands at `now` (the plan's
 * instant, or the end of a generated run); null otherwise.
 */
export function demoInvestigation(c: SharedCase, now: Date): DemoInvestigation | null {
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
  const receivedAt = new Date(c.openedAt.getTime() + HOUR);
  const history = demoHistory(demoKey(c), receivedAt, now, { next, chance });
  return {
    id: demoId('investigation', demoKey(c)),
    // Complaint numbers are unique: generated cases (keyed) number from 900,000,000, past any demo case's 10,000 + index.
    complaintNumber: `RIB/${c.openedAt.getUTCFullYear()}/${String((c.key ? 900_000_000 : 10000) + c.index)}`,
    status: history.at(-1)?.toStatus ?? InvestigationStatus.COMPLAINT_RECEIVED,
    receivedAt,
    suspects,
    history,
  };
}

/** Reasons an investigator gives for each demo move. */
const REASONS: Partial<Record<InvestigationStatus, string>> = {
  [InvestigationStatus.UNDER_INVESTIGATION]: 'Statement taken; the suspect is named.',
  [InvestigationStatus.REFERRED_TO_PROSECUTION]: 'Evidence gathered: the file is sent to the prosecution (NPPA).',
  [InvestigationStatus.CLOSED]: 'Not enough evidence to charge anyone.',
};

/**
 * The moves of a demo investigation, by the rules of NEXT_STATUS: opened within days of the complaint (most are);
 * then about half sent to the prosecution, within a month for a third of those and within about seven months for all,
 * a fifth closed without charge, the rest still under investigation. Only the moves made by `now` happen, so recent
 * complaints are still being investigated.
 */
function demoHistory(
  key: string | number,
  receivedAt: Date,
  now: Date,
  r: Pick<ReturnType<typeof demoRandom>, 'next' | 'chance'>,
): DemoMove[] {
  const path: [InvestigationStatus, number][] = [];
  if (r.chance(0.92)) {
    const opened = receivedAt.getTime() + (1 + Math.floor(r.next() * 5)) * DAY;
    path.push([InvestigationStatus.UNDER_INVESTIGATION, opened]);
    const outcome = r.next();
    const days = r.next();
    if (outcome < 0.5)
      path.push([InvestigationStatus.REFERRED_TO_PROSECUTION, opened + (4 + Math.floor(days * days * 200)) * DAY]);
    else if (outcome < 0.7) path.push([InvestigationStatus.CLOSED, opened + (30 + Math.floor(days * 150)) * DAY]);
  }
  const moves: DemoMove[] = [];
  let from = InvestigationStatus.COMPLAINT_RECEIVED;
  for (const [to, at] of path) {
    if (at > now.getTime()) break;
    moves.push({
      id: demoId('investigation-move', `${key}:${moves.length}`),
      fromStatus: from,
      toStatus: to,
      reason: REASONS[to]!,
      at: new Date(at),
    });
    from = to;
  }
  return moves;
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
