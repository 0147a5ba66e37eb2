// Each signed-in caller's share of the hub: at most `inFlight` of their requests are worked on at once; more wait, in
// order, for one of theirs to end, and beyond `waiting` of them the caller is refused (429) before the body is read.
// So one token, however many requests it sends at once (a system looping bulk imports, thirty aliased timelines sent
// forty times), holds a bounded number of the hub's workers, and other callers' requests go on being answered
// between its own. The limits bound what one caller takes, not what many take together: that is the job of the
// request limits and the connection limits.

export interface FairShareLimits {
  /** Requests of one caller worked on at once. */
  inFlight: number;
  /** Requests of one caller waiting for a turn; more are refused. */
  waiting: number;
}

/** Four requests at once is a busy person; a system syncing in parallel is not slowed below sixteen. */
export const DEFAULT_FAIR_SHARE: FairShareLimits = { inFlight: 16, waiting: 256 };

interface Share {
  active: number;
  queue: (() => void)[];
}

export class FairShare {
  private readonly shares = new Map<string, Share>();

  constructor(private readonly limits: FairShareLimits) {}

  /**
   * A turn for one request of `caller`: at once while the caller has fewer than `inFlight` requests worked on, else
   * once one of them ends. Null when the caller already has `waiting` requests waiting. Call the answer to give the
   * turn back, once.
   */
  async acquire(caller: string): Promise<(() => void) | null> {
    let share = this.shares.get(caller);
    if (!share) this.shares.set(caller, (share = { active: 0, queue: [] }));
    if (share.active < this.limits.inFlight) {
      share.active += 1;
    } else {
      if (share.queue.length >= this.limits.waiting) return null;
      // The turn is handed over by release(): `active` stays as it was.
      await new Promise<void>((resolve) => share.queue.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(caller);
    };
  }

  /** Requests of `caller` worked on now, and waiting (for tests and diagnostics). */
  load(caller: string): { active: number; waiting: number } {
    const share = this.shares.get(caller);
    return { active: share?.active ?? 0, waiting: share?.queue.length ?? 0 };
  }

  private release(caller: string): void {
    const share = this.shares.get(caller);
    if (!share) return;
    const next = share.queue.shift();
    if (next) return next();
    share.active -= 1;
    // Nothing kept for a caller with nothing under way: the map holds only callers with requests.
    if (share.active === 0) this.shares.delete(caller);
  }
}
