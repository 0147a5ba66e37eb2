import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type DevKeyFiles, devKeyFiles } from '../shared/dev-key-files.js';

// Development keys, generated on first start into .data/keys (git-ignored, never committed): the gateway's signing
// key for subgraph requests, the center's signing key for its deliveries to the agencies, and the demo issuer's
// token-signing key. Production mounts its own key files instead.

export async function ensureDevKeys(dir: string): Promise<DevKeyFiles> {
  const f = devKeyFiles(dir);
  // Only the keys folder is private: .data itself must stay traversable for the embedded server's own system user.
  await mkdir(dirname(dir), { recursive: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const [priv, pub] of [
    [f.gatewayPrivate, f.gatewayPublic],
    [f.centerPrivate, f.centerPublic],
  ] as const) {
    if (existsSync(priv) && existsSync(pub)) continue;
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    await writeFile(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    await writeFile(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  }
  if (!existsSync(f.issuerPrivateJwk) || !existsSync(f.issuerJwks)) {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const kid = `dev-${Date.now().toString(36)}`;
    const priv: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA', use: 'sig' };
    const pub: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
    await writeFile(f.issuerPrivateJwk, JSON.stringify(priv), { mode: 0o600 });
    await writeFile(f.issuerJwks, JSON.stringify({ keys: [pub] }, null, 2));
  }
  return f;
}

export async function readIssuerPrivateJwk(f: DevKeyFiles): Promise<JWK> {
  return JSON.parse(await readFile(f.issuerPrivateJwk, 'utf8')) as JWK;
}
