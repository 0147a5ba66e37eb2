/** Restart delays after a crash: doubling from half a second, at most 30 s; back to the first after a minute up. */
export const RESTART_BACKOFF = { firstMs: 500, maxMs: 30_000, stableMs: 60_000 };

/**
 * The delay before restarting a process the hub keeps running (a subgraph, the gateway, the embedded PostgreSQL).
 * A process that crashes again at once waits longer each time, so a crash loop does not take the machine; one that
 * ran for a minute is restarted quickly again.
 */
export class RestartBackoff {
  private delay = RESTART_BACKOFF.firstMs;
  private startedAt = Date.now();

  /** The process has just (re)started. */
  started(): void {
    this.startedAt = Date.now();
  }

  /** How long to wait before the next start, given that the process has just stopped. */
  next(): number {
    if (Date.now() - this.startedAt > RESTART_BACKOFF.stableMs) this.delay = RESTART_BACKOFF.firstMs;
    const d = this.delay;
    this.delay = Math.min(this.delay * 2, RESTART_BACKOFF.maxMs);
    return d;
  }
}
