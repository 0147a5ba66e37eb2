import { Agencies, type Agency, isAgency } from './agencies.js';
import { isRole, isScope, type Role, Roles, type Scope, scopesFor } from './catalogue.js';

// The caller, in one shape for the whole hub. The gateway turns a verified token into a Caller once; it signs the
// caller's claims (claimsOf) onto every subgraph request; each subgraph turns the signed claims back into a Caller
// once per request (callerFromClaims). An anonymous request has no Caller at all (null), so a signed-in caller's
// subject is never missing, and where it works is exactly one of three places.

/** Where a caller works: the cases their organisational scope reaches. */
export type Place =
  | { readonly kind: 'centers'; readonly centers: readonly string[] }
  | { readonly kind: 'district'; readonly district: string }
  | { readonly kind: 'national' };

/** Who is asking, as every resolver and the gateway see it. */
export interface Caller {
  readonly subject: string;
  readonly agency: Agency;
  readonly roles: readonly Role[];
  /** The scopes the token carries AND the catalogue grants to its roles. */
  readonly scopes: ReadonlySet<Scope>;
  readonly place: Place;
  /** Service accounts are machine clients (ministry systems), not people. */
  readonly service: boolean;
}

/** The claims the gateway signs onto subgraph requests: a Caller as JSON, nothing else from the token. */
export interface HubClaims {
  sub: string;
  agency: Agency;
  roles: Role[];
  /** Space-separated, OAuth style. */
  scope: string;
  centers?: string[];
  district?: string;
}

export class ClaimsError extends Error {}

/** The longest subject the hub accepts: it fits every column that records who did something. */
export const MAX_SUBJECT = 200;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function rolesOf(agency: Agency, value: unknown): Role[] {
  const roles = isStringList(value) ? value.filter(isRole) : [];
  if (!isStringList(value) || roles.length === 0 || roles.length !== value.length) {
    throw new ClaimsError('roles must be a non-empty list of catalogue roles');
  }
  // One token, one agency and one organisational scope: a second role must not carry the first one's scopes to the
  // second one's reach (a center receptionist who is also an analyst is not a national reader of names).
  if (roles.some((r) => Roles[r].agency !== agency)) throw new ClaimsError(`roles must all belong to agency ${agency}`);
  if (new Set(roles.map((r) => Roles[r].org)).size > 1) {
    throw new ClaimsError('roles with different organisational scopes cannot share a token');
  }
  return roles;
}

function placeOf(roles: readonly [Role, ...Role[]], c: Record<string, unknown>): Place {
  if (c.centers !== undefined && !isStringList(c.centers))
    throw new ClaimsError('centers must be a list of center codes');
  if (c.district !== undefined && (typeof c.district !== 'string' || c.district === '')) {
    throw new ClaimsError('district must be a district name');
  }
  const org = Roles[roles[0]].org;
  if (org === 'national') return { kind: 'national' };
  if (org === 'district') {
    if (typeof c.district !== 'string') throw new ClaimsError('a district role needs a district claim');
    return { kind: 'district', district: c.district };
  }
  if (!isStringList(c.centers) || c.centers.length === 0) throw new ClaimsError('a center role needs a centers claim');
  return { kind: 'centers', centers: Object.freeze([...c.centers]) };
}

/**
 * Turn verified token claims (or the gateway's signed claims) into a Caller. The effective scopes are those the token
 * carries AND the catalogue grants to its roles: an identity provider that over-grants a scope does not widen what the
 * hub shows.
 */
export function callerFromClaims(claims: unknown): Caller {
  if (!isRecord(claims)) throw new ClaimsError('claims must be an object');
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new ClaimsError('sub must be a non-empty string');
  // The subject is written with every record and log entry a caller makes; an identity provider's ids are far shorter.
  if (claims.sub.length > MAX_SUBJECT) throw new ClaimsError(`sub must be at most ${MAX_SUBJECT} characters`);
  const agency = claims.agency;
  if (typeof agency !== 'string' || !isAgency(agency))
    throw new ClaimsError(`agency must be one of ${Agencies.join(', ')}`);
  const roles = rolesOf(agency, claims.roles);
  const [first, ...rest] = roles;
  if (first === undefined) throw new ClaimsError('roles must be a non-empty list of catalogue roles');
  const granted = new Set(scopesFor(roles));
  const tokenScopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  return Object.freeze({
    subject: claims.sub,
    agency,
    roles: Object.freeze(roles),
    scopes: new Set(tokenScopes.filter((s): s is Scope => isScope(s) && granted.has(s))),
    place: Object.freeze(placeOf([first, ...rest], claims)),
    service: roles.includes('ministry-system'),
  });
}

/** The claims a Caller is signed as, for a subgraph to read back with callerFromClaims. */
export function claimsOf(c: Caller): HubClaims {
  return {
    sub: c.subject,
    agency: c.agency,
    roles: [...c.roles],
    scope: [...c.scopes].join(' '),
    ...(c.place.kind === 'centers' ? { centers: [...c.place.centers] } : {}),
    ...(c.place.kind === 'district' ? { district: c.place.district } : {}),
  };
}
