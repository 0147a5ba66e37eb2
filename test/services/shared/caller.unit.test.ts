import { describe, expect, it } from 'vitest';
import { demoClaims, demoUser } from '../../../services/hub/demo-users.js';
import { callerFromClaims, ClaimsError, claimsOf } from '../../../services/shared/caller.js';

// Verified claims become a caller only if they make sense together; anything else is refused (401), never
// widened or guessed at.

const base = demoClaims(demoUser('reception'));

describe('claims to caller', () => {
  it('a demo receptionist: scopes from the catalogue, her center, center scope', () => {
    const p = callerFromClaims(base);
    expect({ ...p, scopes: [...p.scopes] }).toEqual({
      subject: 'demo:reception',
      agency: 'center',
      roles: ['reception-officer'],
      place: { kind: 'centers', centers: ['GASABO-1'] },
      service: false,
      scopes: [
        'case:read',
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
        'timeline:read',
      ],
    });
  });

  it('a social worker works in one district; a claim of centers does not give her centers', () => {
    const p = callerFromClaims({ ...demoClaims(demoUser('social-worker')), centers: ['GASABO-1'] });
    expect(p.place).toEqual({ kind: 'district', district: 'Gasabo' });
  });

  it('an analyst is national; a district claim does not narrow or widen that', () => {
    const p = callerFromClaims({ ...demoClaims(demoUser('analyst')), district: 'Gasabo' });
    expect(p.place).toEqual({ kind: 'national' });
  });

  it.each(['reception', 'social-worker', 'analyst', 'ministry-system'])(
    'the claims signed for %s read back as the same caller',
    (login) => {
      const p = callerFromClaims(demoClaims(demoUser(login)));
      const again = callerFromClaims(claimsOf(p));
      expect({ ...again, scopes: [...again.scopes] }).toEqual({ ...p, scopes: [...p.scopes] });
    },
  );

  it('a scope the token carries but the catalogue does not grant the role is dropped', () => {
    const p = callerFromClaims({ ...base, scope: `${base.scope as string} medical:read audit:read` });
    expect(p.scopes.has('medical:read')).toBe(false);
    expect(p.scopes.has('audit:read')).toBe(false);
  });

  it.each([
    ['no centers for a center role', { ...base, centers: [] }, 'a center role needs a centers claim'],
    [
      'no district for a district role',
      demoClaims({ login: 'x', role: 'social-worker' }),
      'a district role needs a district claim',
    ],
    [
      'roles of two organisational scopes',
      { ...base, agency: 'center', roles: ['reception-officer', 'analyst'] },
      'roles must all belong to agency center',
    ],
    [
      'a role of another agency than the token says',
      { ...base, agency: 'health' },
      'roles must all belong to agency health',
    ],
    ['an unknown role', { ...base, roles: ['root'] }, 'roles must be a non-empty list of catalogue roles'],
    ['no subject', { ...base, sub: '' }, 'sub must be a non-empty string'],
    [
      'a subject longer than any record keeps',
      { ...base, sub: `demo:${'x'.repeat(196)}` },
      'sub must be at most 200 characters',
    ],
    [
      'an unknown agency',
      { ...base, agency: 'army' },
      'agency must be one of center, health, police, gender-ministry, national',
    ],
    [
      'centers that are not a list of codes',
      { ...base, centers: 'GASABO-1' },
      'centers must be a list of center codes',
    ],
  ])('refuses %s', (_why, claims, message) => {
    expect(() => callerFromClaims(claims)).toThrow(new ClaimsError(message));
  });

  it('takes a subject of exactly 200 characters', () => {
    expect(callerFromClaims({ ...base, sub: `demo:${'x'.repeat(195)}` }).subject).toHaveLength(200);
  });
});
