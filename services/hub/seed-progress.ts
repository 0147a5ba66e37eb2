// How far `npm run seed` is, on stderr: on a terminal one line rewritten in place a few times a second; elsewhere (a
// log file, CI) a plain line every few seconds, so that the log neither floods nor goes quiet for minutes.

export interface ProgressOut {
  isTTY?: boolean;
  write(s: string): unknown;
}

const duration = (s: number) => {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${String(Math.round(s % 60)).padStart(2, '0')} s` : `${Math.round(s)} s`;
};

export interface Progress {
  /** `done` cases of the run are written (the ones a resumed run found included). */
  update(done: number): void;
  /** The last line, kept. */
  finish(done: number): void;
}

export function progress(
  out: ProgressOut,
  total: number,
  /** Cases already written when this process started: the rate counts only this process's own. */
  startedWith: number,
  clock: () => number = Date.now,
  everyMs = out.isTTY ? 250 : 5000,
): Progress {
  const started = clock();
  let shown = 0;
  let shownDone = -1;
  const line = (done: number) => {
    const seconds = (clock() - started) / 1000;
    const rate = seconds > 0 ? (done - startedWith) / seconds : 0;
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    const pct = ((100 * done) / total).toFixed(1);
    return `${done.toLocaleString('en')}/${total.toLocaleString('en')} cases (${pct} %), ${Math.round(rate).toLocaleString('en')} cases/s, elapsed ${duration(seconds)}, ETA ${done >= total ? '0 s' : duration(eta)}`;
  };
  const show = (done: number, last: boolean) => {
    shownDone = done;
    if (out.isTTY) out.write(`\r\x1b[K${line(done)}${last ? '\n' : ''}`);
    else out.write(`${line(done)}\n`);
  };
  return {
    update(done) {
      const now = clock();
      if (now - shown < everyMs) return;
      shown = now;
      show(done, false);
    },
    finish(done) {
      // A plain line already saying as much is not repeated; a terminal's line is ended.
      if (out.isTTY || done !== shownDone) show(done, true);
    },
  };
}
