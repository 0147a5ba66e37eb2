import { DEMO_NAMES, type DemoReferral } from '../shared/demo-plan.js';
import { batchRandom } from '../shared/seed/random.js';
import type { GeneratedCase, SeedRun } from '../shared/seed/plan.js';
import { kigaliDate } from '../shared/time.js';
import { CODE_ALPHABET } from './policies/intake-form.policy.js';

// The center's rows for a batch of generated cases (`npm run seed`), column by column as the batch's INSERT ...
// SELECT FROM unnest(...) statements take them: the survivor as reception records them (from the center's own random
// source for the batch), the case, its consents, its referrals and their moves. Case numbers are not here: they
// depend on the counters in the database (generated-write.ts).

/** A value of a column: what node-postgres turns into an element of an array parameter. */
type Cell = string | number | Date | null;
export type Columns<K extends string> = Record<K, Cell[]>;

const columns = <K extends string>(...names: K[]): Columns<K> =>
  Object.fromEntries(names.map((n) => [n, [] as Cell[]])) as Columns<K>;

const MODULUS = 17n * 31n ** 7n;
/** Coprime with the modulus (neither 17 nor 31 divides it): index -> code is one to one. */
const STRIDE = 326_514_372_691n;
const FIRST = 'GHJKMNPQRSTUVWXYZ';

/**
 * A survivor code that no other generated survivor of the run has: the case's index mapped one to one onto the codes,
 * shifted by the seed. Its first character is a letter after F, which the demo's codes (hex digits) never start with;
 * a random intake code meets one of them about once in a million intakes at two million cases.
 */
export function generatedSurvivorCode(seed: number, index: number): string {
  let x = (BigInt(index) * STRIDE + BigInt(seed) * 7_919n) % MODULUS;
  let tail = '';
  for (let i = 0; i < 7; i++) {
    tail = CODE_ALPHABET[Number(x % 31n)]! + tail;
    x /= 31n;
  }
  return `SV-${FIRST[Number(x)]!}${tail}`;
}

const two = (n: number) => String(n).padStart(2, '0');

/** A date of birth on which the survivor is `age` at `openedAt` (Kigali calendar), some days past their birthday. */
function birthDate(openedAt: Date, age: number, daysPast: number): string {
  const today = kigaliDate(openedAt);
  const birthday = new Date(Date.UTC(today.year - age, today.month - 1, today.day) - daysPast * 24 * 3600_000);
  return `${birthday.getUTCFullYear()}-${two(birthday.getUTCMonth() + 1)}-${two(birthday.getUTCDate())}`;
}

export function generatedCenterRows(
  run: SeedRun,
  batch: number,
  cases: readonly GeneratedCase[],
  referrals: readonly DemoReferral[],
  centerIds: ReadonlyMap<string, string>,
) {
  const r = batchRandom('center', run.seed, batch);
  const phone = () => `+2507${String(80000000 + Math.floor(r.next() * 9999999))}`;
  const survivor = columns('id', 'code', 'sex', 'dateOfBirth', 'estimatedAge', 'nationality', 'createdAt');
  const identity = columns(
    'survivorId',
    'givenName',
    'familyName',
    'phone',
    'guardianName',
    'guardianRelationship',
    'guardianPhone',
  );
  const kase = columns(
    'id',
    'centerId',
    'survivorId',
    'openedAt',
    'incidentAt',
    'incidentType',
    'needs',
    'status',
    'narrative',
  );
  const consent = columns('id', 'caseId', 'scope', 'givenBy', 'givenAt', 'expiresAt', 'withdrawnAt');
  const referral = columns('id', 'caseId', 'agency', 'referredAt', 'status', 'statusChangedAt', 'version');
  const transition = columns('id', 'referralId', 'fromStatus', 'toStatus', 'at');

  for (const c of cases) {
    const centerId = centerIds.get(c.center.code);
    if (!centerId) throw new Error(`center ${c.center.code} is not in the database`);
    const survivorId = r.uuid();
    const knownBirth = r.chance(0.6);
    const family = r.pick(DEMO_NAMES.family);
    const daysPast = r.int(1, 360);
    survivor.id.push(survivorId);
    survivor.code.push(generatedSurvivorCode(run.seed, c.index));
    survivor.sex.push(c.survivorSex);
    survivor.dateOfBirth.push(knownBirth ? birthDate(c.openedAt, c.survivorAge, daysPast) : null);
    survivor.estimatedAge.push(knownBirth ? null : c.survivorAge);
    survivor.nationality.push(r.chance(0.94) ? 'RW' : r.pick(['CD', 'BI', 'UG', 'TZ', 'KE']));
    survivor.createdAt.push(c.openedAt);
    identity.survivorId.push(survivorId);
    identity.givenName.push(r.pick(c.survivorSex === 'MALE' ? DEMO_NAMES.male : DEMO_NAMES.female));
    identity.familyName.push(family);
    identity.phone.push(c.survivorAge >= 16 && r.chance(0.7) ? phone() : null);
    const child = c.survivorAge < 18;
    identity.guardianName.push(child ? `${r.pick(DEMO_NAMES.female)} ${family}` : null);
    identity.guardianRelationship.push(child ? r.pick(['mother', 'father', 'aunt', 'grandmother']) : null);
    identity.guardianPhone.push(child ? phone() : null);
    kase.id.push(c.id);
    kase.centerId.push(centerId);
    kase.survivorId.push(survivorId);
    kase.openedAt.push(c.openedAt);
    kase.incidentAt.push(c.incidentAt);
    kase.incidentType.push(c.incidentType);
    // One text per case, split in SQL: unnest would flatten an array of arrays.
    kase.needs.push(c.needs.join(','));
    kase.status.push(c.status);
    kase.narrative.push(`Synthetic case #${c.index} (seed ${run.seed}): no real person is described.`);
    for (const k of c.consents) {
      consent.id.push(k.id);
      consent.caseId.push(c.id);
      consent.scope.push(k.scope);
      consent.givenBy.push(k.givenBy);
      consent.givenAt.push(k.givenAt);
      consent.expiresAt.push(k.expiresAt);
      consent.withdrawnAt.push(k.withdrawnAt);
    }
  }
  for (const f of referrals) {
    referral.id.push(f.id);
    referral.caseId.push(f.caseId);
    referral.agency.push(f.agency);
    referral.referredAt.push(f.referredAt);
    referral.status.push(f.status);
    referral.statusChangedAt.push(f.acceptedAt ?? f.referredAt);
    referral.version.push(f.version);
    transition.id.push(r.uuid());
    transition.referralId.push(f.id);
    transition.fromStatus.push(null);
    transition.toStatus.push('REQUESTED');
    transition.at.push(f.referredAt);
    if (f.acceptedAt) {
      transition.id.push(r.uuid());
      transition.referralId.push(f.id);
      transition.fromStatus.push('REQUESTED');
      transition.toStatus.push(f.status);
      transition.at.push(f.acceptedAt);
    }
  }
  return { survivor, identity, kase, consent, referral, transition };
}

export type GeneratedCenterRows = ReturnType<typeof generatedCenterRows>;
