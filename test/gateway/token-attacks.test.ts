import { generateKeyPair, importJWK, SignJWT } from 'jose';
import { createPublicKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../services/shared/dev-key-files.js';
import { demoClaims, demoUser } from '../../services/hub/demo-users.js';
import { testDatabase } from '../helpers/database.js';
import { invalidToken } from '../helpers/errors.js';
import { type Stack, startStack } from '../helpers/stack.js';

// Every token that is not exactly what the hub's issuer signed is refused with 401 before any GraphQL work. Only
// ES256 and EdDSA are accepted, so neither `alg: none` nor an HS256 token keyed with the public key gets through.

let stack: Stack;
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = () => demoClaims(demoUser('clinician'));
const QUERY = '{ cases(first: 1) { totalCount } }';

async function refused(token: string, reason: string) {
  const r = await stack.query(token, QUERY);
  expect(r).toEqual({
    status: 401,
    body: { errors: [invalidToken(reason)] },
  });
}

beforeAll(async () => {
  stack = await startStack(await testDatabase());
});

describe('token attacks', () => {
  it('a genuine token is accepted (the baseline every attack below departs from)', async () => {
    const r = await stack.query(await stack.token('clinician'), QUERY);
    expect(r).toEqual({ status: 200, body: { data: { cases: { totalCount: 0 } } } });
  });

  it('alg: none', async () => {
    const payload = { ...claims(), iss: DEV_ISSUER, aud: DEV_AUDIENCE, iat: now(), exp: now() + 600 };
    await refused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`, 'algorithm not allowed');
  });

  it('HS256 signed with the public key as the secret', async () => {
    const publicJwk = stack.keys.issuerJwks.keys[0]!;
    const pem = createPublicKey({ key: publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    for (const secret of [Buffer.from(pem), Buffer.from(JSON.stringify(publicJwk)), Buffer.from(String(publicJwk.x))]) {
      const token = await new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(secret);
      await refused(token, 'algorithm not allowed');
    }
  });

  it('signed with another key under the same key id', async () => {
    const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'EdDSA', kid: stack.keys.issuerPrivateJwk.kid })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(attacker.privateKey);
    await refused(token, 'bad signature');
  });

  it('expired: exp 6 s ago, beyond the 5 s clock tolerance', async () => {
    const token = await stack.tokenFor(claims(), { now: Date.now() - 3600_000 - 6_000, ttlSeconds: 3600 });
    await refused(token, 'token expired');
  });

  it('not yet valid: nbf in the future', async () => {
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'EdDSA', kid: stack.keys.issuerPrivateJwk.kid })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt()
      .setNotBefore(now() + 600)
      .setExpirationTime('20m')
      .sign(await importJWK(stack.keys.issuerPrivateJwk, 'EdDSA'));
    await refused(token, 'claim check failed: nbf');
  });

  it('wrong issuer', async () => {
    await refused(await stack.tokenFor(claims(), { issuer: 'urn:someone:else' }), 'untrusted issuer');
  });

  it('wrong audience', async () => {
    await refused(await stack.tokenFor(claims(), { audience: 'another-service' }), 'claim check failed: aud');
  });

  it('tampered claims: a scope added to a genuine token', async () => {
    const genuine = await stack.token('clinician');
    await stack.query(genuine, QUERY); // the genuine token is now cached as verified
    const [h, p, s] = genuine.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as { scope: string };
    payload.scope += ' survivor:identity case:narrative';
    await refused(`${h}.${b64(payload)}.${s}`, 'bad signature');
  });

  it('claims the hub cannot use: an unknown role', async () => {
    await refused(
      await stack.tokenFor({ ...claims(), roles: ['superuser'] }),
      'bad claims: roles must be a non-empty list of catalogue roles',
    );
  });

  it('a malformed token and a malformed header', async () => {
    await refused('not-a-token', 'malformed token');
    const r = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic dXNlcjpwYXNz' },
      body: JSON.stringify({ query: QUERY }),
    });
    expect({ status: r.status, body: await r.json(), challenge: r.headers.get('www-authenticate') }).toEqual({
      status: 401,
      body: {
        errors: [invalidToken('authorization header must be "Bearer <token>"')],
      },
      challenge: 'Bearer error="invalid_token"',
    });
  });
});
