import type { EntityManager } from '@mikro-orm/postgresql';
import { type DemoPlan, demoReferrals } from '../shared/demo-plan.js';
import { demoNarrative, demoStays, demoSurvivor } from './demo.js';
import { SafeRoomStay } from './entities/safe-room-stay.entity.js';
import { Referral } from './entities/referral.entity.js';
import { ReferralTransition } from './entities/referral-transition.entity.js';
import type { ServiceAgency } from './types/service-agency.js';
import { Case } from './entities/case.entity.js';
import { CaseSequence } from './entities/case-sequence.entity.js';
import { Center } from './entities/center.entity.js';
import { Consent } from './entities/consent.entity.js';
import { Survivor } from './entities/survivor.entity.js';
import { Guardian, SurvivorIdentity } from './entities/survivor-identity.entity.js';
import type { CaseStatus, ConsentGiver, ConsentScope, Need } from './types/case-enums.js';
import type { IncidentType } from './types/incident-type.js';
import type { Sex } from '../shared/enums.js';
import { callerFromClaims } from '../shared/caller.js';
import { observeStaff } from './policies/staff-directory.policy.js';
import { subgraphOfSharing } from '../shared/agencies.js';
import type { ReferralChanged } from '../shared/delivery/message.js';
import { seedUndeliverable } from '../shared/delivery/undeliverable.js';

/** The 44 centers (public reference data), those missing only. */
export async function seedCenters(em: EntityManager, centers: DemoPlan['centers']): Promise<void> {
  const known = new Set((await em.find(Center, {}, { fields: ['code'] })).map((c) => c.code));
  for (const c of centers) if (!known.has(c.code)) em.create(Center, c);
  await em.flush();
}

/** Centers always; demo cases unless already there, in one transaction; then who stays in the Safe Rooms. */
export async function seedCenter(em: EntityManager, plan: DemoPlan): Promise<void> {
  await em.transactional(async (tx) => {
    await seedCenters(tx, plan.centers);
    // The case managers the demo cases name, as if they had signed in at their centers.
    const managers = new Map(
      plan.cases.filter((d) => d.caseManager).map((d) => [`${d.caseManager}|${d.center.code}`, d]),
    );
    for (const d of managers.values()) {
      await observeStaff(
        tx,
        callerFromClaims({
          sub: d.caseManager,
          agency: 'center',
          roles: ['case-manager'],
          scope: 'case:read',
          centers: [d.center.code],
        }),
      );
    }
    const first = plan.cases[0];
    if (!first || (await tx.count(Case, { id: first.id })) > 0) return;
    const sequences = new Map<string, { centerCode: string; year: number; last: number }>();
    for (const d of plan.cases) {
      const s = demoSurvivor(d);
      const survivor = tx.create(Survivor, {
        id: s.id,
        code: s.code,
        sex: s.sex as Sex,
        dateOfBirth: s.dateOfBirth,
        estimatedAge: s.estimatedAge,
        nationality: s.nationality,
        createdAt: s.createdAt,
      });
      tx.create(SurvivorIdentity, {
        survivor,
        givenName: s.givenName,
        familyName: s.familyName,
        phone: s.phone,
        guardian: s.guardian ? Object.assign(new Guardian(), s.guardian) : null,
      });
      const c = tx.create(Case, {
        id: d.id,
        caseNumber: d.caseNumber,
        center: tx.getReference(Center, d.center.id),
        survivor,
        openedAt: d.openedAt,
        incidentAt: d.incidentAt,
        incidentType: d.incidentType as IncidentType,
        needs: d.needs as Need[],
        status: d.status as CaseStatus,
        narrative: demoNarrative(d),
        openedBy: 'demo-seed',
        caseManager: d.caseManager,
        createdAt: d.openedAt,
      });
      for (const k of d.consents) {
        tx.create(Consent, {
          id: k.id,
          case: c,
          scope: k.scope as ConsentScope,
          givenBy: k.givenBy as ConsentGiver,
          givenAt: k.givenAt,
          expiresAt: k.expiresAt,
          withdrawnAt: k.withdrawnAt,
          recordedBy: 'demo-seed',
        });
      }
      const [centerCode, year, n] = d.caseNumber.split('/') as [string, string, string];
      sequences.set(`${centerCode}/${year}`, { centerCode, year: Number(year), last: Number(n) });
    }
    for (const r of demoReferrals(plan)) {
      const referral = tx.create(Referral, {
        id: r.id,
        case: tx.getReference(Case, r.caseId),
        agency: r.agency as ServiceAgency,
        referredAt: r.referredAt,
        referredBy: 'demo-seed',
        status: r.status,
        statusChangedAt: r.acceptedAt ?? r.referredAt,
        version: r.version,
      });
      tx.create(ReferralTransition, {
        referral,
        fromStatus: null,
        toStatus: 'REQUESTED',
        at: r.referredAt,
        by: 'demo-seed',
        reason: null,
      });
      if (r.acceptedAt) {
        tx.create(ReferralTransition, {
          referral,
          fromStatus: 'REQUESTED',
          toStatus: r.status,
          at: r.acceptedAt,
          by: 'demo-seed',
          reason: null,
        });
      }
      if (!r.delivered) {
        // Its message failed every retry (about five days of them) and waits for an administrator.
        const message: ReferralChanged = {
          type: 'referral.changed',
          referralId: r.id,
          caseId: r.caseId,
          centerCode: r.centerCode,
          district: r.district,
          incidentAt: r.incidentAt.toISOString(),
          status: r.status,
          version: r.version,
        };
        await seedUndeliverable(tx, {
          data: { ...message },
          since: new Date(r.referredAt.getTime() + 5 * 24 * 3600_000),
          lastError: `${subgraphOfSharing(r.agency)} did not answer (demo: its subgraph was unreachable for five days)`,
          attempts: 25,
        });
      }
    }
    for (const s of sequences.values()) tx.create(CaseSequence, s);
    await tx.flush();
  });
  await em.transactional((tx) => seedStays(tx, plan));
}

/** Who stays in the demo's Safe Rooms (demo.ts), those missing only: they need their cases in place. */
async function seedStays(tx: EntityManager, plan: DemoPlan): Promise<void> {
  const stays = demoStays(plan);
  const known = new Set(
    (await tx.find(SafeRoomStay, { id: { $in: stays.map((s) => s.id) } }, { fields: ['id'] })).map((s) => s.id),
  );
  for (const s of stays) {
    if (known.has(s.id)) continue;
    tx.create(SafeRoomStay, {
      id: s.id,
      case: s.caseId,
      center: s.centerId,
      survivor: s.survivorId,
      admittedAt: s.admittedAt,
      admittedBy: 'demo-seed',
      createdAt: s.admittedAt,
    });
  }
  await tx.flush();
}
