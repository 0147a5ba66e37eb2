import { createHash } from 'node:crypto';
import { AGENCIES } from './agencies.js';
import { DISTRICTS } from './districts.js';

// Synthetic demo data for a newcomer's `npm start`: the 44 centers across Rwanda's 30 districts and a few hundred
// invented cases. This plan holds only what every agency sees of a case (where, when, what happened, the needs, the
// consents and referrals); each agency draws its own rows for a case in its own folder (demo.ts), from a random
// source of its own, so that the kernel knows no agency's data. Every name is made up. The plan is deterministic (ids
// and choices derive from fixed seeds), so that seeding twice finds the same ids and writes nothing the second time.

/** Districts with a second center (44 = 30 + 14); the Kigali ones sit in the city's other hospitals. */
const SECOND_CENTERS: Record<string, string> = {
  Gasabo: 'Kibagabaga Hospital',
  Nyarugenge: 'Muhima Hospital',
  Kicukiro: 'Masaka Hospital',
  Musanze: 'Musanze second site',
  Huye: 'Huye second site',
  Rubavu: 'Rubavu second site',
  Nyagatare: 'Nyagatare second site',
  Gicumbi: 'Gicumbi second site',
  Rusizi: 'Rusizi second site',
  Muhanga: 'Muhanga second site',
  Bugesera: 'Bugesera second site',
  Kayonza: 'Kayonza second site',
  Karongi: 'Karongi second site',
  Nyamagabe: 'Nyamagabe second site',
};

export interface DemoCenter {
  id: string;
  code: string;
  name: string;
  district: string;
  province: string;
  hospital: string;
  safeRoomBeds: number;
  childRooms: number;
  adultRooms: number;
}
export interface DemoConsent {
  id: string;
  /** A sharing code of the agency table, or STATISTICS. */
  scope: string;
  givenBy: string;
  givenAt: Date;
  expiresAt: Date | null;
  withdrawnAt: Date | null;
}
/** A case as every agency sees it, but for its number (the center's own; the seed generator takes it at writing). */
export interface SharedCase {
  /** Its place in the plan: the key of each agency's own random source for it, unless `key` says otherwise. */
  index: number;
  /**
   * What each agency's random source and row ids are keyed by, when not the index: the seed generator's cases are
   * keyed by seed and index, so that two seeds draw different rows and none meets a demo case's ids.
   */
  key?: string;
  id: string;
  center: DemoCenter;
  openedAt: Date;
  incidentAt: Date;
  incidentType: string;
  /** A sexual incident: the clinical clocks (PEP within 72 h) apply. */
  sexual: boolean;
  survivorSex: string;
  /** Age at opening, in years. */
  survivorAge: number;
  needs: string[];
  status: string;
  consents: DemoConsent[];
  /** Agencies the case was referred to (every agency the survivor consented to, at the time), by sharing code. */
  referrals: string[];
  /**
   * Referrals (by sharing code) the center's outbox could not deliver: still REQUESTED, unknown to their agency, their
   * message waiting among the undeliverable ones for an administrator to send again. One in the whole demo.
   */
  waiting: string[];
  caseManager: string | null;
  /** The first cases are complete showcase files: every need, every consent, a slice in every agency. */
  showcase: boolean;
}
/** A demo case: the shared case with the number the center gave it. */
export interface DemoCase extends SharedCase {
  caseNumber: string;
}

/** The key of a case's random sources and row ids in each agency: its index for the demo's, its own key otherwise. */
export const demoKey = (c: SharedCase): string | number => c.key ?? c.index;
export interface DemoPlan {
  /** The instant the plan was drawn for: what is past and what is future in it. */
  now: Date;
  centers: DemoCenter[];
  cases: DemoCase[];
}

/** A stable UUID for a demo row, so that a second seed finds the first one's rows. */
export function demoId(kind: string, key: string | number): string {
  const h = createHash('sha256').update(`isange-demo:${kind}:${key}`).digest('hex');
  const variant = '89ab'[parseInt(h.slice(16, 17), 16) % 4] ?? '8';
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A demo referral, as the center stores it and, once delivered, as the agency it was made to has been told of it. */
export interface DemoReferral {
  id: string;
  caseId: string;
  /** Sharing code of the agency referred to. */
  agency: string;
  centerCode: string;
  district: string;
  incidentAt: Date;
  referredAt: Date;
  /** The agency accepted it half an hour later (version 2); null for the one still waiting to be delivered. */
  acceptedAt: Date | null;
  status: 'ACCEPTED' | 'REQUESTED';
  version: 1 | 2;
  /** Whether the agency has been told of it; the waiting one has not. */
  delivered: boolean;
}

/** The plan's referrals, one per case and agency referred to. */
export function demoReferrals(plan: DemoPlan): DemoReferral[] {
  return plan.cases.flatMap((d) =>
    d.referrals.map((agency) => {
      const delivered = !d.waiting.includes(agency);
      return {
        id: demoId('referral', `${d.id}:${agency}`),
        caseId: d.id,
        agency,
        centerCode: d.center.code,
        district: d.center.district,
        incidentAt: d.incidentAt,
        referredAt: new Date(d.openedAt.getTime() + 60_000),
        acceptedAt: delivered ? new Date(d.openedAt.getTime() + 31 * 60_000) : null,
        status: delivered ? ('ACCEPTED' as const) : ('REQUESTED' as const),
        version: delivered ? (2 as const) : (1 as const),
        delivered,
      };
    }),
  );
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Deterministic draws: a number in [0, 1), a choice, a coin with probability p. */
export interface DemoRandom {
  next: () => number;
  pick: <T>(xs: readonly [T, ...T[]]) => T;
  chance: (p: number) => boolean;
}

export function drawsFrom(next: () => number): DemoRandom {
  return {
    next,
    pick: (xs) => xs[Math.floor(next() * xs.length)] ?? xs[0],
    chance: (p) => next() < p,
  };
}

/** The random source of one owner (an agency's name) for one demo case: the same draws on every run. */
export function demoRandom(owner: string, index: number | string): DemoRandom {
  return drawsFrom(prng(parseInt(createHash('sha256').update(`${owner}:${index}`).digest('hex').slice(0, 8), 16)));
}

/** Made-up Rwandan names, for the people of the demo data. */
export const DEMO_NAMES = {
  female: [
    'Aline',
    'Claudine',
    'Diane',
    'Grace',
    'Jeanne',
    'Solange',
    'Uwase',
    'Ingabire',
    'Mutoni',
    'Keza',
    'Umutoni',
    'Kamikazi',
  ],
  male: ['Eric', 'Jean', 'Patrick', 'Manzi', 'Mugisha', 'Ishimwe', 'Gisubizo', 'Tuyishime'],
  family: [
    'Uwimana',
    'Mukamana',
    'Niyonsaba',
    'Habimana',
    'Niyonzima',
    'Nshimiyimana',
    'Hakizimana',
    'Ndayisaba',
    'Mukeshimana',
    'Uwera',
    'Iradukunda',
    'Nyirahabimana',
  ],
} as const;

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

export function demoCenters(): DemoCenter[] {
  const centers: DemoCenter[] = [];
  for (const { province, district } of DISTRICTS) {
    const hospital = district === 'Gasabo' ? 'Kacyiru Police Hospital' : `${district} District Hospital`;
    const second = SECOND_CENTERS[district];
    const sites = [hospital, ...(second ? [second] : [])];
    sites.forEach((h, i) => {
      const code = `${district.toUpperCase()}-${i + 1}`;
      centers.push({
        id: demoId('center', code),
        code,
        name: `Isange One Stop Center, ${h}`,
        district,
        province,
        hospital: h,
        safeRoomBeds: code === 'GASABO-1' ? 12 : 4 + (code.length % 4),
        // The first center, the busiest, counsels in two rooms of each kind; the others in one of each.
        childRooms: code === 'GASABO-1' ? 2 : 1,
        adultRooms: code === 'GASABO-1' ? 2 : 1,
      });
    });
  }
  return centers;
}

/** How often a demo case has each need; a sexual incident needs medical care at 0.95. */
export const DEMO_NEEDS = {
  MEDICAL: 0.6,
  POLICE: 0.7,
  PSYCHOSOCIAL: 0.8,
  SAFE_ROOM: 0.15,
  FOLLOW_UP: 0.35,
  LEGAL_AID: 0.2,
};

export function demoPlan(caseCount = 300, now = new Date()): DemoPlan {
  const { next, pick, chance } = drawsFrom(prng(20091));
  const centers = demoCenters();
  const home = centers.find((c) => c.code === 'GASABO-1');
  if (!home || !centers[0]) throw new Error('the demo centers lack GASABO-1');
  const all: [DemoCenter, ...DemoCenter[]] = [centers[0], ...centers.slice(1)];
  const sequences = new Map<string, number>();
  const drafts: SharedCase[] = [];

  for (let i = 0; i < caseCount; i++) {
    // The first few cases are complete showcase files at the demo users' center, so that a newcomer's first query
    // shows the whole graph.
    const showcase = i < 5;
    const center = showcase || chance(0.15) ? home : pick(all);
    const openedAt = new Date(now.getTime() - Math.floor(next() * 365 * DAY) - HOUR);
    const incidentAt = new Date(
      openedAt.getTime() - (chance(0.6) ? Math.floor(next() * 72 * HOUR) : Math.floor(next() * 30 * DAY)),
    );
    const survivorSex = chance(0.88) ? 'FEMALE' : 'MALE';
    const survivorAge = chance(0.35) ? 4 + Math.floor(next() * 14) : 18 + Math.floor(next() * 45);
    const sexual = showcase || chance(0.7);
    const incidentType = sexual
      ? chance(0.7)
        ? 'RAPE'
        : 'SEXUAL_ASSAULT'
      : pick(['PHYSICAL_ASSAULT', 'PHYSICAL_ASSAULT', 'PSYCHOLOGICAL_ABUSE', 'DENIAL_OF_RESOURCES', 'FORCED_MARRIAGE']);
    const needs = Object.entries(DEMO_NEEDS)
      .filter(([n, p]) => showcase || chance(n === 'MEDICAL' && sexual ? 0.95 : p))
      .map(([n]) => n);
    const givenBy = survivorAge < 16 ? 'GUARDIAN' : 'SURVIVOR';
    const consents: DemoConsent[] = [];
    const consentFor = (scope: string, p: number) => {
      if (!showcase && !chance(p)) return;
      const withdrawn = !showcase && chance(0.05);
      const expired = !showcase && !withdrawn && chance(0.04);
      consents.push({
        id: demoId('consent', `${i}:${scope}`),
        scope,
        givenBy,
        givenAt: openedAt,
        expiresAt: expired ? new Date(openedAt.getTime() + 30 * DAY) : null,
        withdrawnAt: withdrawn ? new Date(openedAt.getTime() + 2 * DAY) : null,
      });
    };
    for (const row of Object.values(AGENCIES)) if (row.sharing) consentFor(row.sharing, row.demoConsentRate);
    consentFor('STATISTICS', 0.85);
    drafts.push({
      index: i,
      id: demoId('case', i),
      center,
      openedAt,
      incidentAt,
      incidentType,
      sexual,
      survivorSex,
      survivorAge,
      needs,
      status: openedAt.getTime() < now.getTime() - 180 * DAY && chance(0.7) ? 'CLOSED' : 'OPEN',
      consents,
      referrals: consents.filter((k) => k.scope !== 'STATISTICS').map((k) => k.scope),
      waiting: [],
      caseManager: center.code === home.code ? 'demo:case-manager' : null,
      showcase,
    });
  }
  // Case numbers follow opening order per center and year, as the intake sequence would have issued them.
  drafts.sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
  const cases = drafts.map((d) => {
    const key = `${d.center.code}/${d.openedAt.getUTCFullYear()}`;
    const n = (sequences.get(key) ?? 0) + 1;
    sequences.set(key, n);
    return { ...d, caseNumber: `${key}/${String(n).padStart(6, '0')}` };
  });
  // One referral to the police waits in the center's outbox: the newest open case at the demo users' center, not a
  // showcase, opened more than a week ago (its retries have run out), with a police need and a standing police consent.
  const waiting = cases
    .filter(
      (c) =>
        c.center.code === home.code &&
        !c.showcase &&
        c.status === 'OPEN' &&
        c.openedAt.getTime() < now.getTime() - 7 * DAY &&
        c.needs.includes('POLICE') &&
        c.consents.some((k) => k.scope === 'POLICE' && !k.withdrawnAt && !k.expiresAt),
    )
    .at(-1);
  if (waiting) waiting.waiting = ['POLICE'];
  return { now, centers, cases };
}

/** Whether the agency of sharing code `code` knows of the case: referred to it, and told so by the center. */
export function knownTo(c: SharedCase, code: string | null): boolean {
  return consentGiven(c, code) && !c.waiting.includes(code ?? '');
}

/** Whether the survivor consented to share with the agency of sharing code `code` (perhaps withdrawn since). */
export function consentGiven(c: SharedCase, code: string | null): boolean {
  return c.consents.some((k) => k.scope === code);
}
