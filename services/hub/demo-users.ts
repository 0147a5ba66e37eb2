import { importJWK, type JWK, SignJWT } from 'jose';
import { type Role, Roles, scopesFor } from '../shared/catalogue.js';
import { DEV_AUDIENCE, DEV_ISSUER } from '../shared/dev-key-files.js';

// The demo users of the development issuer: at least one per agency, an analyst and an administrator. Their scopes
// come from the permission catalogue, as a real identity provider's would. Center staff work at GASABO-1 (Kacyiru
// Police Hospital, the first Isange center); the district roles cover Gasabo. `huye-clinician` works elsewhere, to
// show what a clinician may not see.

export interface DemoUser {
  login: string;
  role: Role;
  centers?: string[];
  district?: string;
}

export const demoUsers: readonly DemoUser[] = [
  { login: 'reception', role: 'reception-officer', centers: ['GASABO-1'] },
  { login: 'case-manager', role: 'case-manager', centers: ['GASABO-1'] },
  { login: 'psychologist', role: 'psychologist', centers: ['GASABO-1'] },
  { login: 'clinician', role: 'clinician', centers: ['GASABO-1'] },
  { login: 'huye-clinician', role: 'clinician', centers: ['HUYE-1'] },
  { login: 'investigator', role: 'investigator', centers: ['GASABO-1'] },
  { login: 'social-worker', role: 'social-worker', district: 'Gasabo' },
  { login: 'local-official', role: 'local-official', district: 'Gasabo' },
  { login: 'analyst', role: 'analyst' },
  { login: 'auditor', role: 'auditor' },
  { login: 'admin', role: 'administrator' },
  { login: 'ministry-system', role: 'ministry-system' },
];

export function demoUser(login: string): DemoUser {
  const u = demoUsers.find((x) => x.login === login);
  if (!u) throw new Error(`no demo user ${JSON.stringify(login)}; known: ${demoUsers.map((x) => x.login).join(', ')}`);
  return u;
}

/** The claims a token for this user carries (besides iss, aud, iat, exp). */
export function demoClaims(u: DemoUser): Record<string, unknown> {
  return {
    sub: `demo:${u.login}`,
    agency: Roles[u.role].agency,
    roles: [u.role],
    scope: scopesFor([u.role]).join(' '),
    ...(u.centers ? { centers: u.centers } : {}),
    ...(u.district ? { district: u.district } : {}),
  };
}

export async function issueToken(
  privateJwk: JWK,
  claims: Record<string, unknown>,
  o: { ttlSeconds?: number; issuer?: string; audience?: string; now?: number } = {},
): Promise<string> {
  const key = await importJWK(privateJwk, privateJwk.alg ?? 'EdDSA');
  const now = Math.floor((o.now ?? Date.now()) / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: privateJwk.alg ?? 'EdDSA', kid: privateJwk.kid, typ: 'JWT' })
    .setIssuer(o.issuer ?? DEV_ISSUER)
    .setAudience(o.audience ?? DEV_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (o.ttlSeconds ?? 8 * 3600))
    .sign(key);
}
