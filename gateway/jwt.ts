import { createHash } from 'node:crypto';
import { decodeJwt, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { type Caller, callerFromClaims, ClaimsError } from '../services/shared/caller.js';

// Token verification at the gateway. Only asymmetric algorithms are accepted (ES256, EdDSA), so neither `alg: none`
// nor an HS256 token "signed" with a public key can pass. Verification is most of the cost of authorization, so a
// verified token is cached until it expires, keyed by a hash of the whole token (header, claims and signature): a
// token that differs in any byte is verified afresh. Entries also lapse after `maxCacheMs`, so that a key removed
// from a remote JWKS stops being honoured within minutes, not only when its tokens expire.

export const ACCEPTED_ALGORITHMS = ['ES256', 'EdDSA'];

export interface TrustedIssuer {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
}

export class TokenError extends Error {}

interface Cached {
  caller: Caller;
  notBefore: number;
  until: number;
}

export class TokenVerifier {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly issuers: readonly TrustedIssuer[],
    private readonly o: { cacheSize?: number; maxCacheMs?: number; clockToleranceSec?: number } = {},
  ) {}

  /** The caller a token names: verified, and its claims parsed once, here. */
  async verify(token: string, now = Date.now()): Promise<Caller> {
    const key = createHash('sha256').update(token).digest('base64url');
    const hit = this.cache.get(key);
    if (hit) {
      if (now >= hit.notBefore && now < hit.until) return hit.caller;
      this.cache.delete(key);
    }
    let iss: string | undefined;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw new TokenError('malformed token');
    }
    const trusted = this.issuers.find((i) => i.issuer === iss);
    if (!trusted) throw new TokenError('untrusted issuer');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, trusted.keys, {
        issuer: trusted.issuer,
        audience: trusted.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: this.o.clockToleranceSec ?? 5,
        currentDate: new Date(now),
      }));
    } catch (err) {
      throw new TokenError(describe(err));
    }
    let caller: Caller;
    try {
      caller = callerFromClaims(payload);
    } catch (err) {
      if (err instanceof ClaimsError) throw new TokenError(`bad claims: ${err.message}`);
      throw err;
    }
    const exp = (payload.exp as number) * 1000;
    const nbf = typeof payload.nbf === 'number' ? payload.nbf * 1000 : 0;
    this.remember(key, { caller, notBefore: nbf, until: Math.min(exp, now + (this.o.maxCacheMs ?? 5 * 60_000)) });
    return caller;
  }

  private remember(key: string, entry: Cached): void {
    const max = this.o.cacheSize ?? 10_000;
    if (max === 0) return;
    if (this.cache.size >= max) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, entry);
  }

  clear(): void {
    this.cache.clear();
  }
}

function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'token expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `claim check failed: ${err.claim}`;
  if (err instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (err instanceof errors.JWKSNoMatchingKey) return 'no matching key';
  if (err instanceof errors.JOSEError) return err.code;
  return 'invalid token';
}
