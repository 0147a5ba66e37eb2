import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors.js';
import { type StatisticsLimits, statisticsLimits } from './limits.js';

// Admission of statistics questions into one subgraph, before any SQL or lattice work: at most `concurrency`
// questions answered at once, at most `perCaller` of them one caller's, and a short, bounded wait for a turn. Beyond
// that a question is refused at once with STATISTICS_BUSY. Everything is kept per caller: a caller's waiting questions
// count against its own small queue, and a free turn goes to the waiting caller with the fewest questions running, so
// one analyst's flood is refused while a second analyst's single question is answered.

/** Why a question was refused: the caller's own share is full, or the subgraph's. */
export type BusyReason = 'CALLER_SHARE' | 'SUBGRAPH_FULL';

export function statisticsBusy(reason: BusyReason, retryAfterSeconds: number): GraphQLError {
  const whose =
    reason === 'CALLER_SHARE'
      ? 'you already have as many statistics questions running and waiting here as one caller may'
      : 'this service is answering as many statistics questions as it may';
  // The hint is in the message too: the gateway passes on `code` and `reason` only.
  return new GraphQLError(`Statistics busy: ${whose}; ask again in ${retryAfterSeconds} s`, {
    extensions: { code: ErrorCode.STATISTICS_BUSY, reason, retryAfterSeconds },
  });
}

interface Waiter {
  /** Arrival order: the oldest waiter of the callers with the fewest questions running goes first. */
  seq: number;
  resolve(): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

interface CallerState {
  running: number;
  waiting: Waiter[];
}

export class StatisticsGate {
  private running = 0;
  private waitingTotal = 0;
  private seq = 0;
  private readonly callers = new Map<string, CallerState>();

  constructor(private readonly limits: () => Readonly<StatisticsLimits> = statisticsLimits) {}

  /** Run `work` for `caller` once admitted; refuses with STATISTICS_BUSY, before `work` starts, when it cannot be. */
  async run<T>(caller: string, work: () => Promise<T>): Promise<T> {
    await this.enter(caller);
    try {
      return await work();
    } finally {
      this.leave(caller);
    }
  }

  /** Questions being answered and waiting, in all and for one caller (tests and diagnostics). */
  load(caller?: string): { running: number; waiting: number } {
    if (caller === undefined) return { running: this.running, waiting: this.waitingTotal };
    const c = this.callers.get(caller);
    return { running: c?.running ?? 0, waiting: c?.waiting.length ?? 0 };
  }

  private enter(key: string): Promise<void> {
    const l = this.limits();
    let c = this.callers.get(key);
    if (!c) this.callers.set(key, (c = { running: 0, waiting: [] }));
    // While a turn is free no caller that may take it is waiting (dispatch hands turns out at once), so a newcomer
    // that may run jumps no queue.
    if (c.running < l.perCaller && this.running < l.concurrency) {
      c.running++;
      this.running++;
      return Promise.resolve();
    }
    const retry = Math.max(1, Math.ceil(l.waitMs / 1000));
    const refuse = (reason: BusyReason) => {
      this.forget(key);
      return Promise.reject(statisticsBusy(reason, retry));
    };
    if (c.waiting.length >= l.queuePerCaller) return refuse('CALLER_SHARE');
    if (this.waitingTotal >= l.queue || l.waitMs === 0) return refuse('SUBGRAPH_FULL');
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = {
        seq: this.seq++,
        resolve,
        reject,
        timer: setTimeout(() => {
          const state = this.callers.get(key)!;
          state.waiting.splice(state.waiting.indexOf(w), 1);
          this.waitingTotal--;
          const own = state.running >= this.limits().perCaller;
          this.forget(key);
          reject(statisticsBusy(own ? 'CALLER_SHARE' : 'SUBGRAPH_FULL', retry));
        }, l.waitMs),
      };
      c.waiting.push(w);
      this.waitingTotal++;
    });
  }

  private leave(key: string): void {
    const c = this.callers.get(key)!;
    c.running--;
    this.running--;
    this.forget(key);
    this.dispatch();
  }

  /** Hand free turns to waiting callers: the one with the fewest questions running, then the longest waiting. */
  private dispatch(): void {
    const l = this.limits();
    while (this.running < l.concurrency) {
      let best: CallerState | undefined;
      for (const c of this.callers.values()) {
        if (c.waiting.length === 0 || c.running >= l.perCaller) continue;
        if (
          !best ||
          c.running < best.running ||
          (c.running === best.running && c.waiting[0]!.seq < best.waiting[0]!.seq)
        )
          best = c;
      }
      if (!best) return;
      const w = best.waiting.shift()!;
      clearTimeout(w.timer);
      this.waitingTotal--;
      best.running++;
      this.running++;
      w.resolve();
    }
  }

  /** A caller with nothing running or waiting is not kept: the map holds only callers with questions. */
  private forget(key: string): void {
    const c = this.callers.get(key);
    if (c && c.running === 0 && c.waiting.length === 0) this.callers.delete(key);
  }
}

/**
 * One gate per subgraph, by its database schema: each subgraph process has its own, and the tests' hub, which runs
 * the four subgraphs in one process, keeps them apart as production does.
 */
const gates = new Map<string, StatisticsGate>();

export function statisticsGate(subgraph: string): StatisticsGate {
  let g = gates.get(subgraph);
  if (!g) gates.set(subgraph, (g = new StatisticsGate()));
  return g;
}
