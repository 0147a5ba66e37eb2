import { createHash } from 'node:crypto';

// Synthetic demo data for a newcomer's `npm start`: the 44 centers across Rwanda's 30 districts and a few hundred
// invented cases with slices in all four agencies. Every name here is made up. The plan is deterministic (ids and
// choices derive from a fixed seed), so that seeding twice finds the same ids and writes nothing the second time.

export const DISTRICTS: readonly { province: string; district: string }[] = [
  ['Kigali City', 'Gasabo'],
  ['Kigali City', 'Kicukiro'],
  ['Kigali City', 'Nyarugenge'],
  ['Eastern Province', 'Bugesera'],
  ['Eastern Province', 'Gatsibo'],
  ['Eastern Province', 'Kayonza'],
  ['Eastern Province', 'Kirehe'],
  ['Eastern Province', 'Ngoma'],
  ['Eastern Province', 'Nyagatare'],
  ['Eastern Province', 'Rwamagana'],
  ['Northern Province', 'Burera'],
  ['Northern Province', 'Gakenke'],
  ['Northern Province', 'Gicumbi'],
  ['Northern Province', 'Musanze'],
  ['Northern Province', 'Rulindo'],
  ['Southern Province', 'Gisagara'],
  ['Southern Province', 'Huye'],
  ['Southern Province', 'Kamonyi'],
  ['Southern Province', 'Muhanga'],
  ['Southern Province', 'Nyamagabe'],
  ['Southern Province', 'Nyanza'],
  ['Southern Province', 'Nyaruguru'],
  ['Southern Province', 'Ruhango'],
  ['Western Province', 'Karongi'],
  ['Western Province', 'Ngororero'],
  ['Western Province', 'Nyabihu'],
  ['Western Province', 'Nyamasheke'],
  ['Western Province', 'Rubavu'],
  ['Western Province', 'Rusizi'],
  ['Western Province', 'Rutsiro'],
].map(([province, district]) => ({ province: province!, district: district! }));

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
}
export interface DemoConsent {
  id: string;
  scope: string;
  givenBy: string;
  givenAt: Date;
  expiresAt: Date | null;
  withdrawnAt: Date | null;
}
export interface DemoSurvivor {
  id: string;
  code: string;
  sex: string;
  dateOfBirth: string | null;
  estimatedAge: number | null;
  nationality: string | null;
  givenName: string;
  familyName: string;
  phone: string | null;
  guardian: { name: string; relationship: string; phone: string | null } | null;
  createdAt: Date;
}
export interface DemoEncounter {
  id: string;
  seenAt: Date;
  findings: string;
  injuriesObserved: boolean;
}
export interface DemoTreatment {
  id: string;
  encounterId: string;
  kind: string;
  givenAt: Date;
}
export interface DemoSuspect {
  id: string;
  fullName: string | null;
  sex: string;
  estimatedAge: number | null;
  relationship: string;
  status: string;
}
export interface DemoInvestigation {
  id: string;
  complaintNumber: string;
  status: string;
  receivedAt: Date;
  suspects: DemoSuspect[];
}
export interface DemoVisit {
  id: string;
  scheduledFor: Date;
  visitorRole: string;
  doneAt: Date | null;
  notes: string | null;
}
export interface DemoFollowUp {
  id: string;
  riskLevel: string;
  plan: string;
  visits: DemoVisit[];
}
export interface DemoCase {
  id: string;
  caseNumber: string;
  center: DemoCenter;
  survivor: DemoSurvivor;
  openedAt: Date;
  incidentAt: Date;
  incidentType: string;
  needs: string[];
  status: string;
  narrative: string;
  consents: DemoConsent[];
  /** Agencies the case was referred to (every agency the survivor consented to, at the time). */
  referrals: string[];
  caseManager: string | null;
  medical: { encounters: DemoEncounter[]; treatments: DemoTreatment[] } | null;
  investigation: DemoInvestigation | null;
  followUp: DemoFollowUp | null;
}
export interface DemoPlan {
  centers: DemoCenter[];
  cases: DemoCase[];
}

/** A stable UUID for a demo row, so that a second seed finds the first one's rows. */
export function demoId(kind: string, key: string | number): string {
  const h = createHash('sha256').update(`isange-demo:${kind}:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
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

const FEMALE_NAMES = [
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
];
const MALE_NAMES = ['Eric', 'Jean', 'Patrick', 'Manzi', 'Mugisha', 'Ishimwe', 'Gisubizo', 'Tuyishime'];
const FAMILY_NAMES = [
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
];
const HOUR = 3600_000;
const DAY = 24 * HOUR;

export function demoCenters(): DemoCenter[] {
  const centers: DemoCenter[] = [];
  for (const { province, district } of DISTRICTS) {
    const hospital = district === 'Gasabo' ? 'Kacyiru Police Hospital' : `${district} District Hospital`;
    const sites = [hospital, ...(SECOND_CENTERS[district] ? [SECOND_CENTERS[district]] : [])];
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
      });
    });
  }
  return centers;
}

export function demoPlan(caseCount = 300, now = new Date()): DemoPlan {
  const rand = prng(20091);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  const centers = demoCenters();
  const home = centers.find((c) => c.code === 'GASABO-1')!;
  const sequences = new Map<string, number>();
  const drafts: Omit<DemoCase, 'caseNumber'>[] = [];

  for (let i = 0; i < caseCount; i++) {
    // The first few cases are complete showcase files at the demo users' center: every need, every consent, a slice
    // in every agency, so that a newcomer's first query shows the whole graph.
    const showcase = i < 5;
    const center = showcase || chance(0.15) ? home : pick(centers);
    const openedAt = new Date(now.getTime() - Math.floor(rand() * 365 * DAY) - HOUR);
    const incidentAt = new Date(
      openedAt.getTime() - (chance(0.6) ? Math.floor(rand() * 72 * HOUR) : Math.floor(rand() * 30 * DAY)),
    );
    const sex = chance(0.88) ? 'FEMALE' : 'MALE';
    const age = chance(0.35) ? 4 + Math.floor(rand() * 14) : 18 + Math.floor(rand() * 45);
    const knownBirth = chance(0.6);
    const birthYear = openedAt.getUTCFullYear() - age - 1;
    const dateOfBirth = knownBirth
      ? `${birthYear}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`
      : null;
    const familyName = pick(FAMILY_NAMES);
    const survivor: DemoSurvivor = {
      id: demoId('survivor', i),
      code: `SV-${demoId('survivor-code', i)
        .replace(/[^0-9a-f]/g, '')
        .slice(0, 8)
        .toUpperCase()
        .replace(/[01]/g, '7')}`,
      sex,
      dateOfBirth,
      estimatedAge: knownBirth ? null : age,
      nationality: chance(0.93) ? 'RW' : pick(['CD', 'BI', 'UG']),
      givenName: pick(sex === 'FEMALE' ? FEMALE_NAMES : MALE_NAMES),
      familyName,
      phone: age >= 16 && chance(0.7) ? `+2507${String(80000000 + Math.floor(rand() * 9999999))}` : null,
      guardian:
        age < 18
          ? {
              name: `${pick(FEMALE_NAMES)} ${familyName}`,
              relationship: pick(['mother', 'father', 'aunt', 'grandmother']),
              phone: `+2507${String(80000000 + Math.floor(rand() * 9999999))}`,
            }
          : null,
      createdAt: openedAt,
    };
    const sexual = showcase || chance(0.7);
    const incidentType = sexual
      ? chance(0.7)
        ? 'RAPE'
        : 'SEXUAL_ASSAULT'
      : pick(['PHYSICAL_ASSAULT', 'PHYSICAL_ASSAULT', 'PSYCHOLOGICAL_ABUSE', 'DENIAL_OF_RESOURCES', 'FORCED_MARRIAGE']);
    const needs = ['MEDICAL', 'POLICE', 'PSYCHOSOCIAL', 'SAFE_ROOM', 'FOLLOW_UP', 'LEGAL_AID'].filter(
      (n) =>
        showcase ||
        chance(
          {
            MEDICAL: sexual ? 0.95 : 0.6,
            POLICE: 0.7,
            PSYCHOSOCIAL: 0.8,
            SAFE_ROOM: 0.15,
            FOLLOW_UP: 0.35,
            LEGAL_AID: 0.2,
          }[n]!,
        ),
    );
    const givenBy = age < 16 ? 'GUARDIAN' : 'SURVIVOR';
    const consents: DemoConsent[] = [];
    const consentFor = (scope: string, p: number) => {
      if (!showcase && !chance(p)) return false;
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
      return true;
    };
    const health = consentFor('HEALTH', 0.9);
    const police = consentFor('POLICE', 0.65);
    const gender = consentFor('GENDER_MINISTRY', 0.5);
    consentFor('STATISTICS', 0.85);

    let medical: DemoCase['medical'] = null;
    if (health && needs.includes('MEDICAL')) {
      const seenAt = new Date(openedAt.getTime() + Math.floor(rand() * 3 * HOUR));
      const encounters: DemoEncounter[] = [
        {
          id: demoId('encounter', i),
          seenAt,
          injuriesObserved: chance(0.5),
          findings: 'Synthetic demo findings: examination done, medico-legal certificate issued.',
        },
      ];
      const treatments: DemoTreatment[] = [];
      const sinceIncident = seenAt.getTime() - incidentAt.getTime();
      const add = (kind: string) =>
        treatments.push({
          id: demoId('treatment', `${i}:${kind}`),
          encounterId: encounters[0]!.id,
          kind,
          givenAt: seenAt,
        });
      if (sexual && sinceIncident <= 72 * HOUR) add('HIV_PEP');
      if (sexual && sex === 'FEMALE' && age >= 12 && sinceIncident <= 120 * HOUR) add('EMERGENCY_CONTRACEPTION');
      if (sexual && sinceIncident <= 14 * DAY) add('HEPATITIS_B_VACCINE');
      if (!sexual) add('WOUND_CARE');
      medical = { encounters, treatments };
    }
    let investigation: DemoInvestigation | null = null;
    if (police && needs.includes('POLICE')) {
      const suspects: DemoSuspect[] = Array.from({ length: chance(0.8) ? 1 : 2 }, (_, k) => ({
        id: demoId('suspect', `${i}:${k}`),
        fullName: chance(0.6) ? `${pick(MALE_NAMES)} ${pick(FAMILY_NAMES)}` : null,
        sex: chance(0.95) ? 'MALE' : 'FEMALE',
        estimatedAge: 18 + Math.floor(rand() * 40),
        relationship: pick(['INTIMATE_PARTNER', 'FAMILY_MEMBER', 'ACQUAINTANCE', 'STRANGER', 'UNKNOWN']),
        status: pick(['AT_LARGE', 'ARRESTED', 'RELEASED']),
      }));
      investigation = {
        id: demoId('investigation', i),
        complaintNumber: `RIB/${openedAt.getUTCFullYear()}/${String(10000 + i)}`,
        status: pick([
          'COMPLAINT_RECEIVED',
          'UNDER_INVESTIGATION',
          'UNDER_INVESTIGATION',
          'REFERRED_TO_PROSECUTION',
          'CLOSED',
        ]),
        receivedAt: new Date(openedAt.getTime() + HOUR),
        suspects,
      };
    }
    let followUp: DemoFollowUp | null = null;
    if (gender && needs.includes('FOLLOW_UP')) {
      const visits: DemoVisit[] = Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, k) => {
        const scheduledFor = new Date(openedAt.getTime() + (k + 1) * 14 * DAY);
        const done = scheduledFor < now && chance(0.8);
        return {
          id: demoId('visit', `${i}:${k}`),
          scheduledFor,
          visitorRole: chance(0.7) ? 'SOCIAL_WORKER' : 'LOCAL_OFFICIAL',
          doneAt: done ? new Date(scheduledFor.getTime() + 2 * HOUR) : null,
          notes: done ? 'Synthetic demo visit notes.' : null,
        };
      });
      followUp = {
        id: demoId('follow-up', i),
        riskLevel: pick(['LOW', 'MEDIUM', 'HIGH', 'HIGH']),
        visits,
        plan: 'Synthetic demo plan: home visits, school re-enrolment, livelihood support.',
      };
    }
    drafts.push({
      id: demoId('case', i),
      center,
      survivor,
      openedAt,
      incidentAt,
      incidentType,
      needs,
      status: openedAt.getTime() < now.getTime() - 180 * DAY && chance(0.7) ? 'CLOSED' : 'OPEN',
      narrative: `Synthetic demo narrative #${i}: no real person is described.`,
      consents,
      medical,
      investigation,
      followUp,
      referrals: consents.filter((k) => k.scope !== 'STATISTICS').map((k) => k.scope),
      caseManager: center.code === home.code ? 'demo:case-manager' : null,
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
  return { centers, cases };
}
