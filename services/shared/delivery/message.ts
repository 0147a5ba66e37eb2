import { normalizeId } from '../ids.js';

// What one subgraph tells another outside any client request, through the sender's outbox and the receiver's inbox.
// Each message carries only what the receiver needs; receivers refuse anything else. Today the center tells each
// agency where every case it opens is (center and district), so that an agency accepts a write only on a case that
// exists and that the writer's organisational scope reaches.

export interface CaseOpened {
  type: 'case.opened';
  caseId: string;
  centerCode: string;
  district: string;
}

export type DeliveryMessage = CaseOpened;

export class MessageError extends Error {}

const text = (v: unknown, name: string, max = 100): string => {
  if (typeof v !== 'string' || v.length === 0 || v.length > max)
    throw new MessageError(`${name} must be a string of 1 to ${max} characters`);
  return v;
};

/** The message in a delivery's body, checked field by field; anything unexpected is refused. */
export function parseMessage(raw: unknown): DeliveryMessage {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new MessageError('a message is an object');
  const m = raw as Record<string, unknown>;
  if (m.type !== 'case.opened') throw new MessageError('unknown message type');
  const extra = Object.keys(m).filter((k) => !['type', 'caseId', 'centerCode', 'district'].includes(k));
  if (extra.length > 0) throw new MessageError(`unexpected fields: ${extra.join(', ')}`);
  const caseId = normalizeId(m.caseId);
  if (!caseId) throw new MessageError('caseId must be a UUID');
  return {
    type: 'case.opened',
    caseId,
    centerCode: text(m.centerCode, 'centerCode'),
    district: text(m.district, 'district'),
  };
}
