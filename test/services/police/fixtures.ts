// Shared by the police subgraph tests. Not a test file.
import { agencyFixtures } from '../../helpers/agency-fixtures.js';

export { CASE_MANAGER, entry, inMinutes, type LogEntry, MINUTE, type Sharing } from '../../helpers/agency-fixtures.js';
export const { sharing, caseRef, grant, refs, refWith, accessLogOf, referredCase } = agencyFixtures('police', 'POLICE');

/** The demo investigator, as the access log names them. */
export const INVESTIGATOR = { subject: 'demo:investigator', agency: 'police', roles: ['investigator'] };
