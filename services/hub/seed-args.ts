import { HOUR } from '../shared/demo-plan.js';
import { FIRST_CENTER_OPENED } from '../shared/time.js';
import { YEARS } from '../shared/seed/calendar.js';

// The arguments of `npm run seed`, every problem found at once before anything touches a database.

export const DEFAULT_SEED = 20091;
export const DEFAULT_BATCH_SIZE = 5000;
export const MAX_CASES = 50_000_000;

export interface SeedArgs {
  /** Unset: the recorded run's total when resuming; required otherwise. */
  cases?: number;
  /** Unset: the recorded run's, or DEFAULT_SEED for a new run. */
  seed?: number;
  batchSize?: number;
  /** The decade of intakes ends here, on the hour; unset: the recorded run's, or the current hour. */
  until?: Date;
  /** Only continue a recorded run; refuse to start one. */
  resume: boolean;
  help: boolean;
}

export class UsageError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `npm run seed: ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'UsageError';
  }
}

export const SEED_USAGE = `usage: npm run seed -- --cases N [--seed S] [--until TIME] [--batch-size B] [--resume]
  --cases N        cases to generate, 1 to ${MAX_CASES.toLocaleString('en')} (unset when resuming: the recorded run's)
  --seed S         the run's seed, 0 to 2147483647 (default ${DEFAULT_SEED}): the same seed writes the same rows
  --until TIME     ISO 8601 instant the ten years of intakes end at, rounded down to the hour (default: this hour)
  --batch-size B   cases written per transaction, 100 to 50000 (default ${DEFAULT_BATCH_SIZE})
  --resume         only continue the run recorded in the database (rerunning the same command does too)
  --help           this text`;

const VALUED = ['--cases', '--seed', '--until', '--batch-size'] as const;

function wholeNumber(flag: string, raw: string, min: number, max: number, problems: string[]): number | undefined {
  if (!/^\d+$/.test(raw)) {
    problems.push(`${flag} ${JSON.stringify(raw)}: must be a whole number from ${min} to ${max}`);
    return undefined;
  }
  const n = Number(raw);
  if (n < min || n > max) {
    problems.push(`${flag} ${raw}: must be from ${min} to ${max}`);
    return undefined;
  }
  return n;
}

export function parseSeedArgs(argv: readonly string[], now: Date = new Date()): SeedArgs {
  const problems: string[] = [];
  const raw = new Map<string, string>();
  const out: SeedArgs = { resume: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (flag === '--resume' || flag === '--help') {
      if (inline !== undefined) problems.push(`${flag} takes no value`);
      if (flag === '--resume') out.resume = true;
      else out.help = true;
    } else if ((VALUED as readonly string[]).includes(flag)) {
      const value = inline ?? argv[i + 1];
      if (inline === undefined) i++;
      if (value === undefined || (inline === undefined && value.startsWith('--'))) {
        problems.push(`${flag} needs a value`);
        if (value?.startsWith('--')) i--;
      } else if (raw.has(flag)) problems.push(`${flag} is given twice`);
      else raw.set(flag, value);
    } else problems.push(`unknown argument ${JSON.stringify(arg)}`);
  }
  const cases = raw.get('--cases');
  if (cases !== undefined) out.cases = wholeNumber('--cases', cases, 1, MAX_CASES, problems);
  const seed = raw.get('--seed');
  if (seed !== undefined) out.seed = wholeNumber('--seed', seed, 0, 2147483647, problems);
  const batch = raw.get('--batch-size');
  if (batch !== undefined) out.batchSize = wholeNumber('--batch-size', batch, 100, 50_000, problems);
  const until = raw.get('--until');
  if (until !== undefined) {
    const at = /^\d{4}-\d{2}-\d{2}/.test(until) ? new Date(until) : new Date(NaN);
    const earliest = new Date(FIRST_CENTER_OPENED.getTime() + YEARS * 365.25 * 24 * HOUR);
    if (Number.isNaN(at.getTime()))
      problems.push(`--until ${JSON.stringify(until)}: must be an ISO 8601 instant, e.g. 2026-01-01T00:00:00+02:00`);
    else if (at.getTime() > now.getTime()) problems.push(`--until ${until}: must not be in the future`);
    else if (at < earliest)
      problems.push(
        `--until ${until}: the ${YEARS} years before it must not start before 2009, when the first Isange center opened`,
      );
    else out.until = new Date(Math.floor(at.getTime() / HOUR) * HOUR);
  }
  if (!out.help && !raw.has('--cases') && !out.resume)
    problems.push('--cases is required (or --resume, to continue the run recorded in the database)');
  if (problems.length > 0) throw new UsageError(problems);
  return out;
}
