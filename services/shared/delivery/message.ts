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

/**
 * What statistics may count of a case referred to the agency, sent with its first referral and again whenever the
 * survivor gives or withdraws consent to statistics: the breakdowns analysts ask for (never a name, a date of birth
 * or a narrative) and the window of that consent. An agency counts a case only while the window holds, and keeps
 * these facts apart, read only by its aggregate questions.
 */
export interface CaseStatistics {
  type: 'case.statistics';
  caseId: string;
  /** The center's database clock in microseconds when the facts were read, under the case's lock: the newest wins. */
  version: number;
  centerCode: string;
  district: string;
  incidentType: string;
  ageBand: string;
  sex: string;
  nationalityGroup: string;
  /** The consent to statistics that is not superseded, or all three null when there is none. */
  consentFrom: string | null;
  consentUntil: string | null;
  consentWithdrawnAt: string | null;
}

export type DeliveryMessage = ReferralChanged | CaseStatistics;

export class MessageError extends Error {}

const FIELDS = ['type', 'referralId', 'caseId', 'centerCode', 'district', 'incidentAt', 'status', 'version'];
const STATISTICS_FIELDS = [
  'type',
  'caseId',
  'version',
  'centerCode',
  'district',
  'incidentType',
  'ageBand',
  'sex',
  'nationalityGroup',
  'consentFrom',
  'consentUntil',
  'consentWithdrawnAt',
];

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
  if (m.type === 'case.statistics') return parseStatistics(m);
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

const orNull = (v: unknown, name: string): string | null => (v === null ? null : instant(v, name));

function parseStatistics(m: Record<string, unknown>): CaseStatistics {
  const extra = Object.keys(m).filter((k) => !STATISTICS_FIELDS.includes(k));
  if (extra.length > 0) throw new MessageError(`unexpected fields: ${extra.join(', ')}`);
  if (typeof m.version !== 'number' || !Number.isSafeInteger(m.version) || m.version < 1)
    throw new MessageError('version must be a positive integer');
  const consentFrom = orNull(m.consentFrom, 'consentFrom');
  if (consentFrom === null && (m.consentUntil !== null || m.consentWithdrawnAt !== null))
    throw new MessageError('a consent window without its start');
  return {
    type: 'case.statistics',
    caseId: uuid(m.caseId, 'caseId'),
    version: m.version,
    centerCode: text(m.centerCode, 'centerCode'),
    district: text(m.district, 'district'),
    incidentType: text(m.incidentType, 'incidentType', 40),
    ageBand: text(m.ageBand, 'ageBand', 20),
    sex: text(m.sex, 'sex', 20),
    nationalityGroup: text(m.nationalityGroup, 'nationalityGroup', 20),
    consentFrom,
    consentUntil: orNull(m.consentUntil, 'consentUntil'),
    consentWithdrawnAt: orNull(m.consentWithdrawnAt, 'consentWithdrawnAt'),
  };
}
