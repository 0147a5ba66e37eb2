import { CustodyProblemKind, CustodyStatus } from '../types/forensic-enums.js';

// A chain of custody read from both sides. Each side refuses its own steps out of order or twice when they are
// written; what neither side can see alone is reported here: a handover health recorded and the police did not (or
// the other way round), and times that do not fit together. The windows' edges belong to the window: a receipt 12 h
// 0 min after the handover is in time, 12 h 1 min is late; so is the wait for one.

const HOUR = 3_600_000;
/** Isange's police desk is in the same building as the examination room: 12 hours is already generous. */
export const POLICE_RECEIPT_WINDOW_MS = 12 * HOUR;
/** The RFI is in Kigali; a sample from the furthest district center reaches it within three days. */
export const LAB_RECEIPT_WINDOW_MS = 72 * HOUR;

export interface HealthSide {
  barcode: string;
  handedToPoliceAt: Date | null;
}

export interface PoliceSide {
  barcode: string;
  receivedAt: Date;
  handedToLabAt?: Date | null;
  labReceivedAt?: Date | null;
}

export interface ChainReading<P extends PoliceSide> {
  barcode: string;
  status: CustodyStatus;
  handoverConfirmed: boolean;
  problems: { kind: CustodyProblemKind; detail: string }[];
  receipt: P | null;
}

/**
 * Every chain of one case: health's samples first (in health's order), then any barcode only the police hold, in the
 * order they received them.
 */
export function readChains<P extends PoliceSide>(
  health: readonly HealthSide[],
  police: readonly P[],
  now: Date,
): ChainReading<P>[] {
  const byBarcode = new Map(police.map((p) => [p.barcode, p]));
  const known = new Set(health.map((h) => h.barcode));
  return [
    ...health.map((h) => readChain(h, byBarcode.get(h.barcode) ?? null, now)),
    ...[...police]
      .filter((p) => !known.has(p.barcode))
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())
      .map((p) => readChain(null, p, now)),
  ];
}

export function readChain<P extends PoliceSide>(h: HealthSide | null, p: P | null, now: Date): ChainReading<P> {
  const problems: ChainReading<P>['problems'] = [];
  const problem = (kind: CustodyProblemKind, detail: string) => problems.push({ kind, detail });
  const handed = h?.handedToPoliceAt ?? null;
  if (p && !h) {
    problem(CustodyProblemKind.UNKNOWN_BARCODE, 'the police received a sample that health never recorded on this case');
  } else if (p && !handed) {
    problem(CustodyProblemKind.RECEIVED_WITHOUT_HANDOVER, 'the police recorded a receipt; health recorded no handover');
  } else if (p && handed) {
    if (p.receivedAt < handed) {
      problem(CustodyProblemKind.RECEIVED_BEFORE_HANDOVER, 'the receipt is dated before the handover');
    } else if (p.receivedAt.getTime() - handed.getTime() > POLICE_RECEIPT_WINDOW_MS) {
      problem(CustodyProblemKind.LATE_RECEIPT, 'received more than 12 hours after the handover');
    }
  } else if (handed && now.getTime() - handed.getTime() > POLICE_RECEIPT_WINDOW_MS) {
    problem(CustodyProblemKind.NOT_RECEIVED, 'handed to the police more than 12 hours ago; no receipt recorded');
  }
  const sentToLab = p?.handedToLabAt ?? null;
  if (sentToLab && !p?.labReceivedAt && now.getTime() - sentToLab.getTime() > LAB_RECEIPT_WINDOW_MS) {
    problem(CustodyProblemKind.LAB_NOT_RECEIVED, 'handed to the RFI more than 72 hours ago; no acknowledgement');
  }
  return {
    barcode: h?.barcode ?? p?.barcode ?? '',
    status: problems.length > 0 ? CustodyStatus.BROKEN : statusOf(handed, p),
    handoverConfirmed:
      handed !== null && p !== null && problems.every((x) => x.kind === CustodyProblemKind.LAB_NOT_RECEIVED),
    problems,
    receipt: p,
  };
}

function statusOf(handed: Date | null, p: PoliceSide | null): CustodyStatus {
  if (p?.labReceivedAt) return CustodyStatus.AT_LAB;
  if (p?.handedToLabAt) return CustodyStatus.SENT_TO_LAB;
  if (p) return CustodyStatus.WITH_POLICE;
  return handed ? CustodyStatus.AWAITING_POLICE_RECEIPT : CustodyStatus.WITH_HEALTH;
}
