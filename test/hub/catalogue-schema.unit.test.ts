import { readFile } from 'node:fs/promises';
import { buildASTSchema, getNamedType, type GraphQLObjectType, isObjectType, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { authDirectiveNames, fieldRules, type Rule, typeRules } from '../../gateway/authorization/directives.js';
import { Scopes } from '../../services/shared/catalogue.js';

// The permission catalogue says in words what each scope shows; the schema's directives decide it. They must say the
// same thing: here, everything a holder of case:read alone reaches from a case, walked in the composed supergraph,
// against the list the catalogue's words describe.

const sdl = await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
const doc = parse(sdl);
const schema = buildASTSchema(doc, { assumeValid: true, assumeValidSDL: true });
const names = authDirectiveNames(doc);

const allowsWith = (scopes: string[]) => (r: Rule) =>
  r.kind === 'authenticated' || (r.kind === 'scopes' && r.anyOf.some((all) => all.every((s) => scopes.includes(s))));

/** Every Type.field a holder of `scopes` reaches from Query.case (or another root field), through fields they may see. */
function reachable(scopes: string[], root = 'case'): string[] {
  const allows = allowsWith(scopes);
  const seen = new Set<string>();
  const out: string[] = [];
  const walk = (type: GraphQLObjectType) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    for (const f of Object.values(type.getFields())) {
      if (f.astNode?.directives?.some((d) => d.name.value === 'inaccessible')) continue;
      const named = getNamedType(f.type);
      if (![...fieldRules(f, names), ...typeRules(named, names)].every(allows)) continue;
      out.push(`${type.name}.${f.name}`);
      if (isObjectType(named)) walk(named);
    }
  };
  walk(getNamedType(schema.getQueryType()!.getFields()[root]!.type) as GraphQLObjectType);
  return out.sort();
}

/** The root fields a holder of `scopes` may ask. */
function roots(scopes: string[]): string[] {
  const allows = allowsWith(scopes);
  return Object.values(schema.getQueryType()!.getFields())
    .filter((f) => !f.astNode?.directives?.some((d) => d.name.value === 'inaccessible'))
    .filter((f) => [...fieldRules(f, names), ...typeRules(getNamedType(f.type), names)].every(allows))
    .map((f) => f.name)
    .sort();
}

describe('the catalogue and the schema say the same', () => {
  it(`case:read: ${Scopes['case:read']}`, () => {
    expect(reachable(['case:read'])).toEqual([
      'Case.caseManager',
      'Case.caseNumber',
      'Case.center',
      'Case.id',
      'Case.incidentAt',
      'Case.incidentType',
      'Case.needs',
      'Case.openedAt',
      'Case.status',
      'Case.survivor',
      'Center.adultRooms',
      'Center.childRooms',
      'Center.code',
      'Center.district',
      'Center.hospital',
      'Center.id',
      'Center.name',
      'Center.province',
      'Center.safeRoomBeds',
      'Survivor.age',
      'Survivor.child',
      'Survivor.code',
      'Survivor.id',
      'Survivor.sex',
    ]);
  });

  it(`survivor:identity adds: ${Scopes['survivor:identity']}`, () => {
    const added = reachable(['case:read', 'survivor:identity']).filter((f) => !reachable(['case:read']).includes(f));
    expect(added).toEqual([
      'Guardian.name',
      'Guardian.phone',
      'Guardian.relationship',
      'Survivor.dateOfBirth',
      'Survivor.estimatedAge',
      'Survivor.identity',
      'Survivor.nationality',
      'SurvivorIdentity.familyName',
      'SurvivorIdentity.givenName',
      'SurvivorIdentity.guardian',
      'SurvivorIdentity.phone',
    ]);
  });

  /** Every field of a referral and its history, which either referral scope opens. */
  const REFERRAL_FIELDS = [
    'Referral.agency',
    'Referral.history',
    'Referral.id',
    'Referral.referredAt',
    'Referral.referredBy',
    'Referral.status',
    'Referral.statusChangedAt',
    'Referral.statusReason',
    'Referral.version',
    'ReferralTransition.at',
    'ReferralTransition.by',
    'ReferralTransition.fromStatus',
    'ReferralTransition.id',
    'ReferralTransition.reason',
    'ReferralTransition.toStatus',
  ];

  it(`referral:read adds: ${Scopes['referral:read']}`, () => {
    const added = reachable(['case:read', 'referral:read']).filter((f) => !reachable(['case:read']).includes(f));
    expect(added).toEqual([
      'Case.referrals',
      'Case.servicePlan',
      'PlannedService.agency',
      'PlannedService.need',
      'PlannedService.step',
      ...REFERRAL_FIELDS,
    ]);
  });

  it(`referral:respond adds: ${Scopes['referral:respond']}`, () => {
    const added = reachable(['case:read', 'referral:respond']).filter((f) => !reachable(['case:read']).includes(f));
    expect(added).toEqual(['Case.referralsToYou', ...REFERRAL_FIELDS]);
  });

  it(`safe-room:read adds: ${Scopes['safe-room:read']}`, () => {
    const added = reachable(['case:read', 'safe-room:read']).filter((f) => !reachable(['case:read']).includes(f));
    expect(added).toEqual([
      'Case.safeRoomStays',
      'Center.safeRoom',
      'SafeRoomOccupancy.beds',
      'SafeRoomOccupancy.free',
      'SafeRoomOccupancy.occupied',
      'SafeRoomStay.admittedAt',
      'SafeRoomStay.admittedBy',
      'SafeRoomStay.center',
      'SafeRoomStay.dischargedAt',
      'SafeRoomStay.dischargedBy',
      'SafeRoomStay.id',
    ]);
  });

  const SESSION_FIELDS = [
    'CounsellingSession.bookedBy',
    'CounsellingSession.cancelledAt',
    'CounsellingSession.cancelledBy',
    'CounsellingSession.endsAt',
    'CounsellingSession.id',
    'CounsellingSession.notesWrittenAt',
    'CounsellingSession.psychologist',
    'CounsellingSession.roomKind',
    'CounsellingSession.roomNumber',
    'CounsellingSession.startsAt',
  ];

  it(`counselling:read adds: ${Scopes['counselling:read']}`, () => {
    const added = reachable(['case:read', 'counselling:read']).filter((f) => !reachable(['case:read']).includes(f));
    expect(added).toEqual(['Case.counsellingSessions', ...SESSION_FIELDS]);
  });

  it(`counselling:notes adds: ${Scopes['counselling:notes']}`, () => {
    const withNotes = reachable(['case:read', 'counselling:read', 'counselling:notes']);
    expect(withNotes.filter((f) => !reachable(['case:read', 'counselling:read']).includes(f))).toEqual([
      'CounsellingSession.notes',
    ]);
  });

  it(`timeline:read adds: ${Scopes['timeline:read']}`, () => {
    const added = reachable(['case:read', 'timeline:read']).filter((f) => !reachable(['case:read']).includes(f));
    // What each event says is bounded by the scopes of the records it is about, checked by each agency for its own
    // events (test/gateway/timeline.test.ts): the fields themselves say only when, whose, what and which record.
    expect(added).toEqual([
      'Case.timeline',
      'PageInfo.endCursor',
      'PageInfo.hasNextPage',
      'TimelineEvent.agency',
      'TimelineEvent.at',
      'TimelineEvent.id',
      'TimelineEvent.kind',
      'TimelineEvent.recordId',
      'TimelineEvent.summary',
      'TimelineGap.agency',
      'TimelineGap.reason',
      'TimelinePage.events',
      'TimelinePage.gaps',
      'TimelinePage.pageInfo',
    ]);
  });

  // Health's samples with its side of the chain, and the police's chains with theirs; not the medico-legal report,
  // nor health's handovers to the police (inaccessible: only the planner asks for them).
  it(`forensic:read adds: ${Scopes['forensic:read']}`, () => {
    const added = reachable(['case:read', 'forensic:read']).filter((f) => !reachable(['case:read']).includes(f));
    expect(added).toEqual([
      'Case.forensicCustody',
      'Case.forensicSamples',
      'CustodyChain.barcode',
      'CustodyChain.handoverConfirmed',
      'CustodyChain.problems',
      'CustodyChain.receipt',
      'CustodyChain.status',
      'CustodyProblem.detail',
      'CustodyProblem.kind',
      'ForensicReceipt.barcode',
      'ForensicReceipt.handedToLabAt',
      'ForensicReceipt.handedToLabBy',
      'ForensicReceipt.id',
      'ForensicReceipt.labAcknowledgement',
      'ForensicReceipt.labReceiptRecordedBy',
      'ForensicReceipt.labReceivedAt',
      'ForensicReceipt.receivedAt',
      'ForensicReceipt.receivedBy',
      'ForensicSample.barcode',
      'ForensicSample.collectedAt',
      'ForensicSample.collectedBy',
      'ForensicSample.custody',
      'ForensicSample.handedTo',
      'ForensicSample.handedToPoliceAt',
      'ForensicSample.handedToPoliceBy',
      'ForensicSample.id',
      'ForensicSample.kind',
      'ForensicSample.sealedAt',
      'ForensicSample.sealedBy',
      'HealthCustodyEvent.at',
      'HealthCustodyEvent.by',
      'HealthCustodyEvent.handedTo',
      'HealthCustodyEvent.step',
    ]);
  });

  it(`medico-legal:read adds: ${Scopes['medico-legal:read']}`, () => {
    const added = reachable(['case:read', 'medico-legal:read']).filter((f) => !reachable(['case:read']).includes(f));
    expect(added).toEqual([
      'Case.medicoLegalReport',
      'MedicoLegalReport.examinedAt',
      'MedicoLegalReport.examinedBy',
      'MedicoLegalReport.findings',
      'MedicoLegalReport.id',
      'MedicoLegalReport.signedBy',
    ]);
  });

  it(`stats:read: ${Scopes['stats:read']}`, () => {
    // The analyst's token: besides what any signed-in caller may ask, only the statistics, which hold counts.
    const added = roots(['stats:read']).filter((f) => !roots([]).includes(f));
    const statistics = [
      'clockStatistics',
      'followUpStatistics',
      'intakeStatistics',
      'investigationStatistics',
      'needStatistics',
      'prosecutionStatistics',
      'safeRoomStatistics',
      'treatmentStatistics',
    ];
    expect(added).toEqual(statistics);
    for (const root of statistics)
      expect(reachable(['stats:read'], root)).toEqual([
        'StatisticsCell.column',
        'StatisticsCell.count',
        'StatisticsCell.row',
        'StatisticsCell.suppressed',
        'StatisticsTable.cells',
        'StatisticsTable.columnLabels',
        'StatisticsTable.columnTotals',
        'StatisticsTable.columns',
        'StatisticsTable.csv',
        'StatisticsTable.from',
        'StatisticsTable.period',
        'StatisticsTable.rowLabels',
        'StatisticsTable.rowTotals',
        'StatisticsTable.rows',
        'StatisticsTable.statistic',
        'StatisticsTable.threshold',
        'StatisticsTable.to',
        'StatisticsTable.total',
      ]);
  });
});
