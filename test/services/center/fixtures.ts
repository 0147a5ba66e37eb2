// Shared by the center subgraph tests: operations, intake helpers, row counts and clock control. Not a test file.
import { kigaliDate } from '../../../services/shared/time.js';
import { expect, vi } from 'vitest';
import { BreakGlass } from '../../../services/center/entities/break-glass.entity.js';
import { Case } from '../../../services/center/entities/case.entity.js';
import { CaseSequence } from '../../../services/center/entities/case-sequence.entity.js';
import { Consent } from '../../../services/center/entities/consent.entity.js';
import { ConsentOverride } from '../../../services/center/entities/consent-override.entity.js';
import { CounsellingSession } from '../../../services/center/entities/counselling-session.entity.js';
import { HotlineCall } from '../../../services/center/entities/hotline-call.entity.js';
import { IntakeKey } from '../../../services/center/entities/intake-key.entity.js';
import { Referral } from '../../../services/center/entities/referral.entity.js';
import { ReferralTransition } from '../../../services/center/entities/referral-transition.entity.js';
import { SafeRoomStay } from '../../../services/center/entities/safe-room-stay.entity.js';
import { Survivor } from '../../../services/center/entities/survivor.entity.js';
import { SurvivorIdentity } from '../../../services/center/entities/survivor-identity.entity.js';
import { ConsentGiver, ConsentScope } from '../../../services/center/types/case-enums.js';
import { ServiceAgency } from '../../../services/center/types/service-agency.js';
import { type Agency, agencyCode } from '../../../services/shared/agencies.js';
import { type Role, Roles } from '../../../services/shared/catalogue.js';
import { type Caller, callerFromClaims } from '../../../services/shared/caller.js';
import { demoClaims } from '../../../services/hub/demo-users.js';
import * as log from '../../helpers/access-log.js';
import { consentInput, type OpenCaseVariables } from '../../helpers/case-files.js';
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
    survivor { id code sex age child }`;

/** What RECORD_CONSENT and WITHDRAW_CONSENT answer, as the access log names it. */
export const CONSENT_READ = [
  'consents.active',
  'consents.expiresAt',
  'consents.givenAt',
  'consents.givenBy',
  'consents.id',
  'consents.scope',
  'consents.withdrawnAt',
];

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

/** CASE_FIELDS as the access log names them: dotted paths, sorted. */
export const CASE_FIELD_PATHS = [
  'caseNumber',
  'center.code',
  'center.district',
  'id',
  'incidentAt',
  'incidentType',
  'needs',
  'openedAt',
  'status',
  'survivor.age',
  'survivor.child',
  'survivor.code',
  'survivor.id',
  'survivor.sex',
];

export const REFER_CASE = `mutation Refer($input: ReferCaseInput!) {
  referCase(input: $input) { id agency referredAt referredBy }
}`;

/** What REFER_CASE answers, as the access log names it. */
export const REFERRAL_READ = ['referrals.agency', 'referrals.id', 'referrals.referredAt', 'referrals.referredBy'];

/**
 * A staff member signs in: any request of theirs to the center notes them in its directory (a case manager then
 * becomes someone a case can be handed to, at their centers).
 */
export async function signIn(h: SubgraphHarness, principal: Caller): Promise<void> {
  const res = await h.run(principal, '{ hotlines { number } }');
  if (res.errors) throw new Error(`sign-in failed: ${JSON.stringify(res)}`);
}

export const ASSIGN_CASE_MANAGER = `mutation Assign($input: AssignCaseManagerInput!) {
  assignCaseManager(input: $input) { id caseNumber caseManager }
}`;

export const OVERRIDE_CONSENT = `mutation Override($input: OverrideConsentInput!) {
  overrideConsent(input: $input) { id agency reason overriddenBy overriddenAt expiresAt }
}`;

export const BREAK_GLASS = `mutation BreakGlass($input: BreakGlassInput!) {
  breakGlass(input: $input) { id subject agency reason startedAt expiresAt }
}`;

export const LOG_ENTRY_FIELDS = 'at subject agency roles action fields basis reason requestId';

export const ACCESS_LOG = `query Log($caseId: ID!) {
  accessLog(caseId: $caseId) { caseId center { ${LOG_ENTRY_FIELDS} } }
}`;

export const EXCEPTIONAL_ACCESS_REPORT = `query Report($since: DateTimeISO!) {
  exceptionalAccessReport(since: $since) { kind caseId caseNumber subject agency reason startedAt expiresAt }
}`;

// ---- intake ------------------------------------------------------------------------------------------------------

/** The inputs of openCase and recordConsent, shared with the tests that go through the gateway. */
export { consentInput, intake, type OpenCaseVariables, survivorInput } from '../../helpers/case-files.js';

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
    id: string;
    code: string;
    sex: string;
    dateOfBirth: string | null;
    estimatedAge: number | null;
    nationality: string | null;
    child: boolean;
  };
}

/** Open a case through the API (as a receptionist of that center unless `as` says otherwise); fails loudly. */
export async function openCase(h: SubgraphHarness, input: OpenCaseVariables, as?: Caller): Promise<OpenedCase> {
  const principal = as ?? asRole('reception-officer', { centers: [input.centerCode] });
  const res = await h.run(principal, OPEN_CASE, { input });
  const opened = (res.data as { openCase?: CaseView } | null | undefined)?.openCase;
  if (res.errors || !opened) throw new Error(`openCase failed: ${JSON.stringify(res)}`);
  return {
    id: opened.id,
    caseNumber: opened.caseNumber,
    survivorId: opened.survivor.id,
    survivorCode: opened.survivor.code,
    view: opened,
  };
}

/** Record a consent through the API; fails loudly. */
export async function recordConsent(
  h: SubgraphHarness,
  principal: Caller,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const res = await h.run(principal, RECORD_CONSENT, { input });
  const consent = (res.data as { recordConsent?: Record<string, unknown> } | null | undefined)?.recordConsent;
  if (res.errors || !consent) throw new Error(`recordConsent failed: ${JSON.stringify(res)}`);
  return consent;
}

/** Refer a case through the API (as the receptionist of its center unless `as` says otherwise); fails loudly. */
export async function referCase(
  h: SubgraphHarness,
  principal: Caller,
  caseId: string,
  agency: string,
): Promise<Record<string, unknown>> {
  const res = await h.run(principal, REFER_CASE, { input: { caseId, agency } });
  const referral = (res.data as { referCase?: Record<string, unknown> } | null | undefined)?.referCase;
  if (res.errors || !referral) throw new Error(`referCase failed: ${JSON.stringify(res)}`);
  return referral;
}

/**
 * Share a case with an agency as the center does it: the survivor's (or guardian's) consent, then the referral, both
 * through the API, by `principal` (a receptionist or case manager of the case's center).
 */
export async function share(
  h: SubgraphHarness,
  principal: Caller,
  caseId: string,
  agency: 'HEALTH' | 'POLICE' | 'GENDER_MINISTRY',
  givenBy: 'SURVIVOR' | 'GUARDIAN' = 'SURVIVOR',
): Promise<void> {
  await recordConsent(h, principal, consentInput(caseId, agency, { givenBy }));
  await referCase(h, principal, caseId, agency);
}

// ---- rows written directly (exact instants, states the API cannot produce at once) --------------------------------

export const SYSTEM = 'demo:test-fixture';
/** The stated reasons of the overrides and break-glass grants written directly. */
export const OVERRIDE_REASON = 'Fixture: the guardian is the suspect in this case.';
export const GRANT_REASON = 'Fixture: unconscious survivor in the emergency room.';

export async function addConsent(
  h: SubgraphHarness,
  caseId: string,
  scope: `${ConsentScope}`,
  o: { givenAt: Date; expiresAt?: Date | null; withdrawnAt?: Date | null },
): Promise<void> {
  const em = h.orm.em.fork();
  em.create(Consent, {
    case: caseId,
    scope: scope as ConsentScope,
    givenBy: ConsentGiver.SURVIVOR,
    givenAt: o.givenAt,
    expiresAt: o.expiresAt ?? null,
    withdrawnAt: o.withdrawnAt ?? null,
    recordedBy: SYSTEM,
  });
  await em.flush();
}

export async function addReferral(
  h: SubgraphHarness,
  caseId: string,
  agency: `${ServiceAgency}`,
  referredAt: Date,
): Promise<void> {
  const em = h.orm.em.fork();
  em.create(Referral, { case: caseId, agency: agency as ServiceAgency, referredAt, referredBy: SYSTEM });
  await em.flush();
}

export async function addOverride(
  h: SubgraphHarness,
  caseId: string,
  agency: `${ServiceAgency}`,
  o: { overriddenAt: Date; expiresAt: Date },
): Promise<void> {
  const em = h.orm.em.fork();
  em.create(ConsentOverride, {
    case: caseId,
    agency: agency as ServiceAgency,
    reason: OVERRIDE_REASON,
    overriddenBy: SYSTEM,
    overriddenAt: o.overriddenAt,
    expiresAt: o.expiresAt,
  });
  await em.flush();
}

export async function addBreakGlass(
  h: SubgraphHarness,
  caseId: string,
  subject: string,
  o: { startedAt: Date; expiresAt: Date; agency?: Agency },
): Promise<void> {
  const em = h.orm.em.fork();
  em.create(BreakGlass, {
    case: caseId,
    subject,
    // Recorded as the hub records it: the code of the agency the grant was opened for.
    agency: agencyCode(o.agency ?? 'health'),
    reason: GRANT_REASON,
    startedAt: o.startedAt,
    expiresAt: o.expiresAt,
  });
  await em.flush();
}

// ---- principals --------------------------------------------------------------------------------------------------

/** A principal of `role` at GASABO-1 (center roles), in Gasabo (district roles), or national; sub `demo:test-<role>`. */
export function gasabo(role: Role): Caller {
  const org = Roles[role].org;
  return asRole(role, org === 'centers' ? { centers: ['GASABO-1'] } : org === 'district' ? { district: 'Gasabo' } : {});
}

// ---- database ----------------------------------------------------------------------------------------------------

export interface RowCounts {
  survivors: number;
  identities: number;
  cases: number;
  consents: number;
  sequences: number;
  referrals: number;
  overrides: number;
  breakGlass: number;
  intakeKeys: number;
  referralMoves: number;
  safeRoomStays: number;
  counsellingSessions: number;
  hotlineCalls: number;
  outboxMessages: number;
  accessLog: number;
}

/** Rows in every center table, the access log included, to prove a refused request wrote nothing. */
export async function rowCounts(h: SubgraphHarness): Promise<RowCounts> {
  const em = h.orm.em.fork();
  const countRows = async (table: string) =>
    ((await em.getConnection().execute(`select count(*)::int as n from ${table}`)) as [{ n: number }])[0].n;
  const n = await countRows('center.access_log');
  return {
    survivors: await em.count(Survivor, {}),
    identities: await em.count(SurvivorIdentity, {}),
    cases: await em.count(Case, {}),
    consents: await em.count(Consent, {}),
    sequences: await em.count(CaseSequence, {}),
    referrals: await em.count(Referral, {}),
    overrides: await em.count(ConsentOverride, {}),
    breakGlass: await em.count(BreakGlass, {}),
    intakeKeys: await em.count(IntakeKey, {}),
    referralMoves: await em.count(ReferralTransition, {}),
    safeRoomStays: await em.count(SafeRoomStay, {}),
    counsellingSessions: await em.count(CounsellingSession, {}),
    hotlineCalls: await em.count(HotlineCall, {}),
    outboxMessages: await countRows('center_outbox.job'),
    accessLog: n,
  };
}

/** Do `work` and prove that it wrote nothing at all: no row in any center table, no access-log entry. */
export async function writesNothing<R>(h: SubgraphHarness, work: () => Promise<R>): Promise<R> {
  const before = await rowCounts(h);
  const res = await work();
  expect(await rowCounts(h)).toEqual(before);
  return res;
}

/** A reception officer at `centers`, a person of their own: `demo:<login>`. */
export function receptionist(login: string, centers: string[]): Caller {
  return callerFromClaims(demoClaims({ login, role: 'reception-officer', centers }));
}

// ---- access log --------------------------------------------------------------------------------------------------

export type LogEntry = log.LogEntry;

/** The center's access-log entries for a case, oldest first, as stored. */
export function accessLogOf(h: SubgraphHarness, caseId: string): Promise<LogEntry[]> {
  return log.accessLogOf(h, 'center', caseId);
}

/** The id of the newest access-log entry (0 when empty): take it before a request, then read what it appended. */
export function lastLogId(h: SubgraphHarness): Promise<number> {
  return log.lastLogId(h, 'center');
}

/** Every entry appended after `id`, oldest first. */
export function accessLogSince(h: SubgraphHarness, id: number): Promise<LogEntry[]> {
  return log.accessLogSince(h, 'center', id);
}

/** Who the access log names: the subject, agency and roles of a principal. */
export function actor(p: Caller): { subject: string; agency: string; roles: string[] } {
  return { subject: p.subject, agency: p.agency, roles: [...p.roles] };
}

/** An entry as stored (`id` and `at` unless given: any), with the harness's request id and no reason unless given. */
export function entry(
  who: Caller,
  e: {
    caseId: string | null;
    action: 'READ' | 'WRITE';
    fields: string[];
    basis: string;
    reason?: string | null;
    at?: string;
  },
): LogEntry {
  return log.logEntry({ ...actor(who), ...e });
}

/** An entry as the `AccessLog.center` field shows it (LOG_ENTRY_FIELDS). */
export function shownEntry(e: LogEntry): Record<string, unknown> {
  const { id: _id, caseId: _caseId, ...shown } = e;
  return shown;
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
