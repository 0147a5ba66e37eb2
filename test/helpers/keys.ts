import { exportJWK, generateKeyPair, type JWK, type JSONWebKeySet } from 'jose';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface TestKeys {
  gatewayPrivate: KeyObject;
  gatewayPublic: KeyObject;
  issuerPrivateJwk: JWK;
  issuerJwks: JSONWebKeySet;
  centerPrivate: KeyObject;
  centerPublic: KeyObject;
}

/** Fresh keys for one test file: nothing on disk, nothing shared with a running hub. */
export async function testKeys(): Promise<TestKeys> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const center = generateKeyPairSync('ed25519');
  const issuer = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const kid = 'test-issuer';
  return {
    gatewayPrivate: privateKey,
    gatewayPublic: publicKey,
    issuerPrivateJwk: { ...(await exportJWK(issuer.privateKey)), kid, alg: 'EdDSA' },
    issuerJwks: { keys: [{ ...(await exportJWK(issuer.publicKey)), kid, alg: 'EdDSA', use: 'sig' }] },
    centerPrivate: center.privateKey,
    centerPublic: center.publicKey,
  };
}
