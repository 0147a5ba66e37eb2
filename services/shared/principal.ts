import {
  Agencies,
  type Agency,
  isRole,
  isScope,
  orgScopeFor,
  type OrgScope,
  type Role,
  Roles,
  type Scope,
  scopesFor,
} from './catalogue.js';

/** The claims the gateway forwards to subgraphs, after verifying the caller's token. */
export interface HubClaims {
  sub: string;
  agency: Agency;
  roles: Role[];
  /** Space-separated, OAuth style. */
  scope: string;
  centers?: string[];
  district?: string;
}

/** Who is asking, as every resolver sees it. Anonymous callers have no subject and no scopes. */
export interface Principal {
  readonly sub: string | null;
  readonly agency: Agency | null;
  readonly roles: readonly Role[];
  readonly scopes: ReadonlySet<Scope>;
  readonly org: OrgScope;
  readonly centers: readonly string[];
  readonly district: string | null;
  /** Service accounts are machine clients (ministry systems), not people. */
  readonly service: boolean;
}

export const anonymous: Principal = Object.freeze({
  sub: null,
  agency: null,
  roles: [],
  scopes: new Set<Scope>(),
  org: 'centers',
  centers: [],
  district: null,
  service: false,
});

export class ClaimsError extends Error {}

/**
 * Turn verified token claims into a principal. The effective scopes are those the token carries AND the catalogue
 * grants to its roles: an identity provider that over-grants a scope does not widen what the hub shows.
 */
export function principalFromClaims(claims: unknown): Principal {
  if (typeof claims !== 'object' || claims === null) throw new ClaimsError('claims must be an object');
  const c = claims as Record<string, unknown>;
  if (typeof c.sub !== 'string' || c.sub === '') throw new ClaimsError('sub must be a non-empty string');
  if (typeof c.agency !== 'string' || !(Agencies as readonly string[]).includes(c.agency)) {
    throw new ClaimsError(`agency must be one of ${Agencies.join(', ')}`);
  }
  if (!Array.isArray(c.roles) || c.roles.length === 0 || !c.roles.every((r) => typeof r === 'string' && isRole(r))) {
    throw new ClaimsError('roles must be a non-empty list of catalogue roles');
  }
  const roles = c.roles as Role[];
  // One token, one agency and one organisational scope: a second role must not carry the first one's scopes to the
  // second one's reach (a center receptionist who is also an analyst is not a national reader of names).
  const agencies = new Set(roles.map((r) => Roles[r].agency));
  const orgs = new Set(roles.map((r) => Roles[r].org));
  if (agencies.size > 1 || !agencies.has(c.agency as Agency))
    throw new ClaimsError(`roles must all belong to agency ${c.agency}`);
  if (orgs.size > 1) throw new ClaimsError('roles with different organisational scopes cannot share a token');
  const tokenScopes = typeof c.scope === 'string' ? c.scope.split(' ').filter(Boolean) : [];
  const granted = new Set(scopesFor(roles));
  const scopes = new Set(tokenScopes.filter((s): s is Scope => isScope(s) && granted.has(s)));
  const centers = c.centers === undefined ? [] : c.centers;
  if (!Array.isArray(centers) || !centers.every((x) => typeof x === 'string')) {
    throw new ClaimsError('centers must be a list of center codes');
  }
  if (c.district !== undefined && (typeof c.district !== 'string' || c.district === '')) {
    throw new ClaimsError('district must be a district name');
  }
  const org = orgScopeFor(roles);
  if (org === 'district' && c.district === undefined) throw new ClaimsError('a district role needs a district claim');
  if (org === 'centers' && (centers as string[]).length === 0)
    throw new ClaimsError('a center role needs a centers claim');
  return Object.freeze({
    sub: c.sub,
    agency: c.agency as Agency,
    roles,
    scopes,
    org,
    centers: centers as string[],
    district: (c.district as string | undefined) ?? null,
    service: roles.includes('ministry-system'),
  });
}

/** The subset of verified JWT claims the hub forwards; nothing else from the token reaches a subgraph. */
export function hubClaimsOf(payload: Record<string, unknown>): HubClaims {
  const p = principalFromClaims(payload);
  return {
    sub: p.sub as string,
    agency: p.agency as Agency,
    roles: [...p.roles],
    scope: [...p.scopes].join(' '),
    ...(p.centers.length > 0 ? { centers: [...p.centers] } : {}),
    ...(p.district ? { district: p.district } : {}),
  };
}
