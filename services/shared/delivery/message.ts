import { normalizeId } from '../ids.js';
import { isReferralStatus, type ReferralStatus } from '../referral-lifecycle.js';

// What one subgraph tells another outside any client request, through the sender's outbox and the receiver's inbox.
// Each message carries only what the receiver needs; receivers refuse anything else. The center tells an agency of
// each referral made to it and of every move of that referral: which case, where the case is (center and district, so
// that the agency accepts writes only within the writer's place), when the incident happened (the clinical and
// forensic clocks run from it), the referral's status and its version. An agency
// hears nothing of cases that are not referred to it.

export interface ReferralChanged {
  type: 'referral.changed';
  referralId: string;
  caseId: string;
  centerCode: string;
  district: string;
  /** When the incident happened, as the center recorded it at intake (ISO 8601). */
  incidentAt: string;
  status: ReferralStatus;
  /** 1 for the request, one more for each move: the receiver applies a move only over an older one. */
  version: number;
}

export type DeliveryMessage = ReferralChanged;

export class MessageError extends Error {}

const FIELDS = ['type', 'referralId', 'caseId', 'centerCode', 'district', 'incidentAt', 'status', 'version'];

const text = (v: unknown, name: string, max = 100): string => {
  if (typeof v !== 'string' || v.length === 0 || v.length > max)
    throw new MessageError(`${name} must be a string of 1 to ${max} characters`);
  return v;
};

const uuid = (v: unknown, name: string): string => {
  const id = normalizeId(v);
  if (!id) throw new MessageError(`${name} must be a UUID`);
  return id;
};

const instant = (v: unknown, name: string): string => {
  const d = typeof v === 'string' && v.length <= 40 ? new Date(v) : null;
  if (!d || Number.isNaN(d.getTime())) throw new MessageError(`${name} must be an ISO 8601 instant`);
  return d.toISOString();
};

/** The message in a delivery's body, checked field by field; anything unexpected is refused. */
export function parseMessage(raw: unknown): DeliveryMessage {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new MessageError('a message is an object');
  const m = raw as Record<string, unknown>;
  if (m.type !== 'referral.changed') throw new MessageError('unknown message type');
  const extra = Object.keys(m).filter((k) => !FIELDS.includes(k));
  if (extra.length > 0) throw new MessageError(`unexpected fields: ${extra.join(', ')}`);
  if (!isReferralStatus(m.status)) throw new MessageError('status must be a referral status');
  if (typeof m.version !== 'number' || !Number.isSafeInteger(m.version) || m.version < 1)
    throw new MessageError('version must be a positive integer');
  return {
    type: 'referral.changed',
    referralId: uuid(m.referralId, 'referralId'),
    caseId: uuid(m.caseId, 'caseId'),
    centerCode: text(m.centerCode, 'centerCode'),
    district: text(m.district, 'district'),
    incidentAt: instant(m.incidentAt, 'incidentAt'),
    status: m.status,
    version: m.version,
  };
}
