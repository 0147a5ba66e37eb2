import { subgraphOf } from '../shared/agencies.js';
import { DEMO_NAMES, type DemoCase, demoId, type DemoPlan, demoRandom } from '../shared/demo-plan.js';

// The center's demo rows for a demo case beyond what every agency sees: the survivor as reception records them, and
// the story told. All made up.

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

/** The survivor of a demo case, as reception recorded them. */
export function demoSurvivor(c: DemoCase): DemoSurvivor {
  const { next, pick, chance } = demoRandom(subgraphOf('center').field, c.index);
  const age = c.survivorAge;
  const knownBirth = chance(0.6);
  const birthYear = c.openedAt.getUTCFullYear() - age - 1;
  const two = (n: number) => String(n).padStart(2, '0');
  const phone = () => `+2507${String(80000000 + Math.floor(next() * 9999999))}`;
  const familyName = pick(DEMO_NAMES.family);
  return {
    id: demoId('survivor', c.index),
    code: `SV-${demoId('survivor-code', c.index)
      .replace(/[^0-9a-f]/g, '')
      .slice(0, 8)
      .toUpperCase()
      .replace(/[01]/g, '7')}`,
    sex: c.survivorSex,
    dateOfBirth: knownBirth
      ? `${birthYear}-${two(1 + Math.floor(next() * 12))}-${two(1 + Math.floor(next() * 28))}`
      : null,
    estimatedAge: knownBirth ? null : age,
    nationality: chance(0.93) ? 'RW' : pick(['CD', 'BI', 'UG']),
    givenName: pick(c.survivorSex === 'FEMALE' ? DEMO_NAMES.female : DEMO_NAMES.male),
    familyName,
    phone: age >= 16 && chance(0.7) ? phone() : null,
    guardian:
      age < 18
        ? {
            name: `${pick(DEMO_NAMES.female)} ${familyName}`,
            relationship: pick(['mother', 'father', 'aunt', 'grandmother']),
            phone: phone(),
          }
        : null,
    createdAt: c.openedAt,
  };
}

/** The story told at reception: a placeholder that describes nobody. */
export const demoNarrative = (c: DemoCase): string =>
  `Synthetic demo narrative #${c.index}: no real person is described.`;

export interface DemoStay {
  id: string;
  caseId: string;
  centerId: string;
  survivorId: string;
  admittedAt: Date;
}

/** How many survivors of the first center's newest open cases stay in its Safe Room in the demo. */
const STAYING_AT_HOME = 2;

/**
 * Who stays in the Safe Rooms in the demo: the survivors of the newest open cases, half an hour after their intake.
 * At the first center (the demo users'), a few, so that a bed is free to admit someone; at one other center, every
 * bed is taken: the first center of the plan with as many open cases as beds. Deterministic, as the plan is.
 */
export function demoStays(plan: DemoPlan): DemoStay[] {
  const open = plan.cases
    .filter((c) => c.status === 'OPEN')
    .sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime());
  const at = (code: string) => open.filter((c) => c.center.code === code);
  const full = plan.centers.find((c) => c.code !== 'GASABO-1' && at(c.code).length >= c.safeRoomBeds);
  const staying = [
    ...at('GASABO-1').slice(0, STAYING_AT_HOME),
    ...(full ? at(full.code).slice(0, full.safeRoomBeds) : []),
  ];
  return staying.map((c) => ({
    id: demoId('safe-room-stay', c.id),
    caseId: c.id,
    centerId: c.center.id,
    survivorId: demoSurvivor(c).id,
    admittedAt: new Date(c.openedAt.getTime() + 30 * 60_000),
  }));
}
