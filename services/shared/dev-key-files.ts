import { join } from 'node:path';

// Where the development keys are, by name: the gateway reads the development issuer's public keys from here when
// DEV_ISSUER is on, and `npm start` and `npm run token` make them (services/hub/dev-keys.ts).

export const DEV_ISSUER = 'urn:isange:dev-issuer';
export const DEV_AUDIENCE = 'isange-hub';

export interface DevKeyFiles {
  dir: string;
  gatewayPrivate: string;
  gatewayPublic: string;
  issuerPrivateJwk: string;
  issuerJwks: string;
  /** The center's key for its deliveries to the agencies, and the public half the agencies trust. */
  centerPrivate: string;
  centerPublic: string;
}

export function devKeyFiles(dir: string): DevKeyFiles {
  return {
    dir,
    gatewayPrivate: join(dir, 'gateway-signing.key.pem'),
    gatewayPublic: join(dir, 'gateway-signing.pub.pem'),
    issuerPrivateJwk: join(dir, 'dev-issuer.private.jwk.json'),
    issuerJwks: join(dir, 'dev-issuer.jwks.json'),
    centerPrivate: join(dir, 'center-signing.key.pem'),
    centerPublic: join(dir, 'center-signing.pub.pem'),
  };
}
