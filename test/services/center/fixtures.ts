// Shared by the center subgraph tests: operations, intake helpers, row counts and clock control. Not a test file.
import { kigaliDate } from '../../../services/shared/time.js';
import { vi } from 'vitest';
import { Case } from '../../../services/center/entities/case.entity.js';
import { CaseSequence } from '../../../services/center/entities/case-sequence.entity.js';
import { Consent } from '../../../services/center/entities/consent.entity.js';
import { Survivor } from '../../../services/center/entities/survivor.entity.js';
import { SurvivorIdentity } from '../../../services/center/entities/survivor-identity.entity.js';
import type { Principal } from '../../../services/shared/principal.js';
import { asRole } from '../../helpers/principals.js';
import type { GraphQLResponse, SubgraphHarness } from '../../helpers/subgraph-harness.js';

export const SURVIVOR_CODE = /^SV-[2-9A-HJ-NP-Z]{8}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A case number at `centerCode` for any year and sequence, e.g. GASABO-1/2026/000042. */
export function caseNumberOf(centerCode: string): RegExp {
  return new RegExp(`^${centerCode}/\\d{4}/\\d{6}$`);
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

// ---- operations ------------------------------------------------------------------------------------------------

/** The fields of a case every caller with case:read may see; OPEN_CASE and the case queries select these. */
export const CASE_FIELDS = `id caseNumber openedAt incidentAt incidentType needs status
    center { code district }
    survivor { id code sex dateOfBirth estimatedAge nationality child }`;

export const OPEN_CASE = `mutation Open($input: OpenCaseInput!) {
  openCase(input: $input) {
    ${CASE_FIELDS}
  }
}`;

export const RECORD_CONSENT = `mutation Record($input: RecordConsentInput!) {
  recordConsent(input: $input) { id scope givenBy givenAt expiresAt withdrawnAt active }
}`;

export const WITHDRAW_CONSENT = `mutation Withdraw($input: WithdrawConsentInput!) {
  withdrawConsent(input: $input) { id scope givenBy givenAt expiresAt withdrawnAt active }
}`;

export const CASE_CONSENTS = `query Consents($id: ID!) {
  case(id: $id) { id consents { id scope givenBy givenAt expiresAt withdrawnAt active } }
}`;

// ---- error shapes ------------------------------------------------------------------------------------------------

/**
 * Where `token` (a whole word) first occurs in `query` at or after its `nth` occurrence, as GraphQL reports
 * locations: 1-based line and column. Errors name the field node they were raised on.
 */
export function at(query: string, token: string, nth = 0): { line: number; column: number }[] {
  const re = new RegExp(`(?<![\\w$])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`, 'g');
  let m: RegExpExecArray | null = null;
  for (let i = 0; i <= nth; i++) {
    m = re.exec(query);
    if (!m) throw new Error(`${token} (#${nth}) does not occur in the query`);
  }
  const before = query.slice(0, m!.index).split('\n');
  return [{ line: before.length, column: before.at(-1)!.length + 1 }];
}

interface ErrorAt {
  query: string;
  /** The response path; its last string element is the field looked up in the query unless `token` says otherwise. */
  path: (string | number)[];
  token?: string;
  nth?: number;
}

function located(e: ErrorAt): { path: (string | number)[]; locations: { line: number; column: number }[] } {
  const field = e.token ?? [...e.path].reverse().find((p): p is string => typeof p === 'string')!;
  return { path: e.path, locations: at(e.query, field, e.nth) };
}

export function badInputError(e: ErrorAt, ...fields: { field: string; problem: string }[]) {
  return {
    message: fields.map((f) => `${f.field}: ${f.problem}`).join('; '),
    ...located(e),
    extensions: { code: 'BAD_USER_INPUT', fields },
  };
}

export function forbiddenError(e: ErrorAt, reason: 'MISSING_SCOPE' | 'OUT_OF_SCOPE') {
  return { message: 'Forbidden', ...located(e), extensions: { code: 'FORBIDDEN', reason } };
}

export function unauthenticatedError(e: ErrorAt) {
  return { message: 'Authentication required', ...located(e), extensions: { code: 'UNAUTHENTICATED' } };
}

export function caseNotFoundError(e: ErrorAt) {
  return { message: 'Case not found', ...located(e), extensions: { code: 'CASE_NOT_FOUND' } };
}

// ---- intake ------------------------------------------------------------------------------------------------------

export interface OpenCaseVariables {
  centerCode: string;
  survivor?: Record<string, unknown> | null;
  survivorId?: string | null;
  incidentAt: string;
  incidentType?: string | null;
  classification?: Record<string, boolean> | null;
  needs: string[];
  narrative?: string | null;
}

/** A valid intake at `centerCode`: an adult woman, raped two hours ago, needing medical care. */
export function intake(centerCode = 'GASABO-1', more: Partial<OpenCaseVariables> = {}): OpenCaseVariables {
  return {
    centerCode,
    survivor: { sex: 'FEMALE', estimatedAge: 30 },
    incidentAt: new Date(Date.now() - 2 * HOUR).toISOString(),
    incidentType: 'RAPE',
    needs: ['MEDICAL'],
    ...more,
  };
}

export interface OpenedCase {
  id: string;
  caseNumber: string;
  survivorId: string;
  survivorCode: string;
  /** The case as openCase answered it (CASE_FIELDS). */
  view: CaseView;
}

export interface CaseView {
  id: string;
  caseNumber: string;
  openedAt: string;
  incidentAt: string;
  incidentType: string;
  needs: string[];
  status: string;
  center: { code: string; district: string };
  survivor: {
    id: string; code: string; sex: string; dateOfBirth: string | null; estimatedAge: number | null;
    nationality: string | null; child: boolean;
  };
}

/** Open a case through the API (as a receptionist of that center unless `as` says otherwise); fails loudly. */
export async function openCase(
  h: SubgraphHarness,
  input: OpenCaseVariables,
  as?: Principal,
): Promise<OpenedCase> {
  const principal = as ?? asRole('reception-officer', { centers: [input.centerCode] });
  const res = await h.run(principal, OPEN_CASE, { input });
  const opened = (res.data as { openCase?: CaseView } | null | undefined)?.openCase;
  if (res.errors || !opened) throw new Error(`openCase failed: ${JSON.stringify(res)}`);
  return { id: opened.id, caseNumber: opened.caseNumber, survivorId: opened.survivor.id, survivorCode: opened.survivor.code, view: opened };
}

/** Record a consent through the API; fails loudly. */
export async function recordConsent(
  h: SubgraphHarness,
  principal: Principal,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const res = await h.run(principal, RECORD_CONSENT, { input });
  const consent = (res.data as { recordConsent?: Record<string, unknown> } | null | undefined)?.recordConsent;
  if (res.errors || !consent) throw new Error(`recordConsent failed: ${JSON.stringify(res)}`);
  return consent;
}

// ---- database ----------------------------------------------------------------------------------------------------

export interface RowCounts {
  survivors: number;
  identities: number;
  cases: number;
  consents: number;
  sequences: number;
}

/** Rows in every center table that intake and consent write, to prove a refused request wrote nothing. */
export async function rowCounts(h: SubgraphHarness): Promise<RowCounts> {
  const em = h.orm.em.fork();
  return {
    survivors: await em.count(Survivor, {}),
    identities: await em.count(SurvivorIdentity, {}),
    cases: await em.count(Case, {}),
    consents: await em.count(Consent, {}),
    sequences: await em.count(CaseSequence, {}),
  };
}

/** The last number issued at a center this year, or 0. */
export async function lastCaseNumber(h: SubgraphHarness, centerCode: string, year: number): Promise<number> {
  const row = await h.orm.em.fork().findOne(CaseSequence, { centerCode, year });
  return row?.last ?? 0;
}

// ---- clock -------------------------------------------------------------------------------------------------------

/**
 * Stop the clock (Date only; timers keep running so the database driver works) at `at`, by default the current
 * instant: resolvers then see exactly the `now` the test computes with. Undo with `vi.useRealTimers()`.
 */
export function freezeClock(at: Date = new Date()): Date {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at);
  return new Date(at);
}

/** YYYY-MM-DD of `d` as a calendar day in UTC. */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The calendar day `years` years and `days` days before `now`'s day in Kigali (UTC+2), where birthdays turn. */
export function dayBefore(now: Date, years: number, days = 0): string {
  const k = kigaliDate(now);
  return utcDay(new Date(Date.UTC(k.year - years, k.month - 1, k.day - days)));
}

export function data<T = Record<string, unknown>>(res: GraphQLResponse): T {
  if (res.errors) throw new Error(`unexpected errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}
