// Callers without a token may read only the public part of the graph (the centers and the hotlines), and nobody is
// accountable for what they send. They share one budget of requests, refilled at a steady rate, and each may send a
// small body only: a flood of anonymous requests, however shaped, then costs the hub a bounded share of its time, and
// signed-in callers, who are not counted against it, keep their answers. Both are checked before the body is read.

export interface AnonymousLimits {
  /** Requests per minute, all anonymous callers together, once the burst is spent. */
  perMinute: number;
  /** Requests that may arrive at once after a quiet spell. */
  burst: number;
  /** Largest body of an anonymous request, in bytes. */
  maxBodyBytes: number;
}

/** A public directory page asks for a few hundred bytes; the busiest legitimate use is a few requests a second. */
export const DEFAULT_ANONYMOUS_LIMITS: AnonymousLimits = { perMinute: 1200, burst: 60, maxBodyBytes: 8 * 1024 };

export const RATE_LIMITED = 'RATE_LIMITED';

/** A token bucket: `burst` tokens at most, refilled at `perMinute`; one taken per request. */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.at = now();
  }

  /** Take a token; false when none is left. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.at) * this.perMinute) / 60_000);
    this.at = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whole seconds until the next token. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(((1 - this.tokens) * 60) / this.perMinute));
  }
}
