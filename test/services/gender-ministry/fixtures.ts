// Shared by the gender-ministry subgraph tests. Not a test file.
import { agencyFixtures } from '../../helpers/agency-fixtures.js';

export { CASE_MANAGER, entry, inMinutes, type LogEntry, MINUTE, type Sharing } from '../../helpers/agency-fixtures.js';
export const { sharing, caseRef, grant, refs, refWith, accessLogOf, referredCase } = agencyFixtures(
  'gender_ministry',
  'GENDER_MINISTRY',
);

/** The demo users, as the access log names them. */
export const SOCIAL_WORKER = { subject: 'demo:social-worker', agency: 'gender-ministry', roles: ['social-worker'] };
export const LOCAL_OFFICIAL = { subject: 'demo:local-official', agency: 'gender-ministry', roles: ['local-official'] };
export const MINISTRY_SYSTEM = {
  subject: 'demo:ministry-system',
  agency: 'gender-ministry',
  roles: ['ministry-system'],
};
