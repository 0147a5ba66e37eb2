import { registerEnumType } from 'type-graphql';
import { HOTLINES } from './hotline.js';

/** The numbers a call may come in on: the public hotlines. */
export const HOTLINE_NUMBERS: readonly string[] = HOTLINES.map((h) => h.number);
/** The numbers that also take text messages. */
export const SMS_NUMBERS: readonly string[] = HOTLINES.filter((h) => h.sms).map((h) => h.number);

export enum HotlineChannel {
  CALL = 'CALL',
  SMS = 'SMS',
}
registerEnumType(HotlineChannel, { name: 'HotlineChannel', description: 'A voice call, or a text message (3512).' });

/** What came of a call. */
export enum HotlineOutcome {
  /** The caller was advised; nothing else followed. */
  ADVICE = 'ADVICE',
  /** The caller was sent to a center (which one is recorded). */
  REFERRED_TO_CENTER = 'REFERRED_TO_CENTER',
  /** A case was opened for the caller, or for the person they called about (which one is recorded). */
  CASE_OPENED = 'CASE_OPENED',
}
registerEnumType(HotlineOutcome, { name: 'HotlineOutcome', description: 'What came of a hotline call.' });
