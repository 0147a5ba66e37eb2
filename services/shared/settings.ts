import { errorMessage } from './log.js';

// Every process reads its configuration from the environment once, at start-up. A mistake in one setting must not
// hide a mistake in another: all problems are collected and reported together, then the process exits non-zero.

export interface Setting<T> {
  readonly env: string;
  readonly description: string;
  /** Shown in the README table; `undefined` means the setting is required. */
  readonly fallback?: string;
  readonly parse: (raw: string) => T;
}

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

type Parsed<S> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

export function readSettings<S extends Record<string, Setting<unknown>>>(
  specs: S,
  env: NodeJS.ProcessEnv = process.env,
): Parsed<S> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(specs)) {
    const raw = env[spec.env];
    const value = raw === undefined || raw === '' ? spec.fallback : raw;
    if (value === undefined) {
      problems.push(`${spec.env} is required: ${spec.description}`);
      continue;
    }
    try {
      out[key] = spec.parse(value);
    } catch (err) {
      problems.push(`${spec.env}=${JSON.stringify(raw ?? value)}: ${errorMessage(err)}`);
    }
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return out as Parsed<S>;
}

/** The variable that says where a subgraph is, e.g. SUBGRAPH_URL_GENDER_MINISTRY: the gateway and senders read it. */
export const subgraphUrlVariable = (name: string): string =>
  `SUBGRAPH_URL_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

/** Exit with every settings problem listed; any other error is rethrown. */
export function exitOnSettingsError(err: unknown): never {
  if (err instanceof SettingsError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  throw err;
}

export const text = (env: string, description: string, fallback?: string): Setting<string> => ({
  env,
  description,
  fallback,
  parse: (raw) => raw,
});

export const optionalText = (env: string, description: string): Setting<string | undefined> => ({
  env,
  description,
  fallback: '',
  parse: (raw) => (raw === '' ? undefined : raw),
});

export const integer = (
  env: string,
  description: string,
  fallback: number | undefined,
  range: { min: number; max: number },
): Setting<number> => ({
  env,
  description,
  fallback: fallback === undefined ? undefined : String(fallback),
  parse: (raw) => {
    if (!/^-?\d+$/.test(raw)) throw new Error('must be a whole number');
    const n = Number(raw);
    if (n < range.min || n > range.max) throw new Error(`must be between ${range.min} and ${range.max}`);
    return n;
  },
});

export const port = (env: string, description: string, fallback: number): Setting<number> =>
  integer(env, description, fallback, { min: 0, max: 65535 });

export const flag = (env: string, description: string, fallback: boolean): Setting<boolean> => ({
  env,
  description,
  fallback: String(fallback),
  parse: (raw) => {
    const v = raw.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    throw new Error('must be true or false');
  },
});

export const url = (env: string, description: string, fallback?: string): Setting<string> => ({
  env,
  description,
  fallback,
  parse: (raw) => {
    try {
      return new URL(raw).toString();
    } catch {
      throw new Error('must be an absolute URL');
    }
  },
});

/** A comma-separated list of origins (scheme://host[:port]), each checked; empty means none. */
export const originList = (env: string, description: string): Setting<string[]> => ({
  env,
  description,
  fallback: '',
  parse: (raw) => {
    const items = raw
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    for (const item of items) {
      let u: URL;
      try {
        u = new URL(item);
      } catch {
        throw new Error(`${JSON.stringify(item)} is not an origin such as https://staff.isange.example`);
      }
      if (u.origin !== item.replace(/\/$/, ''))
        throw new Error(`${JSON.stringify(item)} is not an origin: give scheme://host[:port] only`);
    }
    return items.map((x) => x.replace(/\/$/, ''));
  },
});

export const optionalUrl = (env: string, description: string): Setting<string | undefined> => ({
  env,
  description,
  fallback: '',
  parse: (raw) => (raw === '' ? undefined : url(env, description).parse(raw)),
});

export const oneOf = <T extends string>(
  env: string,
  description: string,
  values: readonly T[],
  fallback: T,
): Setting<T> => ({
  env,
  description,
  fallback,
  parse: (raw) => {
    if (!(values as readonly string[]).includes(raw)) throw new Error(`must be one of ${values.join(', ')}`);
    return raw as T;
  },
});

export const databaseUrl = (description: string): Setting<string> => ({
  env: 'DATABASE_URL',
  description,
  parse: (raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new Error('must be a postgres:// URL');
    }
    if (!['postgres:', 'postgresql:'].includes(parsed.protocol)) throw new Error('must be a postgres:// URL');
    return raw;
  },
});
