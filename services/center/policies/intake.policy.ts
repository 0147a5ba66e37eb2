import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAccessLog } from '../../shared/access-log/store.js';
import { callerOf, type HubContext } from '../../shared/context.js';
import { conflict, InputProblems } from '../../shared/errors.js';
import { LegalBasis } from '../../shared/sharing/decide.js';
import { kigaliDate } from '../../shared/time.js';
import { Case } from '../entities/case.entity.js';
import type { Center } from '../entities/center.entity.js';
import { Survivor } from '../entities/survivor.entity.js';
import { Guardian, SurvivorIdentity } from '../entities/survivor-identity.entity.js';
import type { IncidentType } from '../types/incident-type.js';
import type { OpenCaseInput } from '../types/open-case.input.js';
import { checkIncidentTime, intakeFingerprint, newSurvivorCode } from './intake-form.policy.js';

// Opening cases, one (openCase) or many (importCases), in one transaction of the caller's. Whatever the number, the
// statements are the same few: the keys claimed in one, the case numbers taken in one, the survivors, identities and
// cases inserted by the ORM in one each, and the access-log entries in one. Locks are always taken in the same order
// (keys by key, then case-number counters by center code), so two imports never wait on each other in a circle.

/** One intake whose form has been checked, ready to open. */
export interface PreparedIntake {
  input: OpenCaseInput;
  /** Where the form sits in the request (`input`, `input.cases[3]`): problems are named under it. */
  at: string;
  center: Center;
  incidentType: IncidentType;
  /** The id the new case takes; unused when the intake turns out to be a retry. */
  caseId: string;
}

const tableOf = (em: EntityManager, name: string) => `"${em.config.get('schema')}"."${name}"`;
const run = <T>(em: EntityManager, sql: string, params: unknown[]) =>
  em.getConnection().execute(sql, params, 'all', em.getTransactionContext()) as Promise<T[]>;

/**
 * Claim the caller's idempotency keys for the cases about to be opened, and learn, of the keys already held, which
 * case each opened. An attempt with a key that another transaction is claiming waits, on the key's primary key, until
 * that one ends: if it committed, the key is taken and this intake writes nothing; if it rolled back, this one claims
 * the key. So the keys are the transaction's first write: a retry never uses up a case number. The answer maps the
 * index of each retried intake to the case it already opened.
 */
async function claimKeys(em: EntityManager, subject: string, intakes: PreparedIntake[], now: Date) {
  const table = tableOf(em, 'intake_key');
  const retried = new Map<number, string>();
  let pending = intakes
    .map((p, i) => ({ i, key: p.input.idempotencyKey ?? '', fingerprint: intakeFingerprint(p.input), p }))
    .filter((k) => k.key !== '')
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  while (pending.length > 0) {
    const claimed = await run<{ key: string }>(
      em,
      `insert into ${table} (subject, key, fingerprint, case_id, created_at)
       select ?, u.key, u.fingerprint, u.case_id, ? from json_to_recordset(?::json) as u(key text, fingerprint text, case_id uuid)
       order by u.key
       on conflict (subject, key) do nothing returning key`,
      [
        subject,
        now,
        JSON.stringify(pending.map((k) => ({ key: k.key, fingerprint: k.fingerprint, case_id: k.p.caseId }))),
      ],
    );
    const mine = new Set(claimed.map((r) => r.key));
    const others = pending.filter((k) => !mine.has(k.key));
    if (others.length === 0) break;
    // A new statement sees what the attempts that held the keys committed (read committed, PostgreSQL's default).
    const held = await run<{ key: string; fingerprint: string; case_id: string }>(
      em,
      `select key, fingerprint, case_id from ${table}
       where subject = ? and key in (select json_array_elements_text(?::json))`,
      [subject, JSON.stringify(others.map((k) => k.key))],
    );
    const byKey = new Map(held.map((h) => [h.key, h]));
    for (const k of others) {
      const h = byKey.get(k.key);
      if (!h) continue;
      if (h.fingerprint !== k.fingerprint) {
        const where = k.p.at === 'input' ? '' : `${k.p.at}: `;
        throw conflict(`${where}this idempotency key was already used for a different intake`);
      }
      retried.set(k.i, h.case_id);
    }
    // A key gone in between (old keys are forgotten every minute) is claimed again.
    pending = others.filter((k) => !byKey.has(k.key));
  }
  return retried;
}

/**
 * The next case numbers, e.g. GASABO-1/2026/000042, one per center code given, in the order given: each center's
 * counter moves once, by as many as it is asked for, atomically under concurrent intakes.
 */
async function takeCaseNumbers(em: EntityManager, centerCodes: string[], year: number): Promise<string[]> {
  const wanted = new Map<string, number>();
  for (const c of centerCodes) wanted.set(c, (wanted.get(c) ?? 0) + 1);
  const counters = [...wanted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const rows = await run<{ center_code: string; last: number }>(
    em,
    `insert into ${tableOf(em, 'case_sequence')} as s (center_code, year, last)
     select u.center_code, ?, u.n from json_to_recordset(?::json) as u(center_code text, n int)
     order by u.center_code
     on conflict (center_code, year) do update set last = s.last + excluded.last
     returning center_code, last`,
    [year, JSON.stringify(counters.map(([center_code, n]) => ({ center_code, n })))],
  );
  // The first number each center hands out in this transaction.
  const next = new Map(rows.map((r) => [r.center_code, Number(r.last) - (wanted.get(r.center_code) ?? 0) + 1]));
  return centerCodes.map((code) => {
    const n = next.get(code) ?? 0;
    next.set(code, n + 1);
    return `${code}/${year}/${String(n).padStart(6, '0')}`;
  });
}

/** The returning survivors the fresh intakes name, each checked against its incident time. */
async function returningSurvivors(em: EntityManager, fresh: PreparedIntake[], now: Date) {
  const ids = [...new Set(fresh.flatMap((p) => (p.input.survivorId ? [p.input.survivorId] : [])))];
  const found = ids.length ? await em.find(Survivor, { id: { $in: ids } }) : [];
  const byId = new Map(found.map((s) => [s.id, s]));
  const problems = new InputProblems();
  for (const p of fresh) {
    const s = p.input.survivorId ? byId.get(p.input.survivorId) : undefined;
    if (s) checkIncidentTime(p.input.incidentAt, s, now, problems, p.at);
  }
  problems.throwIfAny();
  return byId;
}

/**
 * Open the intakes inside the caller's transaction `em`, all or nothing, and answer the cases in the order given: a
 * retried intake answers the case its first attempt opened, and writes nothing, not even an access-log entry.
 */
export async function openIntakes(
  em: EntityManager,
  ctx: HubContext,
  intakes: PreparedIntake[],
  now: Date,
): Promise<Case[]> {
  const caller = callerOf(ctx);
  const retried = await claimKeys(em, caller.subject, intakes, now);
  const fresh = intakes.filter((_, i) => !retried.has(i));
  const survivors = await returningSurvivors(em, fresh, now);
  const numbers = await takeCaseNumbers(
    em,
    fresh.map((p) => p.center.code),
    kigaliDate(now).year,
  );
  const opened = new Map<string, Case>();
  fresh.forEach((p, i) => {
    const s = p.input.survivor;
    let survivor = p.input.survivorId ? survivors.get(p.input.survivorId) : undefined;
    if (!survivor && s) {
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
    // The form was checked to name one survivor, and a returning one the caller may see (so it exists).
    if (!survivor) throw new Error(`${p.at}: no survivor to open the case for`);
    const created = em.create(Case, {
      id: p.caseId,
      caseNumber: numbers[i]!,
      center: p.center,
      survivor,
      openedAt: now,
      incidentAt: p.input.incidentAt,
      incidentType: p.incidentType,
      needs: p.input.needs,
      narrative: p.input.narrative ?? null,
      openedBy: caller.subject,
      // A case manager who opens a case coordinates it until someone else is named.
      caseManager: caller.roles.includes('case-manager') ? caller.subject : null,
    });
    opened.set(created.id, created);
  });
  await em.flush();
  await appendAccessLog(
    em,
    caller,
    ctx.requestId,
    fresh.map((p) => ({
      caseId: p.caseId,
      action: 'WRITE',
      fields: ['openCase'],
      basis: LegalBasis.CARE_TEAM,
      reason: null,
    })),
  );
  const earlier = [...new Set(retried.values())];
  for (const c of earlier.length ? await em.find(Case, { id: { $in: earlier } }) : []) opened.set(c.id, c);
  return intakes.map((p, i) => opened.get(retried.get(i) ?? p.caseId)!);
}
