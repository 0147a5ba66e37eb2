// One line per event, prefixed with the process's name, so that the launcher's merged output stays readable. Never
// pass personal data here: logs leave the hub's access controls.
export type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(name: string, level: Level = (process.env.LOG_LEVEL as Level) || 'info'): Logger {
  const min = order[level] ?? order.info;
  const write = (l: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (order[l] < min) return;
    const extra = fields
      ? ` ${Object.entries(fields)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' ')}`
      : '';
    (l === 'error' || l === 'warn' ? process.stderr : process.stdout).write(
      `[${name}] ${l === 'info' ? '' : `${l}: `}${msg}${extra}\n`,
    );
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** An error's name, for logs that must never carry values (a message may quote what a caller sent). */
export const errorName = (err: unknown): string => (err instanceof Error ? err.name : typeof err);

/** An error's message, for the operator at a terminal or in a settings complaint. */
export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
