import { randomUUID } from 'node:crypto';
import { BreakGlass } from '../../services/center/entities/break-glass.entity.js';
import { Case } from '../../services/center/entities/case.entity.js';
import { Center } from '../../services/center/entities/center.entity.js';
import { Consent } from '../../services/center/entities/consent.entity.js';
import { CounsellingSession } from '../../services/center/entities/counselling-session.entity.js';
import { ConsentOverride } from '../../services/center/entities/consent-override.entity.js';
import { Referral } from '../../services/center/entities/referral.entity.js';
import { SafeRoomStay } from '../../services/center/entities/safe-room-stay.entity.js';
import { Survivor } from '../../services/center/entities/survivor.entity.js';
import { SurvivorIdentity } from '../../services/center/entities/survivor-identity.entity.js';
import { CaseStatus, ConsentGiver, ConsentScope, Need } from '../../services/center/types/case-enums.js';
import { IncidentType } from '../../services/center/types/incident-type.js';
import { RoomKind } from '../../services/center/types/room-kind.js';
import { ServiceAgency } from '../../services/center/types/service-agency.js';
import { FollowUpPlan } from '../../services/gender-ministry/entities/follow-up-plan.entity.js';
import { RiskLevel } from '../../services/gender-ministry/types/follow-up-enums.js';
import { Encounter } from '../../services/health/entities/encounter.entity.js';
import { ForensicSample } from '../../services/health/entities/forensic-sample.entity.js';
import { MedicoLegalReport } from '../../services/health/entities/medico-legal-report.entity.js';
import { SampleKind } from '../../services/health/types/forensic-enums.js';
import { ForensicReceipt } from '../../services/police/entities/forensic-receipt.entity.js';
import { Investigation } from '../../services/police/entities/investigation.entity.js';
import { Suspect } from '../../services/police/entities/suspect.entity.js';
import { InvestigationStatus, SuspectRelationship, SuspectStatus } from '../../services/police/types/police-enums.js';
import { Sex } from '../../services/shared/enums.js';
import type { HubOrm } from '../../services/shared/orm.js';
import { seedKnownReferrals } from '../../services/shared/delivery/known-referrals.js';
import { subgraphOfSharing } from '../../services/shared/agencies.js';

// Whole case files written straight into the four subgraphs' tables, for tests that need a known state of consent,
// referral, overrides and emergency grants, with a slice in every agency at the case's own place (a forensic sample's
// chain on both sides and the medico-legal report among them), and the center's own services (a Safe Room stay, a
// counselling session with its notes). And the inputs a
// client sends to open a case and record a consent, for tests that go through the API.

export type ConsentState = 'given' | 'withdrawn' | 'expired' | 'none';

export interface CaseFileOptions {
  centerCode: string;
  consent: ConsentState;
  referred?: boolean;
  override?: 'none' | 'active' | 'expired';
  breakGlassFor?: { subject: string; expired?: boolean };
  caseManager?: string | null;
  /** Leave out the forensic sample, its receipt and the medico-legal report (tests that write their own). */
  withoutForensic?: boolean;
}

export interface CaseFile {
  id: string;
  caseNumber: string;
  survivorCode: string;
  givenName: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const AGENCIES = [ServiceAgency.HEALTH, ServiceAgency.POLICE, ServiceAgency.GENDER_MINISTRY];
/** Case files written by this test file so far: each one's counselling session gets an hour of its own. */
let written = 0;
/** Forensic samples written by this test file so far: each gets a barcode of its own, case files written at once too. */
let samples = 0;

export async function writeCaseFile(orms: Map<string, HubOrm>, o: CaseFileOptions): Promise<CaseFile> {
  const now = Date.now();
  const em = orms.get('center')!.em.fork();
  const center = await em.findOneOrFail(Center, { code: o.centerCode });
  const id = randomUUID();
  const survivor = em.create(Survivor, {
    code: `SV-T${id.slice(0, 7).toUpperCase()}`,
    sex: Sex.FEMALE,
    estimatedAge: 30,
  });
  em.create(SurvivorIdentity, { survivor, givenName: 'Test', familyName: `Survivor ${id.slice(0, 4)}` });
  const c = em.create(Case, {
    id,
    caseNumber: `${o.centerCode}/TEST/${id.slice(0, 8)}`,
    center,
    survivor,
    openedAt: new Date(now - 2 * DAY),
    incidentAt: new Date(now - 3 * DAY),
    incidentType: IncidentType.RAPE,
    needs: [Need.MEDICAL, Need.POLICE, Need.FOLLOW_UP],
    status: CaseStatus.OPEN,
    narrative: 'Synthetic test narrative.',
    openedBy: 'test',
    caseManager: o.caseManager ?? null,
  });
  const referrals: Referral[] = [];
  for (const agency of AGENCIES) {
    if (o.consent !== 'none') {
      em.create(Consent, {
        case: c,
        scope: agency as unknown as ConsentScope,
        givenBy: ConsentGiver.SURVIVOR,
        givenAt: new Date(now - DAY),
        expiresAt: o.consent === 'expired' ? new Date(now - MINUTE) : null,
        withdrawnAt: o.consent === 'withdrawn' ? new Date(now - MINUTE) : null,
        recordedBy: 'test',
      });
    }
    if (o.referred !== false)
      referrals.push(em.create(Referral, { case: c, agency, referredAt: new Date(now - DAY), referredBy: 'test' }));
    if (o.override && o.override !== 'none') {
      em.create(ConsentOverride, {
        case: c,
        agency,
        reason: 'Synthetic test override reason.',
        overriddenBy: 'test',
        overriddenAt: new Date(now - DAY),
        expiresAt: new Date(o.override === 'active' ? now + DAY : now - MINUTE),
      });
    }
  }
  // The center's own services: the survivor stays in the Safe Room, and had a session with a psychologist yesterday,
  // in an hour no other case file of this test file uses (the room is booked once at a time).
  em.create(SafeRoomStay, {
    case: c,
    center,
    survivor,
    admittedAt: new Date(now - DAY),
    admittedBy: 'test',
  });
  const startsAt = now - 2 * DAY + written++ * HOUR;
  em.create(CounsellingSession, {
    case: c,
    center,
    roomKind: RoomKind.ADULT,
    roomNumber: 1,
    psychologist: `test-psychologist-${id.slice(0, 8)}`,
    startsAt: new Date(startsAt),
    endsAt: new Date(startsAt + 45 * MINUTE),
    bookedBy: 'test',
    notes: 'Synthetic session notes.',
    notesWrittenAt: new Date(startsAt + 50 * MINUTE),
  });
  if (o.breakGlassFor) {
    em.create(BreakGlass, {
      case: c,
      subject: o.breakGlassFor.subject,
      agency: 'HEALTH',
      reason: 'Synthetic emergency reason.',
      startedAt: new Date(now - 30 * MINUTE),
      expiresAt: new Date(o.breakGlassFor.expired ? now - MINUTE : now + 30 * MINUTE),
    });
  }
  await em.flush();

  // Each agency the case is referred to knows of its referral, as the center's delivery would have told it.
  for (const r of referrals) {
    await seedKnownReferrals(orms.get(subgraphOfSharing(r.agency))!.em.fork(), [
      {
        id: r.id,
        caseId: id,
        centerCode: o.centerCode,
        district: center.district,
        incidentAt: c.incidentAt,
        status: r.status,
        version: r.version,
      },
    ]);
  }
  const health = orms.get('health')!.em.fork();
  health.create(Encounter, {
    caseId: id,
    centerCode: o.centerCode,
    seenAt: new Date(now - DAY),
    findings: 'Synthetic findings.',
    injuriesObserved: false,
    recordedBy: 'test',
  });
  await health.flush();
  const police = orms.get('police')!.em.fork();
  // A forensic sample handed to the police and received by them, and the examination's medico-legal report.
  if (!o.withoutForensic) {
    const barcode = `RFI-2026-${String(900_000 + ++samples).padStart(6, '0')}`;
    health.create(ForensicSample, {
      caseId: id,
      centerCode: o.centerCode,
      barcode,
      kind: SampleKind.SWAB,
      collectedAt: new Date(now - DAY),
      collectedBy: 'test',
      sealedAt: new Date(now - DAY + 10 * MINUTE),
      sealedBy: 'test',
      handedToPoliceAt: new Date(now - DAY + HOUR),
      handedToPoliceBy: 'test',
      handedTo: 'RIB desk',
    });
    health.create(MedicoLegalReport, {
      caseId: id,
      centerCode: o.centerCode,
      examinedAt: new Date(now - DAY),
      examinedBy: 'test',
      findings: 'Synthetic medico-legal findings.',
      signedBy: 'Dr. Test',
    });
    await health.flush();
    police.create(ForensicReceipt, {
      caseId: id,
      centerCode: o.centerCode,
      barcode,
      receivedAt: new Date(now - DAY + 2 * HOUR),
      receivedBy: 'test',
    });
  }
  const investigation = police.create(Investigation, {
    caseId: id,
    centerCode: o.centerCode,
    complaintNumber: `RIB/TEST/${id.slice(0, 8)}`,
    status: InvestigationStatus.UNDER_INVESTIGATION,
    receivedAt: new Date(now - DAY),
    recordedBy: 'test',
  });
  police.create(Suspect, {
    investigation,
    fullName: null,
    sex: Sex.MALE,
    estimatedAge: 40,
    relationshipToSurvivor: SuspectRelationship.UNKNOWN,
    status: SuspectStatus.AT_LARGE,
    recordedBy: 'test',
  });
  await police.flush();
  const gender = orms.get('gender-ministry')!.em.fork();
  gender.create(FollowUpPlan, {
    caseId: id,
    district: center.district,
    riskLevel: RiskLevel.HIGH,
    plan: 'Synthetic plan.',
    recordedBy: 'test',
  });
  await gender.flush();
  return { id, caseNumber: c.caseNumber, survivorCode: survivor.code, givenName: 'Test' };
}

// ---- inputs, as a client sends them ---------------------------------------------------------------------------------

/** The variables of openCase. */
export interface OpenCaseVariables {
  centerCode: string;
  survivor?: Record<string, unknown> | null;
  survivorId?: string | null;
  incidentAt: string;
  incidentType?: string | null;
  classification?: Record<string, boolean> | null;
  needs: string[];
  narrative?: string | null;
  idempotencyKey?: string | null;
}

/** A new survivor as reception describes them: a woman of about 30, unless `over` says otherwise. */
export function survivorInput(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { sex: 'FEMALE', estimatedAge: 30, ...over };
}

/** A valid intake at `centerCode`: an adult woman, raped two hours ago, needing medical care. */
export function intake(centerCode = 'GASABO-1', more: Partial<OpenCaseVariables> = {}): OpenCaseVariables {
  return {
    centerCode,
    survivor: survivorInput(),
    incidentAt: new Date(Date.now() - 2 * HOUR).toISOString(),
    incidentType: 'RAPE',
    needs: ['MEDICAL'],
    ...more,
  };
}

/** The input of recordConsent: the survivor's own consent for `scope`, given now, unless `over` says otherwise. */
export function consentInput(
  caseId: string,
  scope: string,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return { caseId, scope, givenBy: 'SURVIVOR', ...over };
}
