import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Mutation, Resolver } from 'type-graphql';
import { recordReturned } from '../../shared/access-log/returned.js';
import { recordWrite } from '../../shared/access-log/record-write.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { LegalBasis } from '../../shared/sharing/decide.js';
import { badInput, conflict, InputProblems } from '../../shared/errors.js';
import { Requires } from '../../shared/guards.js';
import { futureProblem, kigaliDate, kigaliDay } from '../../shared/time.js';
import { Case } from '../entities/case.entity.js';
import { Center } from '../entities/center.entity.js';
import { Survivor } from '../entities/survivor.entity.js';
import { Guardian, SurvivorIdentity } from '../entities/survivor-identity.entity.js';
import { assertCanWriteAt } from '../policies/case-access.policy.js';
import { survivorVisible } from '../policies/survivor-access.policy.js';
import { classifyIncident } from '../types/incident-type.js';
import { type NewSurvivorInput, OpenCaseInput } from '../types/open-case.input.js';

// Survivor codes avoid look-alike characters (0/O, 1/I/L) because they are read aloud and copied by hand.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newSurvivorCode(): string {
  let s = 'SV-';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/** The next case number at a center for a year, e.g. GASABO-1/2026/000042; atomic under concurrent intakes. */
export async function nextCaseNumber(em: EntityManager, centerCode: string, year: number): Promise<string> {
  const table = `"${em.config.get('schema')}"."case_sequence"`;
  const rows: { last: number }[] = await em.getConnection().execute(
    `insert into ${table} as s (center_code, year, last) values (?, ?, 1)
     on conflict (center_code, year) do update set last = s.last + 1 returning last`,
    [centerCode, year],
    'all',
    em.getTransactionContext(),
  );
  return `${centerCode}/${year}/${String(rows[0]?.last).padStart(6, '0')}`;
}

/**
 * An intake as text that does not depend on how the client wrote it: every object's fields in name order, empty ones
 * (null or left out) dropped; hashed (SHA-256, hex), so that the key table keeps nothing the survivor said. The key
 * itself is not part of it.
 */
function intakeFingerprint(input: OpenCaseInput): string {
  const { idempotencyKey: _key, ...intake } = input;
  const canonical = JSON.stringify(intake, (_name, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, x]) => x != null)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Claim the caller's idempotency key for the case `caseId` about to be opened, or learn which case the intake that
 * holds it opened. A concurrent attempt with the same key waits here, on the key's primary key, until the first one
 * ends: if it committed, the key is taken and this attempt writes nothing; if it rolled back, this one claims the
 * key. So it must be the transaction's first write: a retry then never uses up a case number.
 */
async function claimKey(
  em: EntityManager,
  k: { subject: string; key: string; fingerprint: string; caseId: string; at: Date },
): Promise<{ claimed: true } | { claimed: false; caseId: string }> {
  const table = `"${em.config.get('schema')}"."intake_key"`;
  const run = (sql: string, params: unknown[]) =>
    em.getConnection().execute(sql, params, 'all', em.getTransactionContext());
  for (;;) {
    const mine = await run(
      `insert into ${table} (subject, key, fingerprint, case_id, created_at) values (?, ?, ?, ?, ?)
       on conflict (subject, key) do nothing returning case_id`,
      [k.subject, k.key, k.fingerprint, k.caseId, k.at],
    );
    if (mine.length > 0) return { claimed: true };
    // A new statement sees what the attempt that held the key committed (read committed, PostgreSQL's default).
    const [held] = (await run(`select fingerprint, case_id from ${table} where subject = ? and key = ?`, [
      k.subject,
      k.key,
    ])) as { fingerprint: string; case_id: string }[];
    // Gone in between (old keys deleted): claim it again.
    if (!held) continue;
    if (held.fingerprint !== k.fingerprint)
      throw conflict('this idempotency key was already used for a different intake');
    return { claimed: false, caseId: held.case_id };
  }
}

/** Nobody the hub serves is older than this; a date further back is a typing mistake (year 1, 1800). */
const OLDEST_YEARS = 120;

function yearsBefore(now: Date, years: number): Date {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d;
}

function checkNewSurvivor(s: NewSurvivorInput, now: Date, problems: InputProblems): void {
  if (s.dateOfBirth == null && s.estimatedAge == null) {
    problems.add('input.survivor.dateOfBirth', 'give a date of birth or an estimated age');
  }
  if (s.dateOfBirth != null && s.estimatedAge != null) {
    problems.add('input.survivor.estimatedAge', 'give a date of birth or an estimated age, not both');
  }
  if (s.dateOfBirth && s.dateOfBirth > kigaliDay(now)) {
    problems.add('input.survivor.dateOfBirth', 'must not be in the future');
  }
  if (s.dateOfBirth && s.dateOfBirth < kigaliDay(yearsBefore(now, OLDEST_YEARS))) {
    problems.add('input.survivor.dateOfBirth', `must be within the last ${OLDEST_YEARS} years`);
  }
}

/**
 * The incident happened in the survivor's lifetime: not before their birth (the date, or the start of the year the
 * estimate puts it in), and not more than 120 years ago whatever the estimate. A birth that is itself wrong is not
 * compared with.
 */
function checkIncidentTime(
  incidentAt: Date,
  survivor: { dateOfBirth?: string | null; estimatedAge?: number | null; createdAt?: Date },
  now: Date,
  problems: InputProblems,
): void {
  if (incidentAt < yearsBefore(now, OLDEST_YEARS))
    problems.add('input.incidentAt', `must be within the last ${OLDEST_YEARS} years`);
  if (problems.has('input.survivor.dateOfBirth') || problems.has('input.survivor.estimatedAge')) return;
  // An estimate is the age when it was made (at the survivor's first intake).
  const born = survivor.dateOfBirth
    ? new Date(`${survivor.dateOfBirth}T00:00:00+02:00`) // Kigali midnight
    : survivor.estimatedAge != null
      ? yearsBefore(survivor.createdAt ?? now, survivor.estimatedAge + 1)
      : null;
  if (born && incidentAt < born) problems.add('input.incidentAt', "must not be before the survivor's birth");
}

@Resolver()
export class IntakeResolver {
  @Mutation(() => Case, { description: 'Reception opens a case for a new or returning survivor. All or nothing.' })
  @Requires('case:write')
  async openCase(
    @Arg('input', () => OpenCaseInput) input: OpenCaseInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Case> {
    const now = new Date();
    // Every problem with the form in one answer: how the fields fit together, then the center the code names.
    const problems = new InputProblems();
    if ((input.survivor == null) === (input.survivorId == null)) {
      problems.add('input.survivor', 'give either survivor (new) or survivorId (returning), exactly one');
    }
    if ((input.incidentType == null) === (input.classification == null)) {
      problems.add('input.incidentType', 'give either incidentType or classification, exactly one');
    }
    problems.add('input.incidentAt', futureProblem(input.incidentAt, now));
    if (input.survivor) {
      checkNewSurvivor(input.survivor, now, problems);
      checkIncidentTime(input.incidentAt, input.survivor, now, problems);
    }
    const center = await ctx.em.findOne(Center, { code: input.centerCode });
    if (!center) problems.add('input.centerCode', 'no center has this code');
    problems.throwIfAny();
    // throwIfAny has thrown when there is no center, or neither an incident type nor a classification.
    if (!center) throw badInput('input.centerCode', 'no center has this code');
    assertCanWriteAt(callerOf(ctx), center);
    const incidentType = input.incidentType ?? (input.classification && classifyIncident(input.classification));
    if (!incidentType) throw badInput('input.incidentType', 'give either incidentType or classification, exactly one');
    // Only a survivor the caller could already see: otherwise the answer would tell whether the id exists, and the new
    // case would hand the caller another center's survivor's identity. Asked before the transaction: it reads on a
    // connection of its own, which the transaction must not wait for while it holds a key other attempts wait on.
    if (input.survivorId && !(await survivorVisible(ctx, input.survivorId)))
      throw badInput('input.survivorId', 'no survivor has this id');
    const caseId = randomUUID();

    const opened = await ctx.em.transactional(async (em) => {
      if (input.idempotencyKey) {
        const key = await claimKey(em, {
          subject: callerOf(ctx).subject,
          key: input.idempotencyKey,
          fingerprint: intakeFingerprint(input),
          caseId,
          at: now,
        });
        // A retry: the case the first attempt opened, answered (and logged as read) as that attempt answered it.
        // The write happened once, and was logged once.
        if (!key.claimed) return em.findOneOrFail(Case, key.caseId);
      }
      let survivor: Survivor;
      if (input.survivorId) {
        survivor = await em.findOneOrFail(Survivor, { id: input.survivorId });
        const fit = new InputProblems();
        checkIncidentTime(input.incidentAt, survivor, now, fit);
        fit.throwIfAny();
      } else {
        const s = input.survivor;
        if (!s) throw badInput('input.survivor', 'give either survivor (new) or survivorId (returning), exactly one');
        survivor = em.create(Survivor, {
          code: newSurvivorCode(),
          sex: s.sex,
          dateOfBirth: s.dateOfBirth ?? null,
          estimatedAge: s.estimatedAge ?? null,
          nationality: s.nationality ?? null,
        });
        em.create(SurvivorIdentity, {
          survivor,
          givenName: s.givenName ?? null,
          familyName: s.familyName ?? null,
          phone: s.phone ?? null,
          guardian: s.guardian ? Object.assign(new Guardian(), s.guardian) : null,
        });
      }
      const created = em.create(Case, {
        id: caseId,
        caseNumber: await nextCaseNumber(em, center.code, kigaliDate(now).year),
        center,
        survivor,
        openedAt: now,
        incidentAt: input.incidentAt,
        incidentType,
        needs: input.needs,
        narrative: input.narrative ?? null,
        openedBy: callerOf(ctx).subject,
        // A case manager who opens a case coordinates it until someone else is named.
        caseManager: callerOf(ctx).roles.includes('case-manager') ? callerOf(ctx).subject : null,
      });
      await em.flush();
      await recordWrite(em, ctx, created.id, 'openCase', LegalBasis.CARE_TEAM);
      return created;
    });
    recordReturned(ctx, info, opened.id, LegalBasis.CARE_TEAM);
    return opened;
  }
}
