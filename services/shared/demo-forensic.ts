import { type DemoCase, HOUR, knownTo } from './demo-plan.js';

// The demo's forensic samples, planned once for both sides of their chain: health seeds its steps from this plan and
// the police theirs, so that the two agree without either reading the other's rows (as in the running hub, where
// they meet only in the graph). A sample is collected on a sexual incident the survivor let both health and the
// police see (and both were told of), when its 72 hours had not run out by the time the case was opened. Every fourth one is handed over and
// never received, so that the demo shows a one-sided handover (NOT_RECEIVED) beside complete chains.

const DAY = 24 * HOUR;
const MINUTE = 60_000;

export interface DemoSample {
  barcode: string;
  collectedAt: Date;
  /** Null while the seal is still to come at the plan's `now`, as is what follows it. */
  sealedAt: Date | null;
  /** Null while the handover is still to come at the plan's `now`. */
  handedToPoliceAt: Date | null;
  /** The police's side; null when they never recorded the receipt. */
  police: { receivedAt: Date; handedToLabAt: Date | null; labReceivedAt: Date | null } | null;
}

const past = (at: Date, now: Date): Date | null => (at <= now ? at : null);

export function demoSample(c: DemoCase, now: Date): DemoSample | null {
  const shared = knownTo(c, 'HEALTH') && knownTo(c, 'POLICE');
  const needed = c.needs.includes('MEDICAL') && c.needs.includes('POLICE');
  if (!c.sexual || !shared || !needed || c.openedAt.getTime() - c.incidentAt.getTime() > 66 * HOUR) return null;
  const at = (ms: number) => new Date(c.openedAt.getTime() + ms);
  const collectedAt = at(3 * HOUR + 20 * MINUTE);
  if (collectedAt > now) return null;
  const sealedAt = past(at(3 * HOUR + 30 * MINUTE), now);
  const handedToPoliceAt = sealedAt && past(at(4 * HOUR), now);
  const receivedAt = past(at(4 * HOUR + 30 * MINUTE), now);
  const oneSided = c.index % 4 === 1;
  return {
    barcode: `RFI-${c.openedAt.getUTCFullYear()}-${String(c.index + 1).padStart(6, '0')}`,
    collectedAt,
    sealedAt,
    handedToPoliceAt,
    police:
      handedToPoliceAt && receivedAt && !oneSided
        ? {
            receivedAt,
            handedToLabAt: past(at(DAY), now),
            labReceivedAt: past(at(2 * DAY), now),
          }
        : null,
  };
}
