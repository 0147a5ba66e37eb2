import { sharingCodeOf } from '../agencies.js';
import type { Caller } from '../caller.js';
import { SHARING_REFERRAL } from '../referral-lifecycle.js';
import { textArray } from '../sql.js';
import { CONSENT_WINDOW, inForceSql, OVERRIDE_WINDOW } from './in-force.js';

/**
 * `decide` as SQL, for lists, over the center's tables: the case aliased `c`, its center `ctr`, in `schema`. Center
 * staff see the cases of their centers; other agencies see, within their place, the cases referred to them with
 * consent or an override in force. Emergency access opens one case by id, never a list, so it has no part here.
 * test/services/shared/sharing-agreement.test.ts holds this to `decide` on a table of cases.
 */
export function decideSql(schema: string, p: Caller, now: Date): { sql: string; params: unknown[] } {
  const s = `"${schema}"`;
  const parts: string[] = [];
  const params: unknown[] = [];
  if (p.place.kind === 'centers') {
    parts.push('ctr.code = any(?::text[])');
    params.push(textArray(p.place.centers));
  } else if (p.place.kind === 'district') {
    parts.push('ctr.district = ?');
    params.push(p.place.district);
  }
  if (p.agency !== 'center') {
    const agency = sharingCodeOf(p.agency);
    if (!agency) return { sql: 'false', params: [] };
    const consent = inForceSql(CONSENT_WINDOW, 'k', now);
    const override = inForceSql(OVERRIDE_WINDOW, 'o', now);
    parts.push(
      `exists (select 1 from ${s}.referral r where r.case_id = c.id and r.agency = ? and r.status = any(?::text[]))`,
      `(exists (select 1 from ${s}.consent k where k.case_id = c.id and k.scope = ? and ${consent.sql})
        or exists (select 1 from ${s}.consent_override o where o.case_id = c.id and o.agency = ? and ${override.sql}))`,
    );
    params.push(agency, textArray(SHARING_REFERRAL), agency, ...consent.params, agency, ...override.params);
  }
  return { sql: parts.length > 0 ? parts.join(' and ') : 'true', params };
}
