import { createHash, createPrivateKey, createPublicKey, type KeyObject, randomUUID, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { HubClaims } from './caller.js';

// Subgraphs trust nobody but the gateway. The gateway signs every subgraph request with its Ed25519 key over the
// exact body bytes (query, variables, representations), the forwarded claims, the target subgraph, a timestamp and a
// nonce. A subgraph holds only the public key, so a subgraph (a police records system plugging in its own, say) cannot
// forge requests to another subgraph, which a shared HMAC secret would allow.

export const SignatureHeaders = {
  claims: 'x-hub-claims',
  /** The gateway's id of the request, written into the access logs: signed, so it is the gateway's and nobody else's. */
  requestId: 'x-request-id',
  timestamp: 'x-hub-timestamp',
  nonce: 'x-hub-nonce',
  signature: 'x-hub-signature',
} as const;

// v2 signs the request id too.
const VERSION = 'hub-sig-v2';

function payload(
  audience: string,
  timestamp: string,
  nonce: string,
  claims: string,
  requestId: string,
  body: string | Buffer,
): Buffer {
  const bodyHash = createHash('sha256').update(body).digest('base64url');
  return Buffer.from([VERSION, audience, timestamp, nonce, claims, requestId, bodyHash].join('\n'));
}

export function encodeClaims(claims: HubClaims | null): string {
  return claims ? Buffer.from(JSON.stringify(claims)).toString('base64url') : '';
}

interface SignBase {
  key: KeyObject;
  /** The subgraph name the request is meant for; a request signed for one subgraph is refused by another. */
  audience: string;
  body: string | Buffer;
  /** The request's id (none for requests that are not a client's: probes, deliveries). */
  requestId?: string;
  now?: number;
  nonce?: string;
}

/**
 * What to sign: the claims, or their encoding (encodeClaims) where the signer keeps it for a caller it signs for
 * again and again (the gateway, one caller's several subgraph requests: upstream-signing.ts).
 */
export type SignInput = SignBase & ({ claims: HubClaims | null } | { encodedClaims: string });

export function signRequest(input: SignInput): Record<string, string> {
  const timestamp = String(input.now ?? Date.now());
  const nonce = input.nonce ?? randomUUID();
  const claims = 'encodedClaims' in input ? input.encodedClaims : encodeClaims(input.claims);
  const requestId = input.requestId ?? '';
  const sig = sign(null, payload(input.audience, timestamp, nonce, claims, requestId, input.body), input.key);
  return {
    ...(requestId ? { [SignatureHeaders.requestId]: requestId } : {}),
    [SignatureHeaders.claims]: claims,
    [SignatureHeaders.timestamp]: timestamp,
    [SignatureHeaders.nonce]: nonce,
    [SignatureHeaders.signature]: sig.toString('base64url'),
  };
}

/** Admits each nonce once within the signature window; anything it cannot decide is a refusal. */
export interface ReplayGuard {
  /** True the first time a nonce is offered within the window, false on every repeat. */
  admit(nonce: string, now: number): boolean | Promise<boolean>;
}

/** Nonces in this process's memory: for a single process that never restarts within the window (tests, tools). */
export class MemoryReplayGuard implements ReplayGuard {
  private readonly seen = new Map<string, number>();
  private lastSweep = 0;
  constructor(private readonly windowMs: number) {}

  admit(nonce: string, now: number): boolean {
    if (now - this.lastSweep > this.windowMs) {
      for (const [n, expires] of this.seen) if (expires < now) this.seen.delete(n);
      this.lastSweep = now;
    }
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, now + 2 * this.windowMs);
    return true;
  }
}

export interface VerifyInput {
  publicKey: KeyObject;
  audience: string;
  body: string | Buffer;
  headers: Record<string, string | string[] | undefined>;
  maxAgeMs: number;
  replay: ReplayGuard;
  now?: number;
}

export type VerifyResult = { ok: true; claims: unknown } | { ok: false; problem: string };

export async function verifyRequest(input: VerifyInput): Promise<VerifyResult> {
  const header = (name: string): string | undefined => {
    const v = input.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const signature = header(SignatureHeaders.signature);
  const timestamp = header(SignatureHeaders.timestamp);
  const nonce = header(SignatureHeaders.nonce);
  const claims = header(SignatureHeaders.claims) ?? '';
  const requestId = header(SignatureHeaders.requestId) ?? '';
  if (!signature || !timestamp || !nonce) return { ok: false, problem: 'request is not signed by the gateway' };
  const now = input.now ?? Date.now();
  const t = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || !Number.isSafeInteger(t)) return { ok: false, problem: 'bad signature timestamp' };
  // A little tolerance for clocks that run ahead; none for stale requests beyond the window.
  if (t > now + 5_000 || now - t > input.maxAgeMs) return { ok: false, problem: 'signature is stale' };
  const valid = verify(
    null,
    payload(input.audience, timestamp, nonce, claims, requestId, input.body),
    input.publicKey,
    Buffer.from(signature, 'base64url'),
  );
  if (!valid) return { ok: false, problem: 'bad signature' };
  if (!(await input.replay.admit(nonce, now))) return { ok: false, problem: 'replayed request' };
  if (claims === '') return { ok: true, claims: null };
  try {
    return { ok: true, claims: JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) };
  } catch {
    return { ok: false, problem: 'unreadable claims' };
  }
}

export function readPrivateKey(path: string): KeyObject {
  return createPrivateKey(readFileSync(path));
}

export function readPublicKey(path: string): KeyObject {
  return createPublicKey(readFileSync(path));
}
