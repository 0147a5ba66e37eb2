import type { EventSource } from '../../shared/timeline/agency-events.js';
import { ClockStatus } from '../types/clinical-clock.js';
import {
  encountersByCase,
  notApplicableByCase,
  referralsByCase,
  treatmentsByCase,
} from '../loaders/medical.loaders.js';
import { clockEvidenceOf } from '../loaders/clock-evidence.loaders.js';
import { samplesByCase } from '../loaders/forensic.loaders.js';
import { proposedVisits, readClocks } from './clinical-clocks.js';

// Health's events of a case, for the center's timeline: each source reads what `Case.medical` shows this caller (the
// records made at the case's center, under the scope of the field that lists them) and says it in a few words, with
// no findings and no notes. A new kind of event is one more source here and its kind in shared/timeline/kinds.ts.

const encounters: EventSource<'health'> = {
  scope: 'medical:read',
  events: async (ctx, slice) =>
    (await encountersByCase(ctx).load(slice.caseId))
      .filter((e) => e.centerCode === slice.where.centerCode)
      .map((e) => ({ at: e.seenAt, kind: 'ENCOUNTER' as const, summary: 'Medical examination', recordId: e.id })),
};

const treatments: EventSource<'health'> = {
  scope: 'medical:read',
  events: async (ctx, slice) =>
    (await treatmentsByCase(ctx).load(slice.caseId))
      .filter((t) => t.centerCode === slice.where.centerCode)
      .map((t) => ({
        at: t.givenAt,
        kind: 'TREATMENT_GIVEN' as const,
        summary: `Treatment: ${t.kind}`,
        recordId: t.id,
      })),
};

// One event per clock, at the moment that decided it: when it was met, when it closed unmet, when a clinician said
// it does not apply; a clock still due shows its deadline ahead.
const clocks: EventSource<'health'> = {
  scope: 'medical:read',
  events: async (ctx, slice) => {
    const [[latest], given, notApplicable] = await Promise.all([
      referralsByCase(ctx).load(slice.caseId),
      clockEvidenceOf(ctx, slice.caseId),
      notApplicableByCase(ctx).load(slice.caseId),
    ]);
    if (!latest) return [];
    const here = <T extends { centerCode: string }>(xs: T[]) =>
      xs.filter((x) => x.centerCode === slice.where.centerCode);
    const deadline = (d: Date) => `deadline ${d.toISOString()}`;
    return readClocks(latest.incidentAt, here(given), here(notApplicable), new Date()).map((c) => {
      const key = `clock.${c.clock}`;
      switch (c.status) {
        case ClockStatus.MET:
          return {
            at: c.givenAt ?? c.deadline,
            kind: 'CLOCK_MET' as const,
            summary: `${c.clock} met, ${deadline(c.deadline)}`,
            recordId: null,
            key,
          };
        case ClockStatus.NOT_APPLICABLE:
          return {
            at: c.notApplicable?.createdAt ?? c.deadline,
            kind: 'CLOCK_NOT_APPLICABLE' as const,
            summary: `${c.clock} recorded not applicable`,
            recordId: c.notApplicable?.id ?? null,
            key,
          };
        case ClockStatus.MISSED:
          return {
            at: c.deadline,
            kind: 'CLOCK_MISSED' as const,
            summary: `${c.clock} missed, ${deadline(c.deadline)}`,
            recordId: null,
            key,
          };
        default:
          return {
            at: c.deadline,
            kind: 'CLOCK_DUE' as const,
            summary: `${c.clock} due, ${deadline(c.deadline)}`,
            recordId: null,
            key,
          };
      }
    });
  },
};

const followUpVisits: EventSource<'health'> = {
  scope: 'medical:read',
  events: async (ctx, slice) => {
    const [latest] = await referralsByCase(ctx).load(slice.caseId);
    if (!latest) return [];
    // A proposed visit is a day in Kigali (UTC+2): its event stands at the start of that day.
    return proposedVisits(latest.incidentAt).map((v) => ({
      at: new Date(`${v.proposedFor}T00:00:00+02:00`),
      kind: 'MEDICAL_FOLLOW_UP_PROPOSED' as const,
      summary: `Medical follow-up visit proposed (${v.after})`,
      recordId: null,
      key: `visit.${v.after}`,
    }));
  },
};

// Health's side of each forensic sample's custody, as `Case.forensicSamples` shows it (forensic:read): collected,
// sealed, handed to the police. The barcode stays in the sample, which the event names.
const custody: EventSource<'health'> = {
  scope: 'forensic:read',
  events: async (ctx, slice) =>
    (await samplesByCase(ctx).load(slice.caseId))
      .filter((s) => s.centerCode === slice.where.centerCode)
      .flatMap((s) => [
        {
          at: s.collectedAt,
          kind: 'FORENSIC_SAMPLE_COLLECTED' as const,
          summary: `Forensic sample collected: ${s.kind}`,
          recordId: s.id,
        },
        ...(s.sealedAt
          ? [
              {
                at: s.sealedAt,
                kind: 'FORENSIC_SAMPLE_SEALED' as const,
                summary: 'Forensic sample sealed',
                recordId: s.id,
              },
            ]
          : []),
        ...(s.handedToPoliceAt
          ? [
              {
                at: s.handedToPoliceAt,
                kind: 'FORENSIC_SAMPLE_HANDED_TO_POLICE' as const,
                summary: 'Forensic sample handed to the police',
                recordId: s.id,
              },
            ]
          : []),
      ]),
};

/** Every source of health's timeline events. */
export const healthTimeline = [encounters, treatments, clocks, followUpVisits, custody];
