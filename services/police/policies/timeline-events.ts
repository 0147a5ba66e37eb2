import type { EventSource } from '../../shared/timeline/agency-events.js';
import type { SliceAccess } from '../../shared/agency-case.js';
import type { HubContext } from '../../shared/context.js';
import type { Investigation } from '../entities/investigation.entity.js';
import {
  historyByInvestigation,
  investigationByCase,
  protectionByInvestigation,
  statementsByInvestigation,
} from '../loaders/investigation.loaders.js';
import { receiptsByCase } from '../loaders/forensic.loaders.js';

// The police's events of a case, for the center's timeline: what `Case.investigation` shows this caller, each under
// the scope of the field that lists it (statements only to investigators), said without reasons, details or words.
// A new kind of event is one more source here and its kind in shared/timeline/kinds.ts.

/** The investigation the slice shows: recorded at the case's center. */
async function shownInvestigation(ctx: HubContext, slice: SliceAccess): Promise<Investigation | null> {
  const found = await investigationByCase(ctx).load(slice.caseId);
  return found && found.centerCode === slice.where.centerCode ? found : null;
}

const complaint: EventSource<'police'> = {
  scope: 'police:read',
  events: async (ctx, slice) => {
    const i = await shownInvestigation(ctx, slice);
    return i
      ? [{ at: i.receivedAt, kind: 'COMPLAINT_RECORDED' as const, summary: 'Complaint recorded', recordId: i.id }]
      : [];
  },
};

const transitions: EventSource<'police'> = {
  scope: 'police:read',
  events: async (ctx, slice) => {
    const i = await shownInvestigation(ctx, slice);
    return (i ? await historyByInvestigation(ctx).load(i.id) : []).map((t) => ({
      at: t.at,
      kind: 'INVESTIGATION_STATUS_CHANGED' as const,
      summary: `Investigation ${t.fromStatus} -> ${t.toStatus}`,
      recordId: t.id,
    }));
  },
};

const statements: EventSource<'police'> = {
  scope: 'police:statements',
  events: async (ctx, slice) => {
    const i = await shownInvestigation(ctx, slice);
    return (i ? await statementsByInvestigation(ctx).load(i.id) : []).map((s) => ({
      at: s.takenAt,
      kind: 'STATEMENT_TAKEN' as const,
      summary: `Statement taken (${s.givenBy})`,
      recordId: s.id,
    }));
  },
};

const protection: EventSource<'police'> = {
  scope: 'police:read',
  events: async (ctx, slice) => {
    const i = await shownInvestigation(ctx, slice);
    return (i ? await protectionByInvestigation(ctx).load(i.id) : []).flatMap((m) => [
      { at: m.issuedAt, kind: 'PROTECTION_ORDERED' as const, summary: `Protection ordered: ${m.kind}`, recordId: m.id },
      ...(m.liftedAt
        ? [
            {
              at: m.liftedAt,
              kind: 'PROTECTION_LIFTED' as const,
              summary: `Protection lifted: ${m.kind}`,
              recordId: m.id,
            },
          ]
        : []),
    ]);
  },
};

// The police's side of each forensic sample's custody, as `Case.forensicCustody` shows it (forensic:read): received
// from health, handed to the RFI, the lab's receipt from its acknowledgement.
const custody: EventSource<'police'> = {
  scope: 'forensic:read',
  events: async (ctx, slice) =>
    (await receiptsByCase(ctx).load(slice.caseId))
      .filter((r) => r.centerCode === slice.where.centerCode)
      .flatMap((r) => [
        {
          at: r.receivedAt,
          kind: 'FORENSIC_SAMPLE_RECEIVED' as const,
          summary: 'Forensic sample received from health',
          recordId: r.id,
        },
        ...(r.handedToLabAt
          ? [
              {
                at: r.handedToLabAt,
                kind: 'FORENSIC_SAMPLE_HANDED_TO_LAB' as const,
                summary: 'Forensic sample handed to the RFI',
                recordId: r.id,
              },
            ]
          : []),
        ...(r.labReceivedAt
          ? [
              {
                at: r.labReceivedAt,
                kind: 'FORENSIC_SAMPLE_RECEIVED_BY_LAB' as const,
                summary: 'Forensic sample received by the RFI',
                recordId: r.id,
              },
            ]
          : []),
      ]),
};

/** Every source of the police's timeline events. */
export const policeTimeline = [complaint, transitions, statements, protection, custody];
