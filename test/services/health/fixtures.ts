// Shared by the health subgraph tests. Not a test file.
import { agencyFixtures } from '../../helpers/agency-fixtures.js';

export { CASE_MANAGER, entry, inMinutes, type LogEntry, MINUTE, type Sharing } from '../../helpers/agency-fixtures.js';
export const { sharing, caseRef, grant, refs, refWith, accessLogOf, referredCase } = agencyFixtures('health', 'HEALTH');

/** The demo clinicians, as the access log names them. */
export const CLINICIAN = { subject: 'demo:clinician', agency: 'health', roles: ['clinician'] };
export const HUYE_CLINICIAN = { subject: 'demo:huye-clinician', agency: 'health', roles: ['clinician'] };
