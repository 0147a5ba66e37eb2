import type { EntityManager } from '@mikro-orm/postgresql';
import { callerOf, type HubContext } from '../context.js';
import { normalizeId } from '../ids.js';
import { DenialReason, refused } from '../errors.js';
import { placeReaches } from '../org-scope.js';
import { textArray } from '../sql.js';
import { KnownCase } from './known-case.entity.js';
import type { DeliveryMessage } from './message.js';

/** An agency's inbox: remember where a case is. Idempotent, so a redelivered message changes nothing. */
export async function rememberCase(em: EntityManager, message: DeliveryMessage): Promise<void> {
  await em.getConnection().execute(
    `insert into "${em.config.get('schema')}"."known_case" (case_id, center_code, district, received_at)
     values (?, ?, ?, now()) on conflict (case_id) do nothing`,
    [message.caseId, message.centerCode, message.district],
  );
}

/**
 * The case an agency write names, if the center has told this agency of it and the writer's organisational scope
 * reaches it. A case this agency does not know and one out of the writer's scope get the same refusal, so the answer
 * tells nothing of whether an id exists; and no agency can write (and so block the real one's record) on a case at a
 * place it does not serve.
 */
export async function caseForWrite(em: EntityManager, ctx: HubContext, caseId: string): Promise<KnownCase> {
  const id = normalizeId(caseId);
  const found = id ? await em.findOne(KnownCase, { caseId: id }) : null;
  // Writers work at centers or in a district; a national role reads, it does not write an agency's records.
  const { place } = callerOf(ctx);
  if (!found || place.kind === 'national' || !placeReaches(place, found))
    throw refused(ctx, id, DenialReason.OUT_OF_SCOPE);
  return found;
}

/** The demo data's cases, as the center would have delivered them (idempotent, one statement per thousand). */
export async function seedKnownCases(
  em: EntityManager,
  cases: readonly { id: string; center: { code: string; district: string } }[],
): Promise<void> {
  for (let i = 0; i < cases.length; i += 1000) {
    const batch = cases.slice(i, i + 1000);
    await em.getConnection().execute(
      `insert into "${em.config.get('schema')}"."known_case" (case_id, center_code, district, received_at)
       select u.*, now() from unnest(?::uuid[], ?::text[], ?::text[]) as u on conflict (case_id) do nothing`,
      [
        `{${batch.map((c) => c.id).join(',')}}`,
        textArray(batch.map((c) => c.center.code)),
        textArray(batch.map((c) => c.center.district)),
      ],
    );
  }
}
