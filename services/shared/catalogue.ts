import type { Agency } from './agencies.js';

// The permission catalogue: the one place that says which role may do what. The demo issuer issues tokens from it,
// the schema's `@requiresScopes` names its scopes, the subgraphs' record rules read its organisational scopes, and the
// README's table is checked against it by a test. Nothing else hard-codes who may see what.

export const Scopes = {
  'case:read':
    "see a case: number, center, dates, incident type, needs, status, case manager, and the survivor's code, sex and age",
  'case:write': 'open a case at intake and change its status',
  'survivor:identity':
    "see a survivor's names, phone, guardian, date of birth and nationality (hidden by default everywhere)",
  'case:narrative': 'read the story the survivor told at reception',
  'consent:read': 'see the consents recorded for a case',
  'consent:write': 'record or withdraw consent',
  'consent:override': 'share despite missing consent, with a stated reason (audited)',
  'referral:read':
    'see which agencies a case is referred to, when, by whom, where each referral stands and its history, and the service plan',
  'referral:write': 'refer a case to health, police or the gender ministry, or revoke a referral',
  'referral:respond': 'see, accept, reject or complete the referrals made to your own agency',
  'counselling:read':
    "see a case's counselling sessions: when, in which room, with which psychologist, and whether cancelled (not the notes)",
  'counselling:write': "book and cancel counselling sessions at a case's center",
  'counselling:notes': "read a psychologist's session notes",
  'safe-room:read': "see who stays in the Safe Room of a case's center, since when, and how many of its beds are free",
  'safe-room:write': "admit a survivor to the Safe Room of their case's center, and discharge them",
  'hotline:read':
    "see the hotline calls answered at your center: line, when, whether the caller is a child, and what came of each (the caller's name and phone need survivor:identity)",
  'hotline:write': 'record a call or text to a hotline answered at your center, and what came of it',
  'medical:read':
    'read medical encounters, treatments and the clinical clocks, and the alerts of clocks about to close',
  'medical:write': 'record medical encounters and treatments, and clinical clocks that do not apply',
  'forensic:read': 'see forensic samples and their chain of custody',
  'forensic:write':
    "record a forensic sample's custody: with medical:write, its collection, seal, handover to the police and the medico-legal report; with police:write, its receipt by the police and its handover to and receipt by the lab",
  'medico-legal:read': "read the medico-legal report on a survivor's examination (the medical certificate for court)",
  'police:read': 'read the investigation: complaint, status',
  'police:write': 'record complaints, investigation status and suspects',
  'police:suspects': 'see suspects (separate persons, never survivor records)',
  'police:statements': "take and read statements (the survivor's own account to the police)",
  'followup:read': 'read follow-up plans and visits',
  'followup:write': 'create follow-up plans and schedule or record visits',
  'timeline:read':
    "see a case's timeline: the events of every agency in time order, each only as far as the holder may see that agency's records",
  'stats:read': 'read aggregate statistics (never identifying)',
  'access-log:read': "read a case's access log (who saw this survivor's data)",
  'audit:read': 'read every access log and the break-glass report',
  'break-glass': 'open time-limited emergency access to one case, with a stated reason (audited)',
  'hub:admin': 'administer centers and users of the hub',
} as const;
export type Scope = keyof typeof Scopes;

/** Which records a role reaches: cases at the principal's centers, in their district, or nationwide. */
export type OrgScope = 'centers' | 'district' | 'national';

export interface RoleDefinition {
  readonly agency: Agency;
  readonly title: string;
  readonly org: OrgScope;
  readonly scopes: readonly Scope[];
}

export const Roles = {
  'reception-officer': {
    agency: 'center',
    // Also answers the hotlines: the center's reception is staffed around the clock, and what a call most often leads
    // to (a case opened at the center) is reception's to do. No role of its own: a national call-center role would
    // need to see every center's cases to link a call to one; the hub has no place for it.
    title: 'Reception officer at an Isange center',
    org: 'centers',
    scopes: [
      'case:read',
      'timeline:read',
      'case:write',
      'survivor:identity',
      'case:narrative',
      'consent:read',
      'consent:write',
      'referral:read',
      'referral:write',
      'safe-room:read',
      'safe-room:write',
      'hotline:read',
      'hotline:write',
    ],
  },
  'case-manager': {
    agency: 'center',
    // Coordinates every service for the survivor, so reads the whole case file and books counselling sessions for the
    // center's psychologists; not suspects, forensic samples or counselling notes, which stay with the police, the lab
    // and the psychologist.
    title: "Case manager: coordinates a survivor's services",
    org: 'centers',
    scopes: [
      'case:read',
      'timeline:read',
      'case:write',
      'survivor:identity',
      'case:narrative',
      'consent:read',
      'consent:write',
      'consent:override',
      'referral:read',
      'referral:write',
      'safe-room:read',
      'safe-room:write',
      'counselling:read',
      'counselling:write',
      'hotline:read',
      'medical:read',
      'police:read',
      'followup:read',
      'access-log:read',
    ],
  },
  psychologist: {
    agency: 'center',
    title: 'Psychologist at an Isange center',
    org: 'centers',
    // Books their own sessions and writes their notes; sees who stays in the Safe Room (a survivor in counselling may
    // be one), but does not admit or discharge.
    scopes: [
      'case:read',
      'timeline:read',
      'case:narrative',
      'counselling:read',
      'counselling:write',
      'counselling:notes',
      'safe-room:read',
    ],
  },
  clinician: {
    agency: 'health',
    title: 'Doctor or nurse at the district hospital',
    org: 'centers',
    scopes: [
      'case:read',
      'timeline:read',
      'medical:read',
      'medical:write',
      'forensic:read',
      'forensic:write',
      'medico-legal:read',
      'break-glass',
      'referral:respond',
    ],
  },
  investigator: {
    agency: 'police',
    title: 'RIB investigator stationed at an Isange center',
    org: 'centers',
    scopes: [
      'case:read',
      'timeline:read',
      'survivor:identity',
      'police:read',
      'police:write',
      'police:suspects',
      'police:statements',
      'forensic:read',
      'forensic:write',
      'medico-legal:read',
      'referral:respond',
    ],
  },
  'social-worker': {
    agency: 'gender-ministry',
    title: 'Social worker following up vulnerable survivors',
    org: 'district',
    scopes: ['case:read', 'timeline:read', 'followup:read', 'followup:write', 'referral:respond'],
  },
  'local-official': {
    agency: 'gender-ministry',
    title: 'Sector or cell social-affairs officer',
    org: 'district',
    scopes: ['case:read', 'timeline:read', 'followup:read'],
  },
  analyst: {
    agency: 'national',
    title: 'Analyst building dashboards on aggregate statistics',
    org: 'national',
    scopes: ['stats:read'],
  },
  auditor: {
    agency: 'national',
    title: 'Auditor / data-protection officer',
    org: 'national',
    scopes: ['audit:read', 'access-log:read'],
  },
  administrator: {
    agency: 'national',
    title: 'Hub administrator',
    org: 'national',
    scopes: ['hub:admin'],
  },
  'ministry-system': {
    agency: 'gender-ministry',
    title: "Service account for a ministry's own system",
    org: 'national',
    scopes: ['case:read', 'timeline:read', 'followup:read', 'stats:read'],
  },
} as const satisfies Record<string, RoleDefinition>;
export type Role = keyof typeof Roles;

export function isRole(value: string): value is Role {
  return Object.hasOwn(Roles, value);
}

export function isScope(value: string): value is Scope {
  return Object.hasOwn(Scopes, value);
}

/** The scopes a set of roles grants, in catalogue order, without duplicates. */
export function scopesFor(roles: readonly Role[]): Scope[] {
  const granted = new Set<Scope>(roles.flatMap((r) => Roles[r].scopes));
  return (Object.keys(Scopes) as Scope[]).filter((s) => granted.has(s));
}

/** The organisational scope of a set of roles; principals refuse tokens whose roles disagree on it. */
export function orgScopeFor(roles: readonly Role[]): OrgScope {
  return roles[0] ? Roles[roles[0]].org : 'centers';
}
