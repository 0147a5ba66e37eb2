import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { subgraphOfSharing } from '../../shared/agencies.js';
import type { Outgoing } from '../../shared/descriptor.js';
import { type HubContext, outboxOf } from '../../shared/context.js';
import type { CaseStatistics } from '../../shared/delivery/message.js';
import { DIMENSION_SQL } from '../reads/intake-statistics.read.js';

// What the agencies' statistics may count of a case, as the center tells them: the breakdowns analysts ask for and
// the window of the survivor's consent to statistics. Told to an agency with the case's first referral to it, and to
// every agency the case was ever referred to when that consent is given or withdrawn, always in the transaction of
// the change, under the case's lock, so that the newest facts carry the newest version.

/**
 * The facts of cases `param` names (a uuid[]), as SQL over the center's schema `s`, one row per case. `consents`
 * narrows the consents read: by case through its index as the hub runs, or by their own keys in the seed generator,
 * which writes with that index set aside (a scan of every consent for each case made two million cases take hours).
 */
function factsSql(s: string, param: string, consents: string): string {
  return `select c.id, ctr.code, ctr.district, c.incident_type, ${DIMENSION_SQL.AGE_BAND!} as age_band, s.sex,
            ${DIMENSION_SQL.NATIONALITY_GROUP!} as nationality_group,
            (extract(epoch from clock_timestamp()) * 1000000)::bigint::text as version,
            k.given_at, k.expires_at, k.withdrawn_at
       from ${s}.survivor_case c
       join ${s}.center ctr on ctr.id = c.center_id
       join ${s}.survivor s on s.id = c.survivor_id
       left join (
         -- Each case's consent to statistics that no other superseded: the one still standing, else the last
         -- withdrawn. The consents are narrowed once, not again for each case.
         select distinct on (x.case_id) x.case_id, x.given_at, x.expires_at, x.withdrawn_at from ${s}.consent x
          where ${consents} and x.scope = 'STATISTICS'
          order by x.case_id, x.withdrawn_at is null desc, x.given_at desc, x.created_at desc, x.id desc) k
        on k.case_id = c.id
      where c.id = any(${param}::uuid[])
      order by c.id`;
}

function factsOfRow(r: Record<string, string | Date | null>): CaseStatistics {
  const iso = (d: string | Date | null | undefined) =>
    d === null || d === undefined ? null : new Date(d).toISOString();
  return {
    type: 'case.statistics',
    caseId: String(r.id),
    version: Number(r.version),
    centerCode: String(r.code),
    district: String(r.district),
    incidentType: String(r.incident_type),
    ageBand: String(r.age_band),
    sex: String(r.sex),
    nationalityGroup: String(r.nationality_group),
    consentFrom: iso(r.given_at),
    consentUntil: iso(r.expires_at),
    consentWithdrawnAt: iso(r.withdrawn_at),
  };
}

/** The facts of these cases, read now, each with the database clock in microseconds as its version. */
export async function statisticsFactsOf(em: EntityManager, caseIds: readonly string[]): Promise<CaseStatistics[]> {
  if (caseIds.length === 0) return [];
  const rows: Record<string, string | Date | null>[] = await em.getConnection().execute(
    factsSql(`"${em.config.get('schema')}"`, '?', 'x.case_id = any(?::uuid[])'),
    [`{${caseIds.join(',')}}`, `{${caseIds.join(',')}}`],
    'all',
    // In the caller's transaction: what the change just wrote, not what was committed before it.
    em.getTransactionContext(),
  );
  return rows.map(factsOfRow);
}

/**
 * The same, through a plain client in its own transaction (the seed generator's batches), reading only the consents
 * `consentIds` names: every consent of a generated case is written in its batch, so they are all of its consents.
 */
export async function statisticsFactsThrough(
  client: pg.ClientBase,
  caseIds: readonly string[],
  consentIds: readonly string[],
): Promise<CaseStatistics[]> {
  if (caseIds.length === 0) return [];
  const { rows } = await client.query<Record<string, string | Date | null>>(
    factsSql('"center"', '$1', 'x.id = any($2::uuid[])'),
    [[...caseIds], [...consentIds]],
  );
  return rows.map(factsOfRow);
}

/** Tell these agencies (sharing codes) a case's statistics facts, in the transaction `em` is in. */
export async function tellStatistics(
  em: EntityManager,
  ctx: HubContext,
  caseId: string,
  agencies: readonly string[],
): Promise<void> {
  if (agencies.length === 0) return;
  const [facts] = await statisticsFactsOf(em, [caseId]);
  if (!facts) return;
  await outboxOf(ctx).enqueue(em, facts, [...new Set(agencies.map(subgraphOfSharing))]);
}

/** The agencies (sharing codes) a case was ever referred to: each keeps its statistics facts. */
export async function agenciesReferred(em: EntityManager, caseId: string): Promise<string[]> {
  const rows: { agency: string }[] = await em
    .getConnection()
    .execute(
      `select distinct agency from "${em.config.get('schema')}".referral where case_id = ? order by agency`,
      [caseId],
      'all',
      em.getTransactionContext(),
    );
  return rows.map((r) => r.agency);
}

/**
 * When an agency first gets its table of statistics facts (its migration has just run), every case ever referred to
 * it is told again, as it stands now: otherwise the agency's statistics would count only cases referred after.
 */
export async function statisticsToRedeliver(em: EntityManager, receivers: readonly string[]): Promise<Outgoing[]> {
  const rows: { case_id: string; agency: string }[] = await em
    .getConnection()
    .execute(`select distinct case_id, agency from "${em.config.get('schema')}".referral order by case_id, agency`);
  const wanted = rows.filter((r) => receivers.includes(subgraphOfSharing(r.agency)));
  const out: Outgoing[] = [];
  for (let i = 0; i < wanted.length; i += 1000) {
    const batch = wanted.slice(i, i + 1000);
    const facts = new Map(
      (await statisticsFactsOf(em, [...new Set(batch.map((r) => r.case_id))])).map((f) => [f.caseId, f]),
    );
    for (const r of batch) {
      const message = facts.get(r.case_id);
      if (message) out.push({ receiver: subgraphOfSharing(r.agency), message });
    }
  }
  return out;
}
