import type { IncomingMessage } from 'node:http';
import { type AnonymousLimits, RATE_LIMITED, TokenBucket } from './anonymous.js';
import { bearerToken, INVALID_TOKEN_CHALLENGE } from './authentication.js';
import { Refusal } from './http-guard.js';
import { TokenError, type TokenVerifier } from './jwt.js';
import { LIMIT_EXCEEDED } from './limits.js';

// Who may send the gateway a body, decided from the request line and headers alone, before a byte of the body is
// read. A request with an Authorization header must hold a valid bearer token (an empty header included), so a bad
// token buys nothing an anonymous caller does not have; the runtime's authentication then finds the token in its
// cache. A request without one takes from the anonymous budget, and its URL (a GET's operation) is held to the
// anonymous body size.

/** Admitted: signed in (with the caller's subject) or not, and the largest body the request may have. */
export type Admission = { signedIn: boolean; maxBodyBytes: number; subject?: string } | Refusal;

export function admission(o: {
  verifier: TokenVerifier;
  anonymous: AnonymousLimits;
  maxBodyBytes: number;
}): (req: IncomingMessage) => Promise<Admission> {
  const budget = new TokenBucket(o.anonymous.perMinute, o.anonymous.burst);
  const anonymousMax = Math.min(o.maxBodyBytes, o.anonymous.maxBodyBytes);
  return async (req) => {
    const header = req.headers.authorization;
    if (header !== undefined) {
      let subject: string;
      try {
        subject = (await o.verifier.verify(bearerToken(header))).subject;
      } catch (err) {
        if (!(err instanceof TokenError)) throw err;
        return new Refusal(401, `Invalid token: ${err.message}`, { code: 'UNAUTHENTICATED' }, INVALID_TOKEN_CHALLENGE);
      }
      return { signedIn: true, maxBodyBytes: o.maxBodyBytes, subject };
    }
    // A browser's preflight never carries a token; it is answered without a body.
    if (req.method === 'OPTIONS') return { signedIn: false, maxBodyBytes: anonymousMax };
    if (!budget.take()) {
      return new Refusal(
        429,
        'Too many requests without a token; try again shortly',
        { code: RATE_LIMITED },
        { 'retry-after': String(budget.retryAfterSeconds()) },
      );
    }
    if ((req.url ?? '').length > o.anonymous.maxBodyBytes) {
      return new Refusal(414, `The request URL exceeds the limit of ${o.anonymous.maxBodyBytes} bytes`, {
        code: LIMIT_EXCEEDED,
        limit: 'url',
        max: o.anonymous.maxBodyBytes,
      });
    }
    return { signedIn: false, maxBodyBytes: anonymousMax };
  };
}
