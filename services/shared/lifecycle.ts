import { errorMessage, type Logger } from './log.js';

export interface Running {
  /** Reported to the launcher once listening. */
  url: string;
  /** More facts for whoever started this process (the launcher reports its children's pids). */
  details?: Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * Run a long-lived process: start it, tell the launcher (if any) where it listens, and stop cleanly on SIGINT,
 * SIGTERM or when the launcher goes away, so that Ctrl-C or a crashed launcher never leaves orphans behind.
 */
export async function runProcess(name: string, log: Logger, start: () => Promise<Running>): Promise<void> {
  let running: Running | undefined;
  let stopping = false;
  const stop = async (why: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log.info(`stopping (${why})`);
    const force = setTimeout(() => process.exit(code || 1), 10_000);
    force.unref();
    try {
      await running?.close();
    } catch (err) {
      log.error('error while stopping', { error: errorMessage(err) });
      code = code || 1;
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // A child forked by the launcher has an IPC channel; when the launcher dies, the channel closes.
  if (process.send) process.on('disconnect', () => void stop('launcher went away'));
  try {
    running = await start();
  } catch (err) {
    log.error(`failed to start: ${errorMessage(err)}`);
    process.exit(1);
  }
  log.info(`${name} ready at ${running.url}`);
  process.send?.({ type: 'ready', name, url: running.url, ...running.details });
}
