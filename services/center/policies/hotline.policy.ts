import type { InputProblems } from '../../shared/errors.js';
import { futureProblem } from '../../shared/time.js';
import { HotlineChannel, HotlineOutcome, SMS_NUMBERS } from '../types/hotline-call.enums.js';
import type { RecordHotlineCallInput } from '../types/hotline-call.input.js';

/** A call is recorded the day it is answered, during the call or right after. */
export const RECORDED_WITHIN_MS = 24 * 3600_000;

/** The problems with a call as the form gives it: when, on which channel, and what its outcome names. */
export function callProblems(input: RecordHotlineCallInput, receivedAt: Date, now: Date, problems: InputProblems) {
  problems.add(
    'input.receivedAt',
    futureProblem(receivedAt, now) ??
      (receivedAt.getTime() < now.getTime() - RECORDED_WITHIN_MS
        ? 'must not be more than a day ago: a call is recorded the day it is answered'
        : null),
  );
  if (input.channel === HotlineChannel.SMS && !SMS_NUMBERS.includes(input.line))
    problems.add('input.channel', `only ${SMS_NUMBERS.join(', ')} takes text messages`);
  const referred = input.outcome === HotlineOutcome.REFERRED_TO_CENTER;
  if (referred && !input.referredCenterCode)
    problems.add('input.referredCenterCode', 'name the center the caller was sent to');
  if (!referred && input.referredCenterCode) problems.add('input.referredCenterCode', 'only for REFERRED_TO_CENTER');
  const opened = input.outcome === HotlineOutcome.CASE_OPENED;
  if (opened && !input.caseId) problems.add('input.caseId', 'name the case opened');
  if (!opened && input.caseId) problems.add('input.caseId', 'only for CASE_OPENED');
}
