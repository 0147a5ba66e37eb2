import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/database.js';
import { type Stack, startStack } from '../helpers/stack.js';

// The README's walkthrough, as its operations: one survivor's path from reception to follow-up, each step sent by the
// demo user of the agency that takes it, through the gateway. If the README's operations change, this changes with it.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(await testDatabase());
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function as<T = Record<string, unknown>>(login: string, query: string, variables: Record<string, unknown> = {}) {
  const r = await stack.query(await stack.token(login), query, variables);
  expect(r.body.errors).toBeUndefined();
  return r.body.data as T;
}

/** Until the center's outbox has told `agency` of the referral: moments, in practice. */
async function delivered(agency: string, referralId: string): Promise<void> {
  const schema = agency === 'gender-ministry' ? 'gender_ministry' : agency;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const rows = await stack.orms
      .get(agency)!
      .em.fork()
      .getConnection()
      .execute(`select 1 from "${schema}"."known_referral" where referral_id = ?`, [referralId]);
    if (rows.length > 0 || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a survivor's path, as each agency's demo user", () => {
  it('reception to follow-up: intake, consent, referrals, care, complaint, protection, follow-up, one case file', async () => {
    const incidentAt = new Date(Date.now() - 20 * HOUR).toISOString();
    // 1. Reception opens the case, once, whatever the retries.
    const key = randomUUID();
    const intake = {
      centerCode: 'GASABO-1',
      survivor: { sex: 'FEMALE', estimatedAge: 24, givenName: 'Demo', familyName: 'Survivor' },
      incidentAt,
      incidentType: 'RAPE',
      needs: ['MEDICAL', 'POLICE', 'PSYCHOSOCIAL', 'FOLLOW_UP'],
      idempotencyKey: key,
    };
    const OPEN = `mutation($i: OpenCaseInput!) { openCase(input: $i) { id caseNumber } }`;
    const { openCase } = await as<{ openCase: { id: string; caseNumber: string } }>('reception', OPEN, { i: intake });
    expect(await as('reception', OPEN, { i: intake })).toEqual({ openCase }); // a retry answers the same case
    const caseId = openCase.id;

    // 2. The survivor consents to share with each agency; reception refers the case to each.
    const referrals: Record<string, string> = {};
    for (const agency of ['HEALTH', 'POLICE', 'GENDER_MINISTRY']) {
      await as('reception', `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`, {
        i: { caseId, scope: agency, givenBy: 'SURVIVOR' },
      });
      const { referCase } = await as<{ referCase: { id: string; status: string } }>(
        'reception',
        `mutation($i: ReferCaseInput!) { referCase(input: $i) { id status } }`,
        { i: { caseId, agency } },
      );
      expect(referCase.status).toBe('REQUESTED');
      referrals[agency] = referCase.id;
    }
    const MINE = `query($id: ID!) { case(id: $id) { referralsToYou { id status } } }`;
    const ACCEPT = `mutation($i: ReferralMoveInput!) { acceptReferral(input: $i) { status } }`;

    // 3. The clinician finds the referral to health, accepts it, sees the survivor and gives PEP.
    await delivered('health', referrals.HEALTH!);
    expect(await as('clinician', MINE, { id: caseId })).toEqual({
      case: { referralsToYou: [{ id: referrals.HEALTH, status: 'REQUESTED' }] },
    });
    expect(await as('clinician', ACCEPT, { i: { referralId: referrals.HEALTH } })).toEqual({
      acceptReferral: { status: 'ACCEPTED' },
    });
    const { recordEncounter } = await as<{ recordEncounter: { id: string } }>(
      'clinician',
      `mutation($i: RecordEncounterInput!) { recordEncounter(input: $i) { id } }`,
      {
        i: { caseId, seenAt: new Date(Date.now() - HOUR).toISOString(), findings: 'Examined.', injuriesObserved: true },
      },
    );
    await as('clinician', `mutation($i: RecordTreatmentInput!) { recordTreatment(input: $i) { id } }`, {
      i: {
        caseId,
        encounterId: recordEncounter.id,
        kind: 'HIV_PEP',
        givenAt: new Date(Date.now() - HOUR).toISOString(),
      },
    });

    // The clocks run from the incident, 20 hours ago: PEP given in time; the others still open.
    const clocks = await as<{ case: { medical: { clocks: { clock: string; status: string }[] } } }>(
      'clinician',
      `query($id: ID!) { case(id: $id) { medical { clocks { clock status } } } }`,
      { id: caseId },
    );
    expect(clocks.case.medical.clocks).toEqual([
      { clock: 'HIV_PEP', status: 'MET' },
      { clock: 'EMERGENCY_CONTRACEPTION', status: 'DUE' },
      { clock: 'HEPATITIS_B_VACCINE', status: 'DUE' },
      { clock: 'FORENSIC_EVIDENCE', status: 'DUE' },
    ]);

    // Forensic evidence, collected by its RFI barcode, sealed and handed to the police; the examination's report.
    const barcode = 'RFI-2026-004211';
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    await as('clinician', `mutation($i: CollectForensicSampleInput!) { collectForensicSample(input: $i) { id } }`, {
      i: { caseId, barcode, kind: 'SWAB', collectedAt: minutesAgo(50) },
    });
    await as('clinician', `mutation($i: SealForensicSampleInput!) { sealForensicSample(input: $i) { id } }`, {
      i: { barcode, sealedAt: minutesAgo(45) },
    });
    await as(
      'clinician',
      `mutation($i: HandForensicSampleToPoliceInput!) { handForensicSampleToPolice(input: $i) { id } }`,
      { i: { barcode, handedAt: minutesAgo(30), handedTo: 'RIB desk, Kacyiru' } },
    );
    await as('clinician', `mutation($i: RecordMedicoLegalReportInput!) { recordMedicoLegalReport(input: $i) { id } }`, {
      i: {
        caseId,
        examinedAt: minutesAgo(55),
        findings: 'Findings consistent with the account.',
        signedBy: 'Dr. Demo',
      },
    });

    // 4. The investigator accepts the referral to the police, records the complaint and the statement, orders a
    //    no-contact order and opens the investigation, saying why.
    await delivered('police', referrals.POLICE!);
    await as('investigator', ACCEPT, { i: { referralId: referrals.POLICE } });
    const { recordComplaint } = await as<{ recordComplaint: { id: string } }>(
      'investigator',
      `mutation($i: RecordComplaintInput!) { recordComplaint(input: $i) { id } }`,
      { i: { caseId, complaintNumber: `RIB/GSB/${key.slice(0, 8)}`, receivedAt: new Date().toISOString() } },
    );
    const investigationId = recordComplaint.id;
    await as('investigator', `mutation($i: RecordStatementInput!) { recordStatement(input: $i) { id } }`, {
      i: { investigationId, givenBy: 'SURVIVOR', takenAt: new Date().toISOString(), text: 'Her account.' },
    });
    await as('investigator', `mutation($i: OrderProtectionInput!) { orderProtection(input: $i) { id } }`, {
      i: {
        investigationId,
        kind: 'NO_CONTACT_ORDER',
        details: 'No contact with the survivor or her family.',
        issuedAt: new Date().toISOString(),
      },
    });
    await as(
      'investigator',
      `mutation($i: UpdateInvestigationStatusInput!) { updateInvestigationStatus(input: $i) { id } }`,
      { i: { investigationId, status: 'UNDER_INVESTIGATION', reason: 'Statement taken; the suspect is named.' } },
    );

    // The investigator receives the sample, hands it to the RFI and records its acknowledgement: the whole chain.
    await as('investigator', `mutation($i: ReceiveForensicSampleInput!) { receiveForensicSample(input: $i) { id } }`, {
      i: { caseId, barcode, receivedAt: minutesAgo(20) },
    });
    await as(
      'investigator',
      `mutation($i: HandForensicSampleToLabInput!) { handForensicSampleToLab(input: $i) { id } }`,
      {
        i: { caseId, barcode, handedAt: minutesAgo(10) },
      },
    );
    await as('investigator', `mutation($i: RecordLabReceiptInput!) { recordLabReceipt(input: $i) { id } }`, {
      i: { caseId, barcode, receivedAt: minutesAgo(1), acknowledgement: 'RFI/ACK/2026/0042' },
    });
    expect(
      await as(
        'investigator',
        `query($id: ID!) { case(id: $id) { forensicSamples { barcode custody { step } }
          forensicCustody { barcode status handoverConfirmed problems { kind } } medicoLegalReport { signedBy } } }`,
        { id: caseId },
      ),
    ).toEqual({
      case: {
        forensicSamples: [
          { barcode, custody: [{ step: 'COLLECTED' }, { step: 'SEALED' }, { step: 'HANDED_TO_POLICE' }] },
        ],
        forensicCustody: [{ barcode, status: 'AT_LAB', handoverConfirmed: true, problems: [] }],
        medicoLegalReport: { signedBy: 'Dr. Demo' },
      },
    });

    // 5. The social worker accepts the referral to the ministry, assesses, plans follow-up and a first visit.
    await delivered('gender-ministry', referrals.GENDER_MINISTRY!);
    await as('social-worker', ACCEPT, { i: { referralId: referrals.GENDER_MINISTRY } });
    const { createFollowUpPlan } = await as<{ createFollowUpPlan: { id: string } }>(
      'social-worker',
      `mutation($i: CreateFollowUpPlanInput!) { createFollowUpPlan(input: $i) { id } }`,
      { i: { caseId, factors: ['LIVES_WITH_ABUSER', 'NO_INCOME'], plan: 'Weekly visits; shelter first.' } },
    );
    const visitOn = new Date(Date.now() + 14 * DAY).toISOString();
    await as('social-worker', `mutation($i: ScheduleVisitInput!) { scheduleVisit(input: $i) { id } }`, {
      i: { planId: createFollowUpPlan.id, scheduledFor: visitOn, visitorRole: 'SOCIAL_WORKER' },
    });
    await as(
      'social-worker',
      `mutation($i: SetReintegrationSupportInput!) { setReintegrationSupport(input: $i) { id } }`,
      { i: { planId: createFollowUpPlan.id, kind: 'SHELTER', status: 'IN_PROGRESS' } },
    );

    // 6. The case manager reads the whole file, as each agency has shared it.
    expect(
      await as(
        'case-manager',
        `query($id: ID!) { case(id: $id) {
        caseNumber referrals { agency status }
        medical { treatments { kind } }
        investigation { status history { toStatus reason } protectionMeasures { kind } }
        followUp { riskLevel factors visits { scheduledFor doneAt } support { kind status } } } }`,
        { id: caseId },
      ),
    ).toEqual({
      case: {
        caseNumber: openCase.caseNumber,
        referrals: [
          { agency: 'HEALTH', status: 'ACCEPTED' },
          { agency: 'POLICE', status: 'ACCEPTED' },
          { agency: 'GENDER_MINISTRY', status: 'ACCEPTED' },
        ],
        medical: { treatments: [{ kind: 'HIV_PEP' }] },
        investigation: {
          status: 'UNDER_INVESTIGATION',
          history: [{ toStatus: 'UNDER_INVESTIGATION', reason: 'Statement taken; the suspect is named.' }],
          protectionMeasures: [{ kind: 'NO_CONTACT_ORDER' }],
        },
        followUp: {
          riskLevel: 'HIGH',
          factors: ['LIVES_WITH_ABUSER', 'NO_INCOME'],
          visits: [{ scheduledFor: visitOn, doneAt: null }],
          support: [{ kind: 'SHELTER', status: 'IN_PROGRESS' }],
        },
      },
    });

    // 7. Health's part is done: the clinician completes the referral.
    expect(
      await as('clinician', `mutation($i: ReferralMoveInput!) { completeReferral(input: $i) { status } }`, {
        i: { referralId: referrals.HEALTH },
      }),
    ).toEqual({ completeReferral: { status: 'COMPLETED' } });

    // 8. The case manager reads the case's timeline: every agency's events in time order, each as its agency's rules
    //    let a case manager see them (no statement: those stay with the investigators), then what is still ahead.
    const { case: withTimeline } = await as<{
      case: { timeline: { events: { agency: string; kind: string }[]; gaps: unknown[] } };
    }>(
      'case-manager',
      `query($id: ID!) { case(id: $id) { timeline(first: 50) { events { agency kind } gaps { agency reason } } } }`,
      { id: caseId },
    );
    const e = (agency: string, kind: string) => ({ agency, kind });
    expect(withTimeline.timeline).toEqual({
      events: [
        // The clinician recorded care given an hour before the case was opened at reception: PEP, and the forensic
        // sample whose collection meets the forensic-evidence clock (the sample itself is for forensic:read only).
        e('HEALTH', 'ENCOUNTER'),
        e('HEALTH', 'TREATMENT_GIVEN'),
        e('HEALTH', 'CLOCK_MET'),
        e('HEALTH', 'CLOCK_MET'),
        e('CENTER', 'CASE_OPENED'),
        e('CENTER', 'REFERRAL_REQUESTED'),
        e('CENTER', 'REFERRAL_REQUESTED'),
        e('CENTER', 'REFERRAL_REQUESTED'),
        e('CENTER', 'REFERRAL_ACCEPTED'),
        e('CENTER', 'REFERRAL_ACCEPTED'),
        e('POLICE', 'COMPLAINT_RECORDED'),
        e('POLICE', 'PROTECTION_ORDERED'),
        e('POLICE', 'INVESTIGATION_STATUS_CHANGED'),
        e('CENTER', 'REFERRAL_ACCEPTED'),
        e('GENDER_MINISTRY', 'FOLLOW_UP_PLAN_OPENED'),
        e('GENDER_MINISTRY', 'REINTEGRATION_SUPPORT'),
        e('CENTER', 'REFERRAL_COMPLETED'),
        // Ahead: the clocks still due, the follow-up visits proposed and the one scheduled.
        e('HEALTH', 'CLOCK_DUE'),
        e('HEALTH', 'MEDICAL_FOLLOW_UP_PROPOSED'),
        e('HEALTH', 'CLOCK_DUE'),
        e('GENDER_MINISTRY', 'FOLLOW_UP_VISIT_SCHEDULED'),
        e('HEALTH', 'MEDICAL_FOLLOW_UP_PROPOSED'),
        e('HEALTH', 'MEDICAL_FOLLOW_UP_PROPOSED'),
      ],
      gaps: [],
    });
  }, 60_000);
});
