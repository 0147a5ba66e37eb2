import { type Attributes, Logger as RuntimeLogger, type LogLevel, type LogWriter } from '@graphql-hive/logger';
import type { Logger } from '../services/shared/log.js';

// The gateway runtime's own log, through the hub's logger and stripped to what cannot carry personal data. The
// runtime logs whole errors, and an error from a subgraph carries the subgraph request (query, variables,
// representations: a survivor's name and story, other callers' sharing facts). So only the first line of a message is
// kept, cut where quoted or structured text begins, with the error's class and code; every other attribute is dropped.

const SAFE_ATTRIBUTES = ['subgraph', 'subgraphName', 'code', 'status'];

function firstLine(msg: string | null | undefined): string {
  const line = (msg ?? '').split('\n')[0] ?? '';
  const cut = line.search(/["'{[`]/);
  return (cut >= 0 ? line.slice(0, cut) : line).trim().slice(0, 160) || 'event';
}

function describe(attrs: Attributes | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!attrs || typeof attrs !== 'object' || Array.isArray(attrs)) return out;
  const a = attrs as Record<string, unknown>;
  for (const k of SAFE_ATTRIBUTES) if (typeof a[k] === 'string' || typeof a[k] === 'number') out[k] = a[k];
  const err = (a.error ?? a.err ?? (attrs instanceof Error ? attrs : undefined)) as
    { name?: unknown; code?: unknown; extensions?: { code?: unknown } } | undefined;
  if (err && typeof err === 'object') {
    if (typeof err.name === 'string') out.error = err.name;
    const code = err.extensions?.code ?? err.code;
    if (typeof code === 'string') out.code = code;
  }
  return out;
}

class HubLogWriter implements LogWriter {
  constructor(private readonly log: Logger) {}

  write(level: LogLevel, attrs: Attributes | null | undefined, msg: string | null | undefined): void {
    const at = level === 'trace' ? 'debug' : level;
    this.log[at](firstLine(msg ?? (attrs instanceof Error ? attrs.message : undefined)), describe(attrs));
  }
}

/** A runtime logger writing through `log`, at warnings and errors only. */
export function runtimeLogger(log: Logger): RuntimeLogger {
  return new RuntimeLogger({ level: 'warn', writers: [new HubLogWriter(log)] });
}
