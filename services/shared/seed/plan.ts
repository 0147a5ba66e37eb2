import type { CaseStatistics } from '../delivery/message.js';
import { AGENCIES } from '../agencies.js';
import {
  DAY,
  DEMO_NEEDS,
  type DemoCenter,
  type DemoConsent,
  type DemoReferral,
  HOUR,
  type SharedCase,
} from '../demo-plan.js';
import { type BatchRandom, batchRandom } from './random.js';
import type { IntakeCalendar } from './calendar.js';

// The generated cases as every agency sees them (where, when, what happened, the needs, the consents and referrals),
// in the demo plan's shape, for a decade of national data: one batch at a time, each from its own random source
// seeded by (seed, batch). Each subgraph draws its own rows for a case from a source of its own, as the demo does: the
// center its survivor (services/center/generated-rows.ts), each agency its slice (its demo.ts, keyed by the case's
// `key`). The proportions are plausible, not official figures.

/** Who wrote generated rows: their opened_by, recorded_by and the like, and the access log's subject. */
export const GENERATOR = 'seed-generator';

/** What a seed run is: the same run writes the same rows. */
export interface SeedRun {
  seed: number;
  /** Cases in the whole run. */
  total: number;
  batchSize: number;
  /** The decade of intakes ends here (an instant on the hour). */
  until: Date;
}

/** A generated case: the demo's, but for its number, which the center takes from its counters when it writes it. */
export type GeneratedCase = SharedCase;

export const batchCount = (run: SeedRun): number => Math.ceil(run.total / run.batchSize);

/**
 * Relative intakes per center: the Kigali centers and the first one (Kacyiru, the busiest) see more, second sites
 * fewer, and every district its own level (reporting, population), fixed by its name so that every run agrees.
 */
export function centerWeights(centers: readonly DemoCenter[]): number[] {
  const KIGALI = ['Gasabo', 'Nyarugenge', 'Kicukiro'];
  return centers.map((c) => {
    let h = 0;
    for (const ch of c.district) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
    const district = 0.6 + (h % 81) / 100; // 0.6-1.4
    const urban = KIGALI.includes(c.district) ? 1.8 : 1;
    const site = c.code === 'GASABO-1' ? 2 : c.code.endsWith('-1') ? 1 : 0.6;
    return district * urban * site;
  });
}

/** Ages at intake: a third are children, most of them 5 to 17; adults mostly young. Shares of each band, with its ages. */
const AGE_BANDS: readonly (readonly [share: number, from: number, to: number])[] = [
  [0.027, 1, 4],
  [0.08, 5, 9],
  [0.11, 10, 13],
  [0.116, 14, 17],
  [0.23, 18, 24],
  [0.23, 25, 34],
  [0.15, 35, 49],
  [0.057, 50, 75],
];

/** Incident types of children's and adults' cases: rape the largest share in both. */
const CHILD_INCIDENTS: readonly (readonly [number, string])[] = [
  [0.55, 'RAPE'],
  [0.2, 'SEXUAL_ASSAULT'],
  [0.13, 'PHYSICAL_ASSAULT'],
  [0.05, 'PSYCHOLOGICAL_ABUSE'],
  [0.04, 'DENIAL_OF_RESOURCES'],
  [0.03, 'FORCED_MARRIAGE'],
];
const ADULT_INCIDENTS: readonly (readonly [number, string])[] = [
  [0.33, 'RAPE'],
  [0.1, 'SEXUAL_ASSAULT'],
  [0.31, 'PHYSICAL_ASSAULT'],
  [0.12, 'PSYCHOLOGICAL_ABUSE'],
  [0.09, 'DENIAL_OF_RESOURCES'],
  [0.02, 'FORCED_MARRIAGE'],
  [0.03, 'NON_GBV'],
];

/** How often a survivor consents to be counted in statistics, and how often a consent is later withdrawn or lapses. */
export const STATISTICS_CONSENT_RATE = 0.8;
const WITHDRAWN = 0.05;
const EXPIRES = 0.04;

function weighted<T>(r: BatchRandom, items: readonly (readonly [number, T])[]): T {
  let x = r.next() * items.reduce((s, [w]) => s + w, 0);
  for (const [w, v] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1]![1];
}

/** The cases of batch `batch` of the run, in opening order. */
export function generatedBatch(
  run: SeedRun,
  batch: number,
  calendar: IntakeCalendar,
  centers: readonly DemoCenter[],
): GeneratedCase[] {
  const r = batchRandom('plan', run.seed, batch);
  const weights = centerWeights(centers);
  const centerChoices = centers.map((c, i) => [weights[i]!, c] as const);
  const ageBands = AGE_BANDS.map((b) => [b[0], b] as const);
  const until = run.until.getTime();
  const out: GeneratedCase[] = [];
  const end = Math.min(run.total, (batch + 1) * run.batchSize);
  for (let index = batch * run.batchSize; index < end; index++) {
    const openedAt = calendar.openedAt(index, run.total, r.next());
    const center = weighted(r, centerChoices);
    const [, from, to] = weighted(r, ageBands);
    const survivorAge = r.int(from, to);
    const child = survivorAge < 18;
    let incidentType = weighted(r, child ? CHILD_INCIDENTS : ADULT_INCIDENTS);
    // Forced marriage of a young child is recorded as what it is.
    if (incidentType === 'FORCED_MARRIAGE' && survivorAge < 12) incidentType = 'RAPE';
    const sexual = incidentType === 'RAPE' || incidentType === 'SEXUAL_ASSAULT';
    const survivorSex = r.chance(0.895) ? 'FEMALE' : r.chance(0.95) ? 'MALE' : 'UNKNOWN';
    // Most sexual violence reaches a center within the 72 hours that post-exposure prophylaxis allows.
    const soon = r.chance(sexual ? 0.7 : 0.5);
    const incidentAt = new Date(openedAt.getTime() - Math.floor(r.next() * (soon ? 72 * HOUR : 30 * DAY)));
    const needs = Object.entries(DEMO_NEEDS)
      .filter(([n, p]) => r.chance(n === 'MEDICAL' && sexual ? 0.95 : p))
      .map(([n]) => n);
    const givenBy = survivorAge < 16 ? 'GUARDIAN' : 'SURVIVOR';
    const consents: DemoConsent[] = [];
    const consentFor = (scope: string, p: number) => {
      if (!r.chance(p)) return;
      const id = r.uuid();
      // A withdrawal needs time after the consent: within 90 days, and before the run's end.
      const room = Math.min(90 * DAY, until - openedAt.getTime() - HOUR);
      const withdrawn = r.chance(WITHDRAWN) && room > 0;
      const expired = !withdrawn && r.chance(EXPIRES);
      const later = r.next();
      consents.push({
        id,
        scope,
        givenBy,
        givenAt: openedAt,
        expiresAt: expired ? new Date(openedAt.getTime() + 30 * DAY) : null,
        withdrawnAt: withdrawn ? new Date(openedAt.getTime() + HOUR + Math.floor(later * room)) : null,
      });
    };
    for (const row of Object.values(AGENCIES)) if (row.sharing) consentFor(row.sharing, row.demoConsentRate);
    consentFor('STATISTICS', STATISTICS_CONSENT_RATE);
    const age = until - openedAt.getTime();
    const closed = r.chance(age > 180 * DAY ? 0.85 : age > 30 * DAY ? 0.4 : 0.05);
    out.push({
      index,
      key: `seed-${run.seed}:${index}`,
      id: r.uuid(),
      center,
      openedAt,
      incidentAt,
      incidentType,
      sexual,
      survivorSex,
      survivorAge,
      needs,
      status: closed ? 'CLOSED' : 'OPEN',
      consents,
      referrals: consents.filter((k) => k.scope !== 'STATISTICS').map((k) => k.scope),
      waiting: [],
      caseManager: null,
      showcase: false,
    });
  }
  return out;
}

/**
 * The referrals of a batch's cases, one per agency the survivor consented to, accepted half an hour later, as the
 * demo makes them (demoReferrals). Their ids come from a source of their own, so that the center and an agency told
 * of them name them alike.
 */
export function generatedReferrals(run: SeedRun, batch: number, cases: readonly GeneratedCase[]): DemoReferral[] {
  const r = batchRandom('referrals', run.seed, batch);
  return cases.flatMap((c) =>
    c.referrals.map((agency) => ({
      id: r.uuid(),
      caseId: c.id,
      agency,
      centerCode: c.center.code,
      district: c.center.district,
      incidentAt: c.incidentAt,
      referredAt: new Date(c.openedAt.getTime() + 60_000),
      acceptedAt: new Date(c.openedAt.getTime() + 31 * 60_000),
      status: 'ACCEPTED' as const,
      version: 2 as const,
      delivered: true,
    })),
  );
}

/** A batch as the subgraphs write it, each its own rows, in the batch's one transaction. */
export interface GeneratedBatch {
  run: SeedRun;
  batch: number;
  cases: readonly GeneratedCase[];
  referrals: readonly DemoReferral[];
  /** What the center would tell the agencies' statistics of the referred cases, read once its rows are written. */
  statistics?: readonly CaseStatistics[];
}
