import { Case } from '../../services/center/entities/case.entity.js';
import { Center } from '../../services/center/entities/center.entity.js';
import { CounsellingSession } from '../../services/center/entities/counselling-session.entity.js';
import { HotlineCall } from '../../services/center/entities/hotline-call.entity.js';
import { Referral } from '../../services/center/entities/referral.entity.js';
import { ReferralTransition } from '../../services/center/entities/referral-transition.entity.js';
import { SafeRoomStay } from '../../services/center/entities/safe-room-stay.entity.js';
import { HotlineChannel, HotlineOutcome } from '../../services/center/types/hotline-call.enums.js';
import { ServiceAgency } from '../../services/center/types/service-agency.js';
import { ReintegrationSupport } from '../../services/gender-ministry/entities/reintegration-support.entity.js';
import { FollowUpPlan } from '../../services/gender-ministry/entities/follow-up-plan.entity.js';
import { Visit } from '../../services/gender-ministry/entities/visit.entity.js';
import { SupportKind, SupportStatus, VisitorRole } from '../../services/gender-ministry/types/follow-up-enums.js';
import { Encounter } from '../../services/health/entities/encounter.entity.js';
import { ForensicSample } from '../../services/health/entities/forensic-sample.entity.js';
import { Treatment } from '../../services/health/entities/treatment.entity.js';
import { proposedVisits } from '../../services/health/policies/clinical-clocks.js';
import { TreatmentKind } from '../../services/health/types/treatment-kind.js';
import { ForensicReceipt } from '../../services/police/entities/forensic-receipt.entity.js';
import { Investigation } from '../../services/police/entities/investigation.entity.js';
import { InvestigationTransition } from '../../services/police/entities/investigation-transition.entity.js';
import { ProtectionMeasure } from '../../services/police/entities/protection-measure.entity.js';
import { Statement } from '../../services/police/entities/statement.entity.js';
import { InvestigationStatus, ProtectionKind, StatementGiver } from '../../services/police/types/police-enums.js';
import { KnownReferral } from '../../services/shared/delivery/known-referral.entity.js';
import type { HubOrm } from '../../services/shared/orm.js';
import { type CaseFile, type CaseFileOptions, writeCaseFile } from './case-files.js';

// A whole case file (case-files.ts) moved to fixed times, with one more record of every kind a timeline shows, so
// that a test can write its timeline out in full: which events, in which order, with which words. Several events
// share one instant (`base` + 2 h) across all four agencies and within health, to pin the tie-break exactly.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface TimelineEventShape {
  id: string;
  at: string;
  agency: 'CENTER' | 'HEALTH' | 'POLICE' | 'GENDER_MINISTRY';
  kind: string;
  summary: string;
  recordId: string | null;
}

export interface TimelineCase extends CaseFile {
  base: Date;
  /** Every event of the case, in the timeline's order, as a caller who may see everything would see it. */
  events: TimelineEventShape[];
  referralAgency: Record<string, string>;
}

/** Bases are far enough apart that no two cases of a file book one counselling room at once. */
let written = 0;

export async function writeTimelineCase(orms: Map<string, HubOrm>, o: CaseFileOptions): Promise<TimelineCase> {
  const file = await writeCaseFile(orms, o);
  const base = new Date(Date.UTC(2026, 2, 2, 8) + written++ * 10 * DAY);
  const t = (ms: number) => new Date(base.getTime() + ms);
  const incidentAt = t(-2 * HOUR);

  const center = orms.get('center')!.em.fork();
  const c = await center.findOneOrFail(Case, file.id);
  const ctr = await center.findOneOrFail(Center, c.center.id);
  c.openedAt = base;
  c.incidentAt = incidentAt;
  const referrals = await center.find(Referral, { case: c });
  const offset: Record<string, number> = { HEALTH: 10, POLICE: 11, GENDER_MINISTRY: 12 };
  for (const r of referrals) r.referredAt = t(offset[r.agency]! * MINUTE);
  const health = referrals.find((r) => r.agency === ServiceAgency.HEALTH)!;
  center.create(ReferralTransition, {
    referral: health,
    fromStatus: 'REQUESTED',
    toStatus: 'ACCEPTED',
    at: t(20 * MINUTE),
    by: 'test',
    reason: null,
  });
  const stay = await center.findOneOrFail(SafeRoomStay, { case: c });
  stay.admittedAt = t(2 * HOUR);
  const session = await center.findOneOrFail(CounsellingSession, { case: c });
  session.startsAt = t(3 * HOUR);
  session.endsAt = t(3 * HOUR + 45 * MINUTE);
  session.notesWrittenAt = t(3 * HOUR + 50 * MINUTE);
  const call = center.create(HotlineCall, {
    center: ctr,
    line: '3512',
    channel: HotlineChannel.CALL,
    receivedAt: t(-HOUR),
    childCaller: false,
    outcome: HotlineOutcome.CASE_OPENED,
    case: c,
    recordedBy: 'test',
  });
  await center.flush();

  for (const name of ['health', 'police', 'gender-ministry']) {
    await orms.get(name)!.em.fork().nativeUpdate(KnownReferral, { caseId: file.id }, { incidentAt });
  }

  const h = orms.get('health')!.em.fork();
  const encounter = await h.findOneOrFail(Encounter, { caseId: file.id });
  encounter.seenAt = t(2 * HOUR);
  const treatments = [TreatmentKind.HIV_PEP, TreatmentKind.EMERGENCY_CONTRACEPTION].map((kind) =>
    h.create(Treatment, {
      caseId: file.id,
      centerCode: o.centerCode,
      encounter,
      kind,
      givenAt: t(2 * HOUR),
      notes: 'Synthetic treatment notes.',
      recordedBy: 'test',
    }),
  );
  // The forensic sample's chain: collected at the examination's instant (a tie with it, after it by kind), sealed,
  // handed to the police, received, handed to the RFI, acknowledged by the lab.
  const sample = await h.findOneOrFail(ForensicSample, { caseId: file.id });
  sample.collectedAt = t(2 * HOUR);
  sample.sealedAt = t(2 * HOUR + 10 * MINUTE);
  sample.handedToPoliceAt = t(2 * HOUR + 40 * MINUTE);
  await h.flush();

  const p = orms.get('police')!.em.fork();
  const receipt = await p.findOneOrFail(ForensicReceipt, { caseId: file.id });
  receipt.receivedAt = t(2 * HOUR + 50 * MINUTE);
  receipt.handedToLabAt = t(DAY);
  receipt.handedToLabBy = 'test';
  receipt.labReceivedAt = t(2 * DAY);
  receipt.labAcknowledgement = 'RFI-ACK-TEST';
  receipt.labReceiptRecordedBy = 'test';
  const investigation = await p.findOneOrFail(Investigation, { caseId: file.id });
  investigation.receivedAt = t(2 * HOUR);
  const statement = p.create(Statement, {
    investigation,
    givenBy: StatementGiver.SURVIVOR,
    takenAt: t(4 * HOUR),
    takenBy: 'test',
    text: 'Synthetic statement.',
  });
  const measure = p.create(ProtectionMeasure, {
    investigation,
    kind: ProtectionKind.NO_CONTACT_ORDER,
    details: 'Synthetic details.',
    issuedAt: t(5 * HOUR),
    issuedBy: 'test',
    liftedAt: t(30 * HOUR),
    liftedReason: 'Synthetic lifting reason.',
  });
  const move = p.create(InvestigationTransition, {
    investigation,
    fromStatus: InvestigationStatus.COMPLAINT_RECEIVED,
    toStatus: InvestigationStatus.UNDER_INVESTIGATION,
    reason: 'Synthetic reason.',
    at: t(6 * HOUR),
    by: 'test',
  });
  await p.flush();

  const g = orms.get('gender-ministry')!.em.fork();
  const plan = await g.findOneOrFail(FollowUpPlan, { caseId: file.id });
  plan.createdAt = t(2 * HOUR);
  const visit = g.create(Visit, {
    plan,
    scheduledFor: t(5 * DAY),
    visitorRole: VisitorRole.SOCIAL_WORKER,
    doneAt: t(5 * DAY),
    notes: 'Synthetic visit notes.',
    recordedBy: 'test',
  });
  const support = g.create(ReintegrationSupport, {
    plan,
    kind: SupportKind.SHELTER,
    status: SupportStatus.IN_PROGRESS,
    updatedAt: t(6 * DAY),
    updatedBy: 'test',
  });
  await g.flush();

  const referralAgency = Object.fromEntries(referrals.map((r) => [r.agency, r.id]));
  const e = (
    agency: TimelineEventShape['agency'],
    kind: string,
    at: Date,
    summary: string,
    recordId: string | null,
    key = recordId,
  ): TimelineEventShape => ({
    id: `${agency === 'GENDER_MINISTRY' ? 'gender-ministry' : agency.toLowerCase()}:${kind}:${key}`,
    at: at.toISOString(),
    agency,
    kind,
    summary,
    recordId,
  });
  const [given1, given2] = treatments.toSorted((a, b) => (a.id < b.id ? -1 : 1));
  const deadline = (ms: number) => t(-2 * HOUR + ms).toISOString();
  const visits = proposedVisits(incidentAt).map((v) =>
    e(
      'HEALTH',
      'MEDICAL_FOLLOW_UP_PROPOSED',
      new Date(`${v.proposedFor}T00:00:00+02:00`),
      `Medical follow-up visit proposed (${v.after})`,
      null,
      `visit.${v.after}`,
    ),
  );
  const events = [
    e('CENTER', 'HOTLINE_CALL', t(-HOUR), 'CALL on 3512', call.id),
    e('CENTER', 'CASE_OPENED', base, 'Case opened', file.id),
    e('CENTER', 'REFERRAL_REQUESTED', t(10 * MINUTE), 'Referred to HEALTH', referralAgency.HEALTH!),
    e('CENTER', 'REFERRAL_REQUESTED', t(11 * MINUTE), 'Referred to POLICE', referralAgency.POLICE!),
    e('CENTER', 'REFERRAL_REQUESTED', t(12 * MINUTE), 'Referred to GENDER_MINISTRY', referralAgency.GENDER_MINISTRY!),
    e('CENTER', 'REFERRAL_ACCEPTED', t(20 * MINUTE), 'Referral to HEALTH accepted', referralAgency.HEALTH!),
    // One instant, every agency: center, health, police, gender ministry; within health, by kind, then by record.
    e('CENTER', 'SAFE_ROOM_ADMITTED', t(2 * HOUR), 'Admitted to the Safe Room', stay.id),
    e('HEALTH', 'ENCOUNTER', t(2 * HOUR), 'Medical examination', encounter.id),
    e('HEALTH', 'TREATMENT_GIVEN', t(2 * HOUR), `Treatment: ${given1!.kind}`, given1!.id),
    e('HEALTH', 'TREATMENT_GIVEN', t(2 * HOUR), `Treatment: ${given2!.kind}`, given2!.id),
    e(
      'HEALTH',
      'CLOCK_MET',
      t(2 * HOUR),
      `EMERGENCY_CONTRACEPTION met, deadline ${deadline(120 * HOUR)}`,
      null,
      'clock.EMERGENCY_CONTRACEPTION',
    ),
    // The forensic sample collected at the examination meets the forensic-evidence clock.
    e(
      'HEALTH',
      'CLOCK_MET',
      t(2 * HOUR),
      `FORENSIC_EVIDENCE met, deadline ${deadline(72 * HOUR)}`,
      null,
      'clock.FORENSIC_EVIDENCE',
    ),
    e('HEALTH', 'CLOCK_MET', t(2 * HOUR), `HIV_PEP met, deadline ${deadline(72 * HOUR)}`, null, 'clock.HIV_PEP'),
    e('HEALTH', 'FORENSIC_SAMPLE_COLLECTED', t(2 * HOUR), 'Forensic sample collected: SWAB', sample.id),
    e('POLICE', 'COMPLAINT_RECORDED', t(2 * HOUR), 'Complaint recorded', investigation.id),
    e('GENDER_MINISTRY', 'FOLLOW_UP_PLAN_OPENED', t(2 * HOUR), 'Follow-up plan opened, risk HIGH', plan.id),
    e('HEALTH', 'FORENSIC_SAMPLE_SEALED', t(2 * HOUR + 10 * MINUTE), 'Forensic sample sealed', sample.id),
    e(
      'HEALTH',
      'FORENSIC_SAMPLE_HANDED_TO_POLICE',
      t(2 * HOUR + 40 * MINUTE),
      'Forensic sample handed to the police',
      sample.id,
    ),
    e(
      'POLICE',
      'FORENSIC_SAMPLE_RECEIVED',
      t(2 * HOUR + 50 * MINUTE),
      'Forensic sample received from health',
      receipt.id,
    ),
    e('POLICE', 'FORENSIC_SAMPLE_HANDED_TO_LAB', t(DAY), 'Forensic sample handed to the RFI', receipt.id),
    e('POLICE', 'FORENSIC_SAMPLE_RECEIVED_BY_LAB', t(2 * DAY), 'Forensic sample received by the RFI', receipt.id),
    e('CENTER', 'COUNSELLING_SESSION', t(3 * HOUR), 'Counselling session, adult room 1', session.id),
    e('POLICE', 'STATEMENT_TAKEN', t(4 * HOUR), 'Statement taken (SURVIVOR)', statement.id),
    e('POLICE', 'PROTECTION_ORDERED', t(5 * HOUR), 'Protection ordered: NO_CONTACT_ORDER', measure.id),
    e(
      'POLICE',
      'INVESTIGATION_STATUS_CHANGED',
      t(6 * HOUR),
      'Investigation COMPLAINT_RECEIVED -> UNDER_INVESTIGATION',
      move.id,
    ),
    e('POLICE', 'PROTECTION_LIFTED', t(30 * HOUR), 'Protection lifted: NO_CONTACT_ORDER', measure.id),
    e('GENDER_MINISTRY', 'FOLLOW_UP_VISIT_DONE', t(5 * DAY), 'Visit done (SOCIAL_WORKER)', visit.id),
    e('GENDER_MINISTRY', 'REINTEGRATION_SUPPORT', t(6 * DAY), 'SHELTER: IN_PROGRESS', support.id),
    e(
      'HEALTH',
      'CLOCK_MISSED',
      t(-2 * HOUR + 14 * DAY),
      `HEPATITIS_B_VACCINE missed, deadline ${deadline(14 * DAY)}`,
      null,
      'clock.HEPATITIS_B_VACCINE',
    ),
    ...visits,
  ].toSorted((a, b) => a.at.localeCompare(b.at));
  return { ...file, base, events, referralAgency };
}
